import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { API_KEY_STORAGE_KEY, saveApiKey } from '../api/api-key-store';
import { App } from '../App';
import { data, page, problem, stubApi } from '../test/fetch-stub';
import { OPS_WEBHOOK } from '../test/fixtures';

function pasteKey(key: string) {
  fireEvent.input(screen.getByLabelText('API key'), { target: { value: key } });
  fireEvent.click(screen.getByRole('button', { name: 'Use this key' }));
}

describe('the key prompt', () => {
  it('checks a pasted key, keeps it in session storage only and shows the console', async () => {
    const api = stubApi({
      'GET /api/v1/channels': ({ headers }) =>
        headers.get('X-API-Key') === 'pk_good'
          ? data(page('channels', [OPS_WEBHOOK]))
          : problem(401, 'The API key is invalid, expired or revoked.'),
      'GET /api/v1/publications': () => data(page('publications', [])),
    });
    render(<App />);

    pasteKey('pk_good');

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    for (const name of ['Publications', 'Channels', 'Subscribers', 'Schema']) {
      expect(within(nav).getByRole('link', { name })).toBeTruthy();
    }
    expect(await screen.findByRole('heading', { level: 1, name: 'Publications' })).toBeTruthy();
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBe('pk_good');
    expect(location.href).not.toContain('pk_good');
    expect(api.requests.every((request) => !request.url.toString().includes('pk_good'))).toBe(true);
  });

  it('says a rejected key was rejected and keeps nothing', async () => {
    stubApi({
      'GET /api/v1/channels': () => problem(401, 'The API key is invalid, expired or revoked.'),
    });
    render(<App />);

    pasteKey('pk_wrong');

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Your key was rejected: paste a valid key',
    );
    expect(screen.getByLabelText('API key')).toBeTruthy();
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
  });

  it('shows why a key could not be checked when the API is unreachable', async () => {
    stubApi({
      'GET /api/v1/channels': () => problem(503, 'The database is not available: retry shortly.'),
    });
    render(<App />);

    pasteKey('pk_good');

    expect((await screen.findByRole('alert')).textContent).toBe(
      'The database is not available: retry shortly.',
    );
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
  });

  it('returns to the prompt when a stored key is refused later', async () => {
    saveApiKey('pk_revoked');
    stubApi({
      'GET /api/v1/channels': () => problem(401, 'The API key is invalid, expired or revoked.'),
      'GET /api/v1/publications': () => problem(401, 'The API key is invalid, expired or revoked.'),
    });
    render(<App />);

    expect(await screen.findByText('Your key was rejected: paste a valid key')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Use this key' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
  });

  it('forgets the key on Sign out', async () => {
    saveApiKey('pk_good');
    stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
      'GET /api/v1/publications': () => data(page('publications', [])),
    });
    render(<App />);

    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(screen.getByLabelText('API key')).toBeTruthy();
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
  });
});
