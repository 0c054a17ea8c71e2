import pg from 'pg';
import { runSqlScript } from './run-sql-script';

/**
 * Catalog types that the schema engine's introspection queries return and `@prisma/adapter-pg`
 * refuses to deserialize. Their text values already arrive as strings, so they are presented as
 * `text`.
 */
const CATALOG_TYPES_AS_TEXT = new Set([
  18, // "char"
  22, // int2vector
  30, // oidvector
  194, // pg_node_tree
  2277, // anyarray
]);
const TEXT_OID = 25;
const CHAR_OID = 18;

type QueryArgs = Parameters<pg.Client['query']>;

/**
 * A `pg.Pool` that is one connection, opened on first use and kept for the pool's life.
 *
 * The schema engine takes its advisory lock as a session lock, then runs migrations; a real pool
 * may run those on different connections, or destroy the one holding the lock after an error.
 * Serving every query, transaction and script from one dedicated session keeps them together.
 */
export class DedicatedConnectionPool extends pg.Pool {
  private connection: Promise<pg.Client> | undefined;
  private readonly clientConfig: pg.ClientConfig;
  /** Result rows → indexes of their `"char"` columns, which the engine must receive as characters. */
  private readonly charColumns = new WeakMap<object, number[]>();

  constructor(config: pg.ClientConfig) {
    super({ ...config, max: 1 });
    this.clientConfig = config;
    // Assigned rather than overridden: pg's overloads (callbacks, streams) are never used here.
    this.query = ((...args: QueryArgs) =>
      this.session().then((client) => this.queryPresentingText(client, args))) as pg.Pool['query'];
    this.connect = (() =>
      this.session().then((client) => this.borrowed(client))) as pg.Pool['connect'];
  }

  /** The session every statement runs on. */
  session(): Promise<pg.Client> {
    this.connection ??= this.open();
    return this.connection;
  }

  /** Which columns of these result rows were `"char"` before being presented as text. */
  charColumnsOf(rows: object): number[] {
    return this.charColumns.get(rows) ?? [];
  }

  async executeScript(script: string): Promise<void> {
    await runSqlScript(await this.session(), script);
  }

  override async end(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await (await connection.catch(() => undefined))?.end();
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client(this.clientConfig);
    client.on('error', (error) => this.emit('error', error, client));
    try {
      await client.connect();
    } catch (error) {
      this.connection = undefined;
      throw error;
    }
    return client;
  }

  /** The dedicated client as a pool client whose `release` keeps the session open. */
  private borrowed(client: pg.Client): pg.PoolClient {
    const poolClient = {
      query: (...args: QueryArgs) => this.queryPresentingText(client, args),
      on: (event: 'error', listener: (error: Error) => void) => {
        client.on(event, listener);
        return poolClient;
      },
      removeListener: (event: 'error', listener: (error: Error) => void) => {
        client.removeListener(event, listener);
        return poolClient;
      },
      release: () => undefined,
    };
    return poolClient as unknown as pg.PoolClient;
  }

  private async queryPresentingText(client: pg.Client, args: QueryArgs): Promise<pg.QueryResult> {
    const result = await (client.query as (...a: QueryArgs) => Promise<pg.QueryResult>)(...args);
    const chars: number[] = [];
    for (const [index, field] of (result.fields ?? []).entries()) {
      if (field.dataTypeID === CHAR_OID) chars.push(index);
      if (CATALOG_TYPES_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    if (chars.length > 0) this.charColumns.set(result.rows, chars);
    return result;
  }
}
