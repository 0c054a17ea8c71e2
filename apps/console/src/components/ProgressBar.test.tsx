import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { deliveredPercent } from './delivery-progress';
import { ProgressBar } from './ProgressBar';

describe('deliveredPercent', () => {
  it('counts every delivery no longer pending, rounded down so 100 means none is left', () => {
    expect(deliveredPercent({ total: 4, pending: 3 })).toBe(25);
    expect(deliveredPercent({ total: 3, pending: 1 })).toBe(66);
    expect(deliveredPercent({ total: 1000, pending: 1 })).toBe(99);
    expect(deliveredPercent({ total: 1000, pending: 0 })).toBe(100);
  });

  it('is 0 before the worker fanned out (no deliveries) and stays within 0–100', () => {
    expect(deliveredPercent({ total: 0, pending: 0 })).toBe(0);
    expect(deliveredPercent({ total: 5, pending: 9 })).toBe(0);
    expect(deliveredPercent({ total: 5, pending: -2 })).toBe(100);
  });
});

describe('ProgressBar', () => {
  it('exposes the percent and the counts under the channel name', () => {
    render(
      <ProgressBar
        channelName="Ops webhook"
        result={{ total: 8, sent: 5, failed: 1, pending: 2 }}
      />,
    );

    const bar = screen.getByRole('progressbar', { name: 'Ops webhook delivery progress' });
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    expect(bar.getAttribute('aria-valuenow')).toBe('75');
    expect(screen.getByText('sent 5 · failed 1 · pending 2')).toBeTruthy();
  });
});
