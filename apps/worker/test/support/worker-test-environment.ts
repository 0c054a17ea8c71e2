import { createPrismaClient, type PrismaClient } from '@publishing/db';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { HttpSink, SmtpSink } from '@publishing/testing';

export interface WorkerTestEnvironment<Http extends boolean, Smtp extends boolean> {
  /** The test file's own database (cloned from the migrated template), ready in the tests. */
  readonly db: PrismaClient;
  readonly databaseUrl: string;
  readonly http: Http extends true ? HttpSink : undefined;
  readonly smtp: Smtp extends true ? SmtpSink : undefined;
}

/**
 * The set-up every worker test file shares: its own database and a Prisma client on it, and
 * the sinks it asks for, started before its tests and stopped (the database dropped) after.
 * `db` and `databaseUrl` are read inside tests and hooks, once `beforeAll` has run.
 */
export function useWorkerTestEnvironment<
  Http extends boolean = false,
  Smtp extends boolean = false,
>(sinks: { http?: Http; smtp?: Smtp } = {}): WorkerTestEnvironment<Http, Smtp> {
  const http = sinks.http ? new HttpSink() : undefined;
  const smtp = sinks.smtp ? new SmtpSink() : undefined;
  let database: TestDatabase | undefined;
  let db: PrismaClient | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    await Promise.all([http?.start(), smtp?.start()]);
  });

  afterAll(async () => {
    await Promise.all([http?.stop(), smtp?.stop()]);
    await db?.$disconnect();
    await database?.drop();
  });

  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined)
      throw new Error(`useWorkerTestEnvironment: ${name} is ready only inside tests and hooks.`);
    return value;
  };
  return {
    get db() {
      return ready(db, 'db');
    },
    get databaseUrl() {
      return ready(database, 'the database').url;
    },
    http: http as WorkerTestEnvironment<Http, Smtp>['http'],
    smtp: smtp as WorkerTestEnvironment<Http, Smtp>['smtp'],
  };
}
