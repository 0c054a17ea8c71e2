/** Invalid settings: one message naming every bad variable and what it must be, never a value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    /** The message's first words, as in "Invalid worker configuration". */
    readonly heading: string,
    /** One phrase per problem, each starting with the variable's name. */
    readonly problems: readonly string[],
  ) {
    super(`${heading}: ${problems.join('; ')}.`);
  }
}
