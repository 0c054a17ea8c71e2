import { render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { data, problem, stubApi } from '../test/fetch-stub';
import { SchemaPage } from './SchemaPage';

const AT_HEAD = {
  atHead: false,
  ready: true,
  applied: 11,
  pending: [],
  failed: [],
  edited: [],
  unknown: [],
  dataSteps: [
    {
      name: '20990101000000_add_publication_content_count',
      mode: 'batched',
      blocking: false,
      state: 'running',
    },
    { name: '20980101000000_done_step', mode: 'transaction', blocking: true, state: 'done' },
  ],
  problems: [],
  warnings: [
    'data step 20990101000000_add_publication_content_count is not done: run `pnpm migrate deploy`',
  ],
};

describe('the schema page', () => {
  it('shows the applied count, the data steps still owed and the commands', async () => {
    stubApi({ 'GET /health/ready': () => data({ status: 'ready', migrations: AT_HEAD }) });

    render(<SchemaPage />);

    expect(await screen.findByText('11')).toBeTruthy();
    expect(
      screen.getByText('Ready, with warnings: the API serves, but read them below.'),
    ).toBeTruthy();
    expect(screen.getByText('20990101000000_add_publication_content_count')).toBeTruthy();
    expect(screen.queryByText('20980101000000_done_step')).toBeNull();
    expect(screen.getByText('pnpm migrate deploy')).toBeTruthy();
    expect(screen.getByText('pnpm migrate status')).toBeTruthy();
  });

  it('reads what keeps the API from being ready from the 503 problem’s migrations, not its text', async () => {
    const notReady = {
      ...AT_HEAD,
      ready: false,
      applied: 9,
      pending: ['20261202040000_index_list_routes'],
      failed: ['20261201000000_x'],
      dataSteps: [
        {
          name: '20261130000000_backfill_slugs',
          mode: 'transaction',
          blocking: true,
          state: 'not started',
        },
      ],
      problems: ['a problem; with a semicolon that must not split it'],
      warnings: [],
    };
    stubApi({
      'GET /health/ready': () =>
        problemWith(503, 'Not ready: a problem; with a semicolon that must not split it.', {
          migrations: notReady,
        }),
    });

    render(<SchemaPage />);

    expect(await screen.findByText(/^Not ready \(blocking\)/)).toBeTruthy();
    expect(factOf('Applied migrations')).toBe('9');
    expect(factOf('Pending migrations')).toBe('20261202040000_index_list_routes');
    expect(factOf('Failed migrations')).toBe('20261201000000_x');
    expect(factOf('Edited after applying')).toBe('none');
    const steps = screen.getByRole('region', { name: 'Pending data steps' });
    expect(within(steps).getByText('20261130000000_backfill_slugs')).toBeTruthy();
    expect(within(steps).getByText('yes: keeps the API not ready')).toBeTruthy();
    expect(screen.getByText('a problem; with a semicolon that must not split it')).toBeTruthy();
    expect(screen.getByText('pnpm migrate deploy')).toBeTruthy();
  });

  it('shows the problem’s detail whole when the database does not answer (no migrations)', async () => {
    stubApi({
      'GET /health/ready': () => problem(503, 'Not ready: the database does not answer.'),
    });

    render(<SchemaPage />);

    expect((await screen.findByRole('status')).textContent).toBe(
      'Not ready: the database does not answer.',
    );
    expect(screen.queryByText('Applied migrations')).toBeNull();
  });
});

function factOf(term: string): string | null {
  return screen.getByText(term).nextElementSibling?.textContent ?? null;
}

function problemWith(status: number, detail: string, extensions: Record<string, unknown>) {
  return new Response(
    JSON.stringify({
      type: `https://httpstatuses.com/${status}`,
      title: 'Service Unavailable',
      status,
      detail,
      instance: '/health/ready',
      traceId: 'trace',
      ...extensions,
    }),
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );
}
