import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ConfirmDialog } from './ConfirmDialog';

export interface PendingAction {
  title: string;
  question: ComponentChildren;
  /** Runs after `Confirm`; its answer is the outcome shown to the user. */
  run: () => Promise<string>;
}

export interface Outcome {
  ok: boolean;
  message: string;
}

/**
 * Asks before doing something that cannot be undone, then reports what happened.
 * `describeFailure` turns an error into the sentence shown (the API's detail).
 */
export function useConfirmedAction(
  describeFailure: (error: unknown) => string,
  afterRun?: () => void,
) {
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const confirm = async () => {
    const action = pending;
    setPending(null);
    if (!action) return;
    try {
      setOutcome({ ok: true, message: await action.run() });
    } catch (error) {
      setOutcome({ ok: false, message: describeFailure(error) });
    }
    afterRun?.();
  };

  const dialog = pending ? (
    <ConfirmDialog
      title={pending.title}
      onConfirm={() => void confirm()}
      onKeep={() => setPending(null)}
    >
      {pending.question}
    </ConfirmDialog>
  ) : null;

  const outcomeMessage = (
    <div role="status" class={outcome ? (outcome.ok ? 'outcome ok' : 'outcome failed') : 'outcome'}>
      {outcome?.message}
    </div>
  );

  return { ask: setPending, report: setOutcome, dialog, outcomeMessage };
}
