import * as z from 'zod';
import { channelDefinitions, type ChannelType } from '../definitions';

/** A type's configuration as JSON Schema (OpenAPI 3.0 dialect) for the API's document. */
export function channelConfigurationJsonSchema(type: ChannelType): Record<string, unknown> {
  return z.toJSONSchema(channelDefinitions[type].schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  });
}
