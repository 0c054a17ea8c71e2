import { renderHook, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { useLoaded } from './use-loaded';

describe('useLoaded', () => {
  it('keeps the last answer through a failed read, and a later good read clears the error', async () => {
    const answers: (() => Promise<string>)[] = [
      () => Promise.resolve('first'),
      () => Promise.reject(new Error('down')),
      () => Promise.resolve('third'),
    ];
    const { result, rerender } = renderHook(
      ({ round }: { round: number }) => useLoaded(() => answers[round]!(), [round]),
      { initialProps: { round: 0 } },
    );
    await waitFor(() => expect(result.current.data).toBe('first'));

    rerender({ round: 1 });
    await waitFor(() => expect(result.current.error).toEqual(new Error('down')));
    expect(result.current.data).toBe('first');

    rerender({ round: 2 });
    await waitFor(() => expect(result.current.data).toBe('third'));
    expect(result.current.error).toBeNull();
  });

  it('aborts the read its dependencies replaced, and its failure is not shown', async () => {
    const signals: AbortSignal[] = [];
    const { result, rerender } = renderHook(
      ({ round }: { round: number }) =>
        useLoaded(
          (signal) => {
            signals.push(signal);
            return round === 0
              ? new Promise<string>((_, reject) =>
                  signal.addEventListener('abort', () => reject(new Error('aborted'))),
                )
              : Promise.resolve('second');
          },
          [round],
        ),
      { initialProps: { round: 0 } },
    );
    rerender({ round: 1 });
    await waitFor(() => expect(result.current.data).toBe('second'));
    expect(signals[0]!.aborted).toBe(true);
    expect(result.current.error).toBeNull();
  });
});
