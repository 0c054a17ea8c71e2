import { Logger, type INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { constants } from 'node:os';

const IDLE_SWEEP_MS = 100;

/**
 * Stops taking connections, lets the requests in flight finish, then closes the application (its
 * database pool among it). Nest's own shutdown hooks close the modules first, so a request still
 * running would lose the database half-way.
 */
export async function stopGracefully(app: INestApplication): Promise<void> {
  const server = app.getHttpServer() as Server;
  await new Promise<void>((resolve) => {
    // A kept-alive connection becomes idle once its last response is sent; close() would wait for
    // the client's keep-alive timeout otherwise.
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
  });
  await app.close();
}

/**
 * The first SIGTERM or SIGINT stops the API gracefully and exits 0; a second one exits at once,
 * as the worker does.
 */
export function stopGracefullyOnSignals(app: INestApplication): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      Logger.warn(`${signal} again: exiting now`, 'Shutdown');
      process.exit(128 + constants.signals[signal]);
    }
    stopping = true;
    Logger.log(`${signal}: finishing the requests in flight, then stopping`, 'Shutdown');
    stopGracefully(app).then(
      () => {
        Logger.log('Stopped', 'Shutdown');
        process.exit(0);
      },
      (error: unknown) => {
        Logger.error(`Stopping failed: ${(error as Error).message ?? error}`, 'Shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
