import type { AddressInfo } from 'node:net';

/** The URL of the socket a server actually listens on (`server.address()`), not what was asked. */
export function listenUrl(address: AddressInfo | string | null): string {
  if (address === null) throw new Error('The server is not listening.');
  if (typeof address === 'string') return address;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * The start-up line. Behind a proxy the two URLs differ: the listen address is where this process
 * accepts connections, the public URL (API_BASE_URL) is where clients and links reach it.
 */
export function listeningMessage(address: AddressInfo | string | null, publicUrl: string): string {
  return (
    `Publishing API listening on ${listenUrl(address)} (bound address); ` +
    `public URL ${publicUrl} (API_BASE_URL, used in links); docs: ${publicUrl}/api/v1/docs`
  );
}
