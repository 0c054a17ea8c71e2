import { Gauge, type Registry } from 'prom-client';

/** A `pg` pool's counters at one moment (`connectionPoolStats` of `@publishing/db`). */
export interface ConnectionPoolReading {
  open: number;
  idle: number;
  waiting: number;
  max: number;
}

/**
 * Gauges of the database connection pool, read at each scrape:
 * `<prefix>db_pool_connections` (open: idle + in use), `<prefix>db_pool_idle_connections`,
 * `<prefix>db_pool_waiting_requests` (queries waiting for a connection: the pool is exhausted),
 * `<prefix>db_pool_max_connections`. With no pool to read (`read` returns undefined) they are 0.
 */
export function registerConnectionPoolMetrics(
  registry: Registry,
  prefix: string,
  read: () => ConnectionPoolReading | undefined,
): void {
  const gauges: [string, string, keyof ConnectionPoolReading][] = [
    ['db_pool_connections', 'Open database connections, idle or in use.', 'open'],
    ['db_pool_idle_connections', 'Open database connections not in use.', 'idle'],
    [
      'db_pool_waiting_requests',
      'Queries waiting for a free database connection (the pool is at its maximum).',
      'waiting',
    ],
    ['db_pool_max_connections', 'Most database connections the pool opens.', 'max'],
  ];
  for (const [name, help, field] of gauges) {
    new Gauge({
      name: `${prefix}${name}`,
      help,
      registers: [registry],
      collect() {
        const reading = read();
        if (reading) this.set(reading[field]);
        else this.reset();
      },
    });
  }
}
