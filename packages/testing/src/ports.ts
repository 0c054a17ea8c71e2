import { createServer, type Server } from 'node:net';

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago): connecting is refused. */
export async function unusedPort(): Promise<number> {
  const server = await listening();
  const { port } = server.address() as { port: number };
  await close(server);
  return port;
}

export interface OccupiedPort {
  port: number;
  release: () => Promise<void>;
}

/** A port on 127.0.0.1 held by a listening socket until `release()`: binding it fails with EADDRINUSE. */
export async function occupiedPort(): Promise<OccupiedPort> {
  const server = await listening();
  return { port: (server.address() as { port: number }).port, release: () => close(server) };
}

async function listening(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
