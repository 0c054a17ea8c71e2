import { fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './ConfirmDialog';

function Harness({ onConfirm, onKeep }: { onConfirm: () => void; onKeep: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Cancel
      </button>
      {open && (
        <ConfirmDialog
          title="Cancel this publication?"
          onConfirm={() => {
            onConfirm();
            setOpen(false);
          }}
          onKeep={() => {
            onKeep();
            setOpen(false);
          }}
        >
          <p>Deliveries not sent yet are cancelled.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function openDialog() {
  const onConfirm = vi.fn();
  const onKeep = vi.fn();
  render(<Harness onConfirm={onConfirm} onKeep={onKeep} />);
  const opener = screen.getByRole('button', { name: 'Cancel' });
  opener.focus();
  fireEvent.click(opener);
  return { onConfirm, onKeep, opener, dialog: screen.getByRole('dialog') };
}

describe('ConfirmDialog', () => {
  it('is a named modal dialog that starts on the safe answer, Keep', () => {
    const { dialog } = openDialog();

    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(screen.getByRole('dialog', { name: 'Cancel this publication?' })).toBe(dialog);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep' }));
  });

  it('answers Keep on Escape and gives focus back to the button that opened it', () => {
    const { onConfirm, onKeep, opener, dialog } = openDialog();

    fireEvent.keyDown(dialog, { key: 'Escape' });

    expect(onKeep).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('keeps Tab and Shift+Tab inside the dialog', () => {
    const { dialog } = openDialog();
    const confirm = screen.getByRole('button', { name: 'Confirm' });
    const keep = screen.getByRole('button', { name: 'Keep' });

    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(confirm);

    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(keep);
  });

  it('runs the action on Confirm and returns focus', () => {
    const { onConfirm, onKeep, opener } = openDialog();

    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));

    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onKeep).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(opener);
  });
});
