import { render, screen } from '@testing-library/preact';
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

  it('lists what the 503 problem says keeps the API from being ready', async () => {
    stubApi({
      'GET /health/ready': () =>
        problem(
          503,
          'Not ready: 1 migration(s) pending (20261202040000_index_list_routes): run `pnpm migrate deploy`; migration 20261201000000_x failed: resolve it with `pnpm migrate resolve`.',
        ),
    });

    render(<SchemaPage />);

    expect(await screen.findByText(/Not ready \(blocking\)/)).toBeTruthy();
    const items = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual([
      '1 migration(s) pending (20261202040000_index_list_routes): run `pnpm migrate deploy`',
      'migration 20261201000000_x failed: resolve it with `pnpm migrate resolve`',
    ]);
  });
});
