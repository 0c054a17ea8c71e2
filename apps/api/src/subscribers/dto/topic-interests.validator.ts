import { ValidateBy, type ValidationOptions } from 'class-validator';

const MAX_TOPICS = 200;
const MAX_TOPIC_LENGTH = 100;

/** `{topic: weight}` with weights from 0 to 1, as the personalisation reads them. */
export function IsTopicInterests(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTopicInterests',
      validator: {
        validate: (value: unknown) => isTopicInterests(value),
        defaultMessage: () =>
          `$property must be an object of at most ${MAX_TOPICS} topics (1-${MAX_TOPIC_LENGTH} characters) to numbers from 0 to 1`,
      },
    },
    options,
  );
}

function isTopicInterests(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_TOPICS &&
    entries.every(
      ([topic, weight]) =>
        topic.length >= 1 &&
        topic.length <= MAX_TOPIC_LENGTH &&
        typeof weight === 'number' &&
        weight >= 0 &&
        weight <= 1,
    )
  );
}
