import { connect } from 'node:net';
import { unusedPort } from './unused-port';

it('gives a port whose connections are refused', async () => {
  const port = await unusedPort();

  const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => reject(new Error(`something listens on ${port}`)));
    socket.once('error', resolve);
  });

  expect(error.code).toBe('ECONNREFUSED');
});
