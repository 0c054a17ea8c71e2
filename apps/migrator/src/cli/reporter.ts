/**
 * Where a command's output goes. Human mode prints progress lines as work happens (to stderr, so
 * stdout stays clean for `plan`'s SQL); JSON mode stays silent until the one document at the end.
 */
export interface Reporter {
  readonly json: boolean;
  /** A progress line (human mode only). */
  progress(line: string): void;
  /** Human-readable result text on stdout (human mode only). */
  print(text: string): void;
  /** Runs `work`, printing `label … ok (12 ms)` or `label … failed (12 ms)`. */
  step<T>(label: string, work: () => Promise<T>): Promise<T>;
  /** The machine-readable document (JSON mode only). */
  document(value: unknown): void;
}

export function createReporter(options: { json: boolean; quiet?: boolean }): Reporter {
  const { json } = options;
  const progress = (line: string) => {
    if (!json && !options.quiet) process.stderr.write(`${line}\n`);
  };
  return {
    json,
    progress,
    print: (text) => {
      if (!json) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    step: async (label, work) => {
      const started = performance.now();
      const elapsed = () => formatDuration(performance.now() - started);
      try {
        const result = await work();
        progress(`  ✔ ${label} (${elapsed()})`);
        return result;
      } catch (error) {
        progress(`  ✘ ${label} (${elapsed()})`);
        throw error;
      }
    },
    document: (value) => {
      if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}

export function formatDuration(milliseconds: number): string {
  return milliseconds < 1000
    ? `${Math.round(milliseconds)} ms`
    : `${(milliseconds / 1000).toFixed(1)} s`;
}
