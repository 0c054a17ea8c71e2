import { useEffect, useState } from 'preact/hooks';

/**
 * Reads `load` again whenever `deps` change, aborting the read it replaces. Keeps the last answer
 * while the next one loads; a failed read leaves it and sets `error`, a good one clears `error`.
 */
export function useLoaded<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
): { data: T | null; error: unknown } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (answer) => {
        setData(answer);
        setError(null);
      },
      (problem: unknown) => {
        if (!controller.signal.aborted) setError(problem);
      },
    );
    return () => controller.abort();
  }, deps);
  return { data, error };
}
