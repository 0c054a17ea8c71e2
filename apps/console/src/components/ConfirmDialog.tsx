import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface ConfirmDialogProps {
  title: string;
  children: ComponentChildren;
  onConfirm: () => void;
  onKeep: () => void;
}

/**
 * A modal question with `Confirm` and `Keep`. Focus starts on `Keep` (the safe answer), Tab stays
 * inside, Escape answers `Keep`, and focus goes back to where it was when the dialog closes.
 */
export function ConfirmDialog({ title, children, onConfirm, onKeep }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDivElement>(null);
  const keep = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    keep.current?.focus();
    return () => opener?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onKeep();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>('button:not([disabled])')];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div class="dialog-backdrop">
      <div
        ref={dialog}
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-dialog-title"
        aria-describedby="confirm-dialog-body"
        onKeyDown={onKeyDown}
      >
        <h2 id="confirm-dialog-title">{title}</h2>
        <div id="confirm-dialog-body">{children}</div>
        <div class="dialog-actions">
          <button type="button" class="danger" onClick={onConfirm}>
            Confirm
          </button>
          <button type="button" ref={keep} onClick={onKeep}>
            Keep
          </button>
        </div>
      </div>
    </div>
  );
}
