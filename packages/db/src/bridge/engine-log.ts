/** The native engine's log line format on stderr, which the Prisma CLI parses. */
export function writeEngineLog(
  level: 'INFO' | 'WARN' | 'ERROR',
  message: string,
  extra: Record<string, unknown> = {},
): void {
  process.stderr.write(
    `${JSON.stringify({
      timestamp: new Date().toISOString(),
      level,
      fields: { message, ...extra },
      target: 'schema_engine::logger',
    })}\n`,
  );
}
