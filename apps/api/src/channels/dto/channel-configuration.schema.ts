import type { ApiPropertyOptions } from '@nestjs/swagger';
import { channelConfigurationJsonSchema } from '@publishing/channels';
import { ChannelType } from '@publishing/db';

/**
 * The `configuration` of a channel as OpenAPI shows it: one schema per channel type, generated
 * from the type's definition in `@publishing/channels` (the one the API validates with). A type
 * the database knows without a definition there does not compile.
 */
export const channelConfigurationSchemas = Object.values(ChannelType).map((type) => ({
  title: `${type} channel configuration`,
  ...channelConfigurationJsonSchema(type),
})) as NonNullable<ApiPropertyOptions['anyOf']>;

export const CHANNEL_CONFIGURATION_DESCRIPTION =
  'Per-type settings; `channel_type` says which schema applies. Every field is optional when stored (the channel then answers `configured: false` and names what it lacks); unknown keys are kept. Secrets are write-only: fields marked `x-secret`, every webhook header value, the user-info of any URL and every unknown key are answered masked (`****` and, for long values, their last four characters); sending a masked value back keeps the stored one.';
