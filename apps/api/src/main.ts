import 'reflect-metadata';
import { ConsoleLogger, Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError } from '@publishing/config';
import { AppModule } from './app.module';
import { loadApiConfig } from './config/app-config';
import { configureApp } from './configure-app';
import { stopGracefullyOnSignals } from './graceful-shutdown';
import { MigrationStateService } from './health/migration-state.service';
import { listeningMessage } from './listen-address';

const LOG_LEVELS: Record<string, LogLevel[]> = {
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
};

async function bootstrap(): Promise<void> {
  const config = loadApiConfig();
  const logger = new ConsoleLogger({
    json: config.NODE_ENV === 'production',
    logLevels: LOG_LEVELS[config.LOG_LEVEL],
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger,
  });
  configureApp(app);
  stopGracefullyOnSignals(app);
  await app.init();

  const migrations = await app.get(MigrationStateService).current();
  for (const warning of migrations.warnings) Logger.warn(warning, 'Bootstrap');
  if (!migrations.ready) {
    const problems = migrations.problems.join('; ');
    if (config.ON_PENDING_MIGRATIONS === 'refuse') {
      throw new StartupRefusedError(
        `The database is not at the head of the migration history: ${problems}.`,
      );
    }
    Logger.warn(
      `Starting not-ready: ${problems}. /health/ready answers 503 until \`pnpm migrate deploy\` runs.`,
      'Bootstrap',
    );
  }
  await app.listen(config.PORT, config.HOST);
  Logger.log(listeningMessage(app.getHttpServer().address(), config.API_BASE_URL), 'Bootstrap');
}

class StartupRefusedError extends Error {}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const known =
    error instanceof StartupRefusedError || (error as Error).name === 'DatabaseUnavailableError';
  process.stderr.write(
    `${known ? (error as Error).message : `Failed to start: ${(error as Error).message ?? error}`}\n`,
  );
  process.exit(1);
});
