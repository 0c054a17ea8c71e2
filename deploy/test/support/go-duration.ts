/**
 * Go's `time.ParseDuration` syntax (`300ms`, `1m30s`, `-1.5h`, `0`), which compose-go uses for
 * every duration in a Compose file (`stop_grace_period`, healthcheck intervals, the schema's
 * `duration` format). Returns seconds, or undefined where Go would return an error.
 */
export function parseGoDuration(text: string): number | undefined {
  if (!GO_DURATION.test(text)) return undefined;
  let seconds = 0;
  for (const [, value, unit] of text.matchAll(TERM))
    seconds += Number(value) * UNIT_SECONDS[unit!]!;
  return text.startsWith('-') ? -seconds : seconds;
}

// µ (U+00B5) and μ (U+03BC) both spell microseconds in Go.
const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};
const NUMBER = String.raw`(\d+\.?\d*|\.\d+)`;
const UNIT = '(ns|us|µs|μs|ms|s|m|h)';
const GO_DURATION = new RegExp(`^[-+]?(?:0|(?:${NUMBER}${UNIT})+)$`);
const TERM = new RegExp(`${NUMBER}${UNIT}`, 'g');
