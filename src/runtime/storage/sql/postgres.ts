import type { ConnectionOptions } from 'tls';
import type { Client as PgClient, Pool as PgPool, PoolClient, QueryResult } from 'pg';
import { readTlsFile, type DatabaseTls } from './database-tls';
import { NOTIFY_CHANNEL, type Dialect, type Queryable, type RawRow } from './driver';
import { failingAfterTimeout, ServerDriver } from './server-driver';
import {
  BYTES_PER_STATEMENT, COMPACT_BATCH_IN, CURRENT_COLUMNS, KINE_COLUMNS, KINE_INDEXES, kineValues, ON_CURRENT_CONFLICT, statementGroups, valuesList,
} from './statements';
import { loadOptional } from '../../optional';

const { Client, Pool, types } = loadOptional<typeof import('pg')>('pg', 'vck storage');

const INT8_OID = 20;
/** Row ids and counts are BIGINT; below 2^53 they are exact as numbers, which the rest of the store uses. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? Number : types.getTypeParser(oid, format as 'text'))) as typeof types.getTypeParser,
};

/** Rows per statement: each group size is a statement of its own, prepared on each connection that runs it. */
const PG_ROWS_PER_STATEMENT = 100;
/** The types of kine's columns (KINE_COLUMNS) and of a row's version, as the VALUES list of insertRows states them. */
const ROW_TYPES = ['bigint', 'text', 'int', 'int', 'bigint', 'bigint', 'bigint', 'bytea', 'bytea', 'bigint'];

/**
 * One statement writes a group of rows into kine and the newest of each key into vck_current, and sets kine's id
 * sequence past them (their ids are given; another shim's next write takes the next one). Values travel as
 * parameters (binary for the byte columns); a text per group size, prepared once per connection.
 */
function insertRows(count: number): string {
  return `WITH v (${KINE_COLUMNS}, version) AS (VALUES ${valuesList(count, ROW_TYPES.map((type) => `?::${type}`))}),
    k AS (INSERT INTO kine (${KINE_COLUMNS}) SELECT ${KINE_COLUMNS} FROM v),
    c AS (INSERT INTO vck_current (${CURRENT_COLUMNS}) SELECT DISTINCT ON (name) ${CURRENT_COLUMNS} FROM v ORDER BY name, id DESC
      ${ON_CURRENT_CONFLICT})
    SELECT setval(pg_get_serial_sequence('kine', 'id'), (SELECT MAX(id) FROM v))`;
}

const dialect: Dialect = {
  name: 'postgres',
  // kine's table, with a BIGINT lease column (kine's is INTEGER) so that etcd's 64-bit lease ids fit; kine reads
  // either the same way.
  schema: [
    `CREATE TABLE IF NOT EXISTS kine (
      id BIGSERIAL PRIMARY KEY,
      name text COLLATE "C",
      created INTEGER,
      deleted INTEGER,
      create_revision BIGINT,
      prev_revision BIGINT,
      lease BIGINT,
      value bytea,
      old_value bytea
    )`,
    ...KINE_INDEXES,
    'CREATE TABLE IF NOT EXISTS vck_current (name text COLLATE "C" PRIMARY KEY, id BIGINT NOT NULL, deleted INTEGER NOT NULL, version BIGINT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS vck_lease (id BIGINT PRIMARY KEY, ttl BIGINT NOT NULL, expires_at BIGINT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS vck_lock (id INTEGER PRIMARY KEY)',
    'INSERT INTO vck_lock (id) VALUES (1) ON CONFLICT DO NOTHING',
  ],
  insertRows: (rows) => statementGroups(rows, PG_ROWS_PER_STATEMENT, BYTES_PER_STATEMENT).map((group) => ({
    sql: insertRows(group.length),
    params: group.flatMap((row) => [...kineValues(row), row.version]),
  })),
  compactBatch: COMPACT_BATCH_IN,
  isUniqueViolation: (err) => (err as { code?: string }).code === '23505',
  // Text cannot hold NUL, so no stored key contains one: cutting a bound at its first NUL and appending \x01 selects
  // exactly the same keys (the apiserver's continue keys end in NUL).
  bound: (key) => {
    const nul = key.indexOf('\u0000');
    return nul < 0 ? key : `${key.slice(0, nul)}\u0001`;
  },
  nameOrder: (column) => column,
  notify: `SELECT pg_notify('${NOTIFY_CHANNEL}', '')`,
  syncIdSequence: { sql: "SELECT setval(pg_get_serial_sequence('kine', 'id'), GREATEST((SELECT MAX(id) FROM kine), 1))" },
};

