import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError } from '@publishing/config';
import { DatabaseUnavailableError } from '@publishing/db/nest';
import { createLogger, type Logger } from '@publishing/logging';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { loadApiConfig, type ApiConfig } from './config/app-config';
import { configureApp } from './configure-app';
import { missingConsoleBuild } from './console/console-build';
import { stopGracefullyOnSignals } from './graceful-shutdown';
import { MigrationStateService } from './health/migration-state.service';
import { listeningMessage } from './listen-address';

async function bootstrap(config: ApiConfig, logger: Logger): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(NestPinoLogger));
  configureApp(app);
  stopGracefullyOnSignals(app);
  await app.init();

  const migrations = await app.get(MigrationStateService).current();
  for (const warning of migrations.warnings) logger.warn(warning);
  if (!migrations.ready) {
    const problems = migrations.problems.join('; ');
    if (config.ON_PENDING_MIGRATIONS === 'refuse') {
      throw new StartupRefusedError(
        `The database is not at the head of the migration history: ${problems}.`,
      );
    }
    logger.warn(
      `Starting not-ready: ${problems}. /health/ready answers 503 until \`pnpm migrate deploy\` runs.`,
    );
  }
  const consoleMissing = missingConsoleBuild(config.CONSOLE_DIR);
  if (consoleMissing) logger.warn(`${consoleMissing} /console/ answers 404 until then.`);
  await app.listen(config.PORT, config.HOST);
  logger.info(listeningMessage(app.getHttpServer().address(), config.API_BASE_URL));
}

class StartupRefusedError extends Error {}

function start(): void {
  let config: ApiConfig;
  try {
    config = loadApiConfig();
  } catch (error) {
    // No logger without a valid LOG_LEVEL: the message names every bad variable, nothing else.
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({
    name: 'publishing-api',
    level: config.LOG_LEVEL,
    environment: config.NODE_ENV,
  });
  bootstrap(config, logger).catch((error: unknown) => {
    logStartFailure(logger, error, config);
    process.exit(1);
  });
}

/** A start that fails for a known reason says so in one line; anything else keeps its stack. */
function logStartFailure(logger: Logger, error: unknown, config: ApiConfig): void {
  if (error instanceof StartupRefusedError || error instanceof DatabaseUnavailableError)
    logger.fatal(error.message);
  else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
    logger.fatal(`port ${config.PORT} is already in use — stop what listens there or set PORT`);
  else
    logger.fatal({ err: error }, `Failed to start: ${String((error as Error).message ?? error)}`);
}

start();
