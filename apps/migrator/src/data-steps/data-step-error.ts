/** A data step's own code threw (not the SQL file): says so, keeping PostgreSQL's fields. */
export class DataStepError extends Error {
  override readonly name = 'DataStepError';
  readonly code: string | undefined;

  constructor(
    readonly migrationName: string,
    override readonly cause: unknown,
  ) {
    const reason = (cause as Error | undefined)?.message ?? String(cause);
    super(`data.ts up() threw: ${reason}`);
    this.code = (cause as { code?: string } | undefined)?.code;
  }
}
