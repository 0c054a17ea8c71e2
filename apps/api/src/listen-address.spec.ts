import { listenUrl, listeningMessage } from './listen-address';

describe('listenUrl', () => {
  it('shows an IPv4 address as bound', () => {
    expect(listenUrl({ address: '127.0.0.1', family: 'IPv4', port: 8080 })).toBe(
      'http://127.0.0.1:8080',
    );
    expect(listenUrl({ address: '0.0.0.0', family: 'IPv4', port: 80 })).toBe('http://0.0.0.0:80');
  });

  it('brackets an IPv6 address', () => {
    expect(listenUrl({ address: '::', family: 'IPv6', port: 8080 })).toBe('http://[::]:8080');
  });

  it('refuses a server that is not listening', () => {
    expect(() => listenUrl(null)).toThrow('not listening');
  });
});

describe('listeningMessage', () => {
  it('names the bound address and the public URL, each for what it is', () => {
    expect(
      listeningMessage(
        { address: '0.0.0.0', family: 'IPv4', port: 8080 },
        'https://api.example.test',
      ),
    ).toBe(
      'Publishing API listening on http://0.0.0.0:8080 (bound address); ' +
        'public URL https://api.example.test (API_BASE_URL, used in links); ' +
        'docs: https://api.example.test/api/v1/docs',
    );
  });
});
