import type pg from 'pg';

/** A session that keeps the migrator waiting for a lock, directly or through another waiter. */
export interface BlockingSession {
  pid: number;
  application: string;
  user: string | null;
  client: string | null;
  state: string | null;
  /** How long its transaction has been open, in seconds (null outside a transaction). */
  transactionSeconds: number | null;
  /** Its current or last statement, truncated. */
  query: string | null;
  /** 1: blocks the migrator itself; 2: blocks a session that blocks it; and so on. */
  depth: number;
}

const QUERY_EXCERPT_LENGTH = 200;
const MAX_DEPTH = 8;

/**
 * Asks PostgreSQL who blocks `waitingPid` (`pg_blocking_pids`, followed transitively), from
 * another connection: the waiting one is busy with the statement that waits.
 */
export async function findBlockingSessions(
  observer: pg.Client,
  waitingPid: number,
): Promise<BlockingSession[]> {
  const result = await observer.query<BlockingSession>(
    `WITH RECURSIVE chain(pid, depth) AS (
       SELECT unnest(pg_blocking_pids($1::int)), 1
       UNION
       SELECT unnest(pg_blocking_pids(chain.pid)), chain.depth + 1 FROM chain WHERE chain.depth < $2
     ), nearest AS (
       SELECT pid, min(depth) AS depth FROM chain WHERE pid <> $1 GROUP BY pid
     )
     SELECT a.pid, coalesce(nullif(a.application_name, ''), 'unknown application') AS application,
            a.usename AS "user", host(a.client_addr) AS client, a.state,
            round(extract(epoch FROM now() - a.xact_start))::int AS "transactionSeconds",
            left(regexp_replace(a.query, '\\s+', ' ', 'g'), $3) AS query, nearest.depth
       FROM nearest JOIN pg_stat_activity a ON a.pid = nearest.pid
      ORDER BY nearest.depth, a.xact_start NULLS LAST, a.pid`,
    [waitingPid, MAX_DEPTH, QUERY_EXCERPT_LENGTH],
  );
  return result.rows;
}

/** `pid 4242 (psql, user app from 10.0.0.7, idle in transaction, transaction open 73 s): LOCK TABLE …` */
export function describeBlockingSession(session: BlockingSession): string {
  const facts = [
    session.application,
    session.user ? `user ${session.user}${session.client ? ` from ${session.client}` : ''}` : null,
    session.state,
    session.transactionSeconds === null ? null : `transaction open ${session.transactionSeconds} s`,
    session.depth > 1 ? 'holding up a blocker' : null,
  ].filter((fact): fact is string => Boolean(fact));
  const query = session.query ? `: ${session.query}` : '';
  return `pid ${session.pid} (${facts.join(', ')})${query}`;
}