/** `?` placeholders become `$1…$n`; each text is a named prepared statement, parsed once per connection. */
const texts = new Map<string, { name: string; text: string }>();
function prepared(sql: string): { name: string; text: string } {
  let entry = texts.get(sql);
  if (!entry) {
    let n = 0;
    entry = { name: `vck_${texts.size}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    texts.set(sql, entry);
  }
  return entry;
}

function queryable(client: { query: (config: object) => Promise<QueryResult> }): Queryable {
  const exec = (sql: string, params: readonly unknown[] = []) => {
    // Savepoint and transaction statements take no parameters and must not be prepared under a shared name.
    if (params.length === 0 && !sql.includes('?')) return client.query({ text: sql });
    return client.query({ ...prepared(sql), values: params as unknown[] });
  };
  return {
    async all(sql, params) {
      return (await exec(sql, params)).rows as RawRow[];
    },
    async run(sql, params) {
      // Several statements sent together answer with one result each: the last is the one that counts.
      const answered: QueryResult | QueryResult[] = await exec(sql, params);
      const result = Array.isArray(answered) ? answered[answered.length - 1] : answered;
      return { changes: result.rowCount ?? 0, insertId: Number(result.rows[0]?.id ?? 0) };
    },
  };
}

/** pg's error for a statement that ran past `query_timeout`. */
const PG_QUERY_TIMEOUT = 'Query read timeout';

/** Options of the PostgreSQL driver (kine's pool tunables and database TLS). */
export interface PostgresOptions {
  readonly maxOpenConnections?: number;
  /** A statement slower than this fails (and its write is not acknowledged) instead of hanging. */
  readonly queryTimeoutMs?: number;
  /** The CA and client certificate of `--ca-file`, `--cert-file`, `--key-file`; the data source's own `ssl*` parameters win. */
  readonly databaseTls?: DatabaseTls;
}

/** The data source's parameters that say how the connection is encrypted (libpq's names). */
const SSL_PARAMETERS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey'] as const;

/**
 * How `pg` connects to a data source, with libpq's (and kine's pgx's) meaning of `sslmode`, which `pg` does not give
 * it (it verifies the server in every mode but `no-verify`). As in kine, the TLS flags fill in the `ssl*` parameters
 * the data source leaves out, and make the default `sslmode` `verify-full`: a given CA is there to be checked. The
 * parameters are taken out of the URL, which would otherwise override the `ssl` given here. A data source with
 * neither parameters nor flags is left to `pg` as it is (no encryption).
 */
export function postgresConnection(url: string, tls?: DatabaseTls): { connectionString: string; ssl?: boolean | ConnectionOptions } {
  if (!tls && !SSL_PARAMETERS.some((name) => new RegExp(`[?&]${name}=`).test(url))) return { connectionString: url };
  const parsed = new URL(url);
  const params = parsed.searchParams;
  const file = (name: 'sslrootcert' | 'sslcert' | 'sslkey', flag: Buffer | undefined, contents: 'certificate' | 'key') => {
    const path = params.get(name);
    return path ? readTlsFile(path, `${name} in the data source:`, contents) : flag;
  };
  const files = { ca: file('sslrootcert', tls?.ca, 'certificate'), cert: file('sslcert', tls?.cert, 'certificate'), key: file('sslkey', tls?.key, 'key') };
  const mode = params.get('sslmode') ?? (tls ? 'verify-full' : 'prefer');
  for (const name of SSL_PARAMETERS) params.delete(name);
  const connectionString = parsed.toString();
  const unverified = { ...files, rejectUnauthorized: false };
  const chainOnly = { ...files, checkServerIdentity: () => undefined };
  switch (mode) {
    case 'disable':
      return { connectionString, ssl: false };
    // libpq falls back to an unencrypted connection where the server offers none; pg cannot, so these need TLS.
    case 'allow':
    case 'prefer':
      return { connectionString, ssl: unverified };
    // With a CA, libpq's `require` checks the chain as `verify-ca` does.
    case 'require':
      return { connectionString, ssl: files.ca ? chainOnly : unverified };
    case 'verify-ca':
      return { connectionString, ssl: chainOnly };
    case 'verify-full':
      return { connectionString, ssl: files };
    default:
      throw new Error(`sslmode=${mode} in the data source: use disable, allow, prefer, require, verify-ca or verify-full`);
  }
}

/**
 * PostgreSQL through `pg`: a pool for reads; each write transaction takes a pooled connection and locks the one
 * row of `vck_lock`, the write lock several shims on one database share. Commits that wrote rows NOTIFY the
 * others, which LISTEN.
 */
export class PostgresDriver extends ServerDriver {
  public readonly dialect = dialect;
  protected readonly reads: Queryable;
  protected readonly sendsStatementsTogether = true;
  private readonly pool: PgPool;
  private listener?: PgClient;
  private closed = false;

  /** How every connection (the pool's and the listener's) reaches the database. */
  private readonly connection: ReturnType<typeof postgresConnection>;

  public constructor(url: string, options: PostgresOptions = {}) {
    super();
    this.connection = postgresConnection(url, options.databaseTls);
    const queryTimeout = options.queryTimeoutMs ?? 30_000;
    this.pool = new Pool({
      ...this.connection,
      max: options.maxOpenConnections ?? 10,
      // A server that accepts connections but never answers (hung) must fail requests as fast as a slow query does.
      connectionTimeoutMillis: Math.min(5000, queryTimeout),
      query_timeout: queryTimeout,
      types: pgTypes,
    });
    // An idle connection that breaks (the server restarted) is dropped by the pool; this keeps it from crashing us.
    this.pool.on('error', () => undefined);
    this.reads = queryable(this.pool);
  }

  public write<T>(fn: (tx: Queryable) => Promise<T>, wroteRows?: () => boolean): Promise<T> {
    return this.onConnection(['BEGIN'], true, fn, wroteRows);
  }

  protected consistentRead<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.onConnection(['BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'], false, fn);
  }

  public async defragment(): Promise<void> {
    // Plain VACUUM: frees dead rows for reuse without the exclusive lock VACUUM FULL would hold against every request.
    for (const table of ServerDriver.TABLES) await this.run(`VACUUM ${table}`);
  }

  private async onConnection<T>(begin: readonly string[], lock: boolean, fn: (tx: Queryable) => Promise<T>, wroteRows?: () => boolean): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    let broken: Error | undefined;
    // A connection lost between two statements emits 'error' on the client; unheard, it would end the process.
    // The next statement fails with it anyway, and the transaction with that.
    const onError = (err: Error) => {
      broken = err;
    };
    client.on('error', onError);
    try {
      // pg times each statement from when it is queued, but one queued behind a statement that timed out would still
      // wait a whole timeout more before failing.
      const statements = failingAfterTimeout(queryable(client), (err) => (err as Error).message === PG_QUERY_TIMEOUT);
      return await this.transaction(statements, begin, lock, fn, onError, wroteRows);
    } catch (err) {
      broken ??= err as Error;
      throw err;
    } finally {
      // A connection whose transaction failed may be broken: drop it rather than hand it to the next write.
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  public async listen(listener: () => void): Promise<boolean> {
    const connect = async (): Promise<void> => {
      if (this.closed) return;
      const client = new Client({ ...this.connection, connectionTimeoutMillis: 5000 });
      const retry = () => {
        if (this.listener === client) this.listener = undefined;
        void client.end().catch(() => undefined);
        if (!this.closed) setTimeout(() => void connect().catch(() => undefined), 1000).unref();
      };
      client.on('error', retry);
      client.on('notification', () => listener());
      try {
        await client.connect();
        await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
        this.listener = client;
        // Commits made while we were not listening are found by the next poll.
        listener();
      } catch {
        retry();
      }
    };
    await connect();
    return true;
  }

  public async sizeBytes(): Promise<number> {
    const [row] = await this.all("SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS n FROM pg_class c WHERE c.relname IN ('kine', 'vck_current', 'vck_lease')");
    return Number(row?.n ?? 0);
  }

  public async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}
