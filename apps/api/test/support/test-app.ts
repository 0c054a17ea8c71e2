import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { createLogger, type Logger } from '@publishing/logging';
import type { App } from 'supertest/types';
import { AppModule } from '../../src/app.module';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { loadApiConfig, type ApiConfig } from '../../src/config/app-config';
import { configureApp } from '../../src/configure-app';

export interface TestApp {
  app: INestApplication;
  http: App;
  /** Headers carrying a valid API key. */
  auth: { Authorization: string };
  config: ApiConfig;
  database: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** A migrated database to run on instead of a fresh clone of the template (dropped on close). */
  database?: TestDatabase;
  /** The application's logger (default: a silent one), e.g. one writing into a test's buffer. */
  logger?: Logger;
}

/** The real application, built by the same `configureApp` as production, on its own migrated database. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadApiConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    // Test files run side by side: one default metrics port would be taken by the first.
    METRICS_PORT: '0',
    // The sinks listen on 127.0.0.1.
    ALLOW_PRIVATE_TARGETS: 'true',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot(
        config,
        options.logger ?? createLogger({ name: 'publishing-api', level: 'silent' }),
      ),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    logger: false,
  });
  configureApp(app);
  await app.init();
  const { key } = await app.get(ApiKeysService).create('e2e tests');
  return {
    app,
    http: app.getHttpServer() as App,
    auth: { Authorization: `Bearer ${key}` },
    config,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
