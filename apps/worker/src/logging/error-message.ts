/**
 * An error as one line for a log field. Prisma puts its invocation header first
 * ("Invalid `prisma.$queryRaw()` invocation:"); the driver's own sentence is the last line.
 */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1) ?? message
  );
}
