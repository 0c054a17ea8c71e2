import { ChannelType } from '@publishing/db';
import { buildMessage, isUUID, ValidateBy, type ValidationOptions } from 'class-validator';

const CHANNEL_TYPES: readonly string[] = Object.values(ChannelType);

const isChannelType = (value: unknown): value is ChannelType =>
  typeof value === 'string' && CHANNEL_TYPES.includes(value);

/**
 * Each item a channel id or a channel type: the old service's clients (its demo page) send
 * types (`["email", "slack"]`) in `preferred_channels`.
 */
export function IsChannelIdOrType(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isChannelIdOrType',
      validator: {
        validate: (value: unknown) => isChannelType(value) || isUUID(value),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be channel ids (UUIDs) or channel types (${CHANNEL_TYPES.join(', ')})`,
          options,
        ),
      },
    },
    options,
  );
}

/** `preferred_channels` split into the channel ids to subscribe to and the types it named. */
export function splitPreferredChannels(items: string[]): { ids: string[]; types: ChannelType[] } {
  return {
    ids: items.filter((item) => !isChannelType(item)),
    types: items.filter(isChannelType),
  };
}
