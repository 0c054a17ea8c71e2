import { createTestDatabase } from '@publishing/db/testing';
import { HttpSink, unusedPort } from '@publishing/testing';
import { runCli, startService, untilOk, type Service } from './services';

const SIGNING_SECRET = 'browser-test-signing-secret-0123456789abcdef';

/** Everything the console talks to, running for real, and how to reach it. */
export interface Stack {
  baseUrl: string;
  apiKey: string;
  signingSecret: string;
  sink: HttpSink;
  /** Stops what was started, last first; safe to call after a partial start. */
  stop(): Promise<void>;
}

/**
 * A migrated database (on TEST_DATABASE_URL's server, else an embedded PostgreSQL: the jest global
 * setup starts it and applies the history to a template), a webhook sink,
 * the built API and worker on it, and an API key made by the API's own CLI.
 */
export async function startStack(step: (description: string) => void): Promise<Stack> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    step('create a database from the migrated template (jest global setup)');
    const database = await createTestDatabase();
    stops.push(() => database.drop());
    const databaseUrl = database.url;

    step('start the HTTP sink the webhook channel sends to');
    const sink = await new HttpSink().start();
    stops.push(() => sink.stop());

    const port = await unusedPort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const common = {
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      API_BASE_URL: baseUrl,
      SIGNING_SECRET,
      ALLOW_PRIVATE_TARGETS: 'true',
      LOG_LEVEL: 'warn',
    };
    step(`start the API (apps/api/dist/main.js) on ${baseUrl}`);
    const api: Service = startService('API', 'apps/api/dist/main.js', {
      ...common,
      HOST: '127.0.0.1',
      PORT: String(port),
      METRICS_PORT: '0',
    });
    stops.push(() => api.stop());
    await untilOk(`${baseUrl}/health/ready`, api);

    step('start the delivery worker (apps/worker/dist/main.js)');
    const worker = startService('worker', 'apps/worker/dist/main.js', {
      ...common,
      WORKER_METRICS_PORT: '0',
      WORKER_POLL_INTERVAL_MS: '200',
    });
    stops.push(() => worker.stop());

    step('create an API key (apps/api/dist/cli/api-keys.js create)');
    const created = await runCli(
      'apps/api/dist/cli/api-keys.js',
      ['create', '--name', 'browser-test', '--json'],
      common,
    );
    const { key } = JSON.parse(created) as { key: string };
    return { baseUrl, apiKey: key, signingSecret: SIGNING_SECRET, sink, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
