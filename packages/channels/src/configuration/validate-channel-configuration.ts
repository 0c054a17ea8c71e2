import { definitionOf } from '../definitions';
import { fieldName, isPlainObject, type ConfigurationError } from './configuration-error';

/**
 * Checks a configuration a client sends against its type's schema: what it sets must be valid,
 * what it lacks is allowed (the channel is then not `configured`). Unknown keys are kept as sent.
 * `configuration` is the value to store (strings the schema trims, trimmed).
 */
export function validateChannelConfiguration(
  type: string,
  input: unknown,
): { configuration: Record<string, unknown>; errors: ConfigurationError[] } {
  if (!isPlainObject(input)) {
    return {
      configuration: {},
      errors: [{ field: 'configuration', message: 'must be an object' }],
    };
  }
  const definition = definitionOf(type);
  if (!definition) {
    return {
      configuration: input,
      errors: [{ field: 'channel_type', message: `is not a channel type: ${type}` }],
    };
  }
  const parsed = definition.schema.safeParse(input);
  if (parsed.success) return { configuration: parsed.data, errors: [] };
  return {
    configuration: input,
    errors: parsed.error.issues.map((issue) => ({
      field: fieldName(issue.path),
      message: issue.message,
    })),
  };
}
