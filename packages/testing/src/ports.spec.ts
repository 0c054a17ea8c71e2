import { connect, createServer } from 'node:net';
import { occupiedPort, unusedPort } from './ports';

it('gives a port whose connections are refused', async () => {
  const port = await unusedPort();

  const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => reject(new Error(`something listens on ${port}`)));
    socket.once('error', resolve);
  });

  expect(error.code).toBe('ECONNREFUSED');
});

it('holds a port that nothing else can listen on until released', async () => {
  const occupied = await occupiedPort();
  const bind = () =>
    new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const server = createServer();
      server.once('error', resolve);
      server.listen(occupied.port, '127.0.0.1', () => server.close(() => resolve(undefined)));
    });

  expect((await bind())?.code).toBe('EADDRINUSE');
  await occupied.release();
  expect(await bind()).toBeUndefined();
});
