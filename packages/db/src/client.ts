import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from './generated/prisma/client';
import { parseDatabaseUrl } from './postgres/database-url';

export interface PrismaClientOptions {
  /** Most connections the pool opens (pg's default is 10). */
  maxConnections?: number;
  /** Sets `application_name`, visible in `pg_stat_activity`. */
  applicationName?: string;
  /**
   * How long a query waits for a connection (a new one, or a free one of a busy pool) before it
   * fails; by default it waits as long as it takes, even for a server that drops packets.
   */
  connectTimeoutMs?: number;
}

/** A client's connection pool at one moment. */
export interface ConnectionPoolStats {
  /** Connections open, idle or in use. */
  open: number;
  idle: number;
  /** Queries waiting for a connection because all `max` are in use. */
  waiting: number;
  max: number;
}

/**
 * The `pg` pool under each client made here. The adapter keeps the pool it creates to itself, so
 * this package creates the pool and hands it to the adapter, which ends it on `$disconnect()`.
 */
const poolsByClient = new WeakMap<PrismaClient, Pool>();

export function createPgPool(url: string, options: PrismaClientOptions = {}): Pool {
  return new Pool({
    ...parseDatabaseUrl(url),
    max: options.maxConnections,
    application_name: options.applicationName,
    connectionTimeoutMillis: options.connectTimeoutMs,
  });
}

/**
 * The `pg` driver adapter Prisma Client runs on (no query-engine binary). After `$disconnect()`
 * a client that queries again gets a new pool from the adapter, which `connectionPoolStats` no
 * longer sees: only shutdown disconnects here.
 */
export function createPgAdapter(pool: Pool): PrismaPg {
  return new PrismaPg(pool, { disposeExternalPool: true });
}

/** Remembers `pool` as `client`'s, for `connectionPoolStats`. */
export function trackConnectionPool(client: PrismaClient, pool: Pool): void {
  poolsByClient.set(client, pool);
}

/** A Prisma client for `url`. It connects lazily, on the first query or `$connect()`. */
export function createPrismaClient(url: string, options: PrismaClientOptions = {}): PrismaClient {
  const pool = createPgPool(url, options);
  const client = new PrismaClient({ adapter: createPgAdapter(pool) });
  trackConnectionPool(client, pool);
  return client;
}

/**
 * The pool of a client made by `createPrismaClient` or `PrismaService`; undefined for any other.
 * Reading it costs nothing (counters the pool keeps), so metrics read it at every scrape.
 */
export function connectionPoolStats(client: PrismaClient): ConnectionPoolStats | undefined {
  const pool = poolsByClient.get(client);
  if (!pool) return undefined;
  return {
    open: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options.max ?? 10,
  };
}
