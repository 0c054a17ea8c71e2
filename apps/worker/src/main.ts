import { ConfigError } from '@publishing/config';
import { createPrismaClient, describeDatabaseFault, redactDatabaseUrl } from '@publishing/db';
import { createLogger, redactCredentialsInText } from '@publishing/logging';
import { serveMetrics, type MetricsServer } from '@publishing/metrics';
import { loadWorkerConfig } from './config/worker-config';
import { errorMessage } from './logging/error-message';
import { WorkerMetrics } from './metrics/worker-metrics';
import { DeliveryWorker } from './worker';

/**
 * `node apps/worker/dist/main.js` (or `pnpm worker`): runs the delivery worker until SIGTERM or
 * SIGINT, then stops gracefully (a second signal exits at once; unfinished claims then expire
 * and are retaken by another worker).
 */
async function main(): Promise<number> {
  let config;
  try {
    config = loadWorkerConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger({
    name: 'publishing-worker',
    level: config.logLevel,
    environment: config.environment,
    base: { worker_id: config.workerId },
  });
  const db = createPrismaClient(config.databaseUrl, {
    applicationName: `publishing-worker ${config.workerId}`.slice(0, 63),
    maxConnections: 5,
  });
  try {
    await db.$queryRaw`SELECT 1 FROM publishing_deliveries LIMIT 1`;
  } catch (error) {
    const fault = describeDatabaseFault(error, config.databaseUrl);
    logger.error(
      { database: redactDatabaseUrl(config.databaseUrl), fault: fault.kind, hint: fault.hint },
      `database not usable: ${fault.problem}`,
    );
    await db.$disconnect();
    return 1;
  }

  const metrics = new WorkerMetrics(db, logger);
  const worker = new DeliveryWorker({ db, config, logger, events: metrics });
  metrics.watch(worker);
  let metricsServer: MetricsServer | undefined;
  if (config.metricsPort !== 0) {
    try {
      metricsServer = await serveMetrics(metrics.registry, {
        port: config.metricsPort,
        host: config.metricsHost,
        portVariable: 'WORKER_METRICS_PORT',
      });
    } catch (error) {
      logger.error({ error: errorMessage(error) }, 'metrics not served');
      await db.$disconnect();
      return 1;
    }
    logger.info({ metrics_endpoint: metricsServer.url }, 'metrics served');
  }

  const stopped = new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals += 1;
      if (signals > 1) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      logger.info({ signal }, 'stopping');
      void worker.stop().then(resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  worker.start();
  await stopped;
  await metricsServer?.close();
  await db.$disconnect();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`publishing-worker: ${redactCredentialsInText(errorMessage(error))}\n`);
    process.exitCode = 1;
  },
);
