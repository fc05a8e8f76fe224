import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket, SslOptions } from 'mysql2/promise';
import { loadOptional } from '../../optional';
import { withTimeout } from '../../wait';
import { parseMysqlDsn } from '../endpoint';
import { COMPACT_KEY } from '../log';
import type { DatabaseTls } from './database-tls';
import type { Dialect, Queryable, RawRow } from './driver';
import { failingAfterTimeout, ServerDriver } from './server-driver';
import {
  BYTES_PER_STATEMENT, CURRENT_COLUMNS, currentRows, currentValues, KINE_COLUMNS, kineValues, ROWS_PER_STATEMENT, statementGroups, valuesList,
} from './statements';

const { createPool } = loadOptional<typeof import('mysql2/promise')>('mysql2/promise', 'vck storage');

/** A VALUES list of `rows` rows of `width` placeholders. */
const placeholders = (rows: number, width: number) => valuesList(rows, Array(width).fill('?'));

const dialect: Dialect = {
  name: 'mysql',
  schema: [
    // kine's table (names are ASCII, compared byte-wise; a BIGINT lease column, kine's is INTEGER, so that etcd's
    // 64-bit lease ids fit). MySQL has no CREATE INDEX IF NOT EXISTS, so the indexes come with the table.
    `CREATE TABLE IF NOT EXISTS kine (
      id BIGINT UNSIGNED AUTO_INCREMENT,
      name VARCHAR(630) CHARACTER SET ascii COLLATE ascii_bin,
      created INTEGER,
      deleted INTEGER,
      create_revision BIGINT UNSIGNED,
      prev_revision BIGINT UNSIGNED,
      lease BIGINT,
      value MEDIUMBLOB,
      old_value MEDIUMBLOB,
      PRIMARY KEY (id),
      INDEX kine_name_index (name),
      INDEX kine_name_id_index (name, id),
      INDEX kine_id_deleted_index (id, deleted),
      INDEX kine_prev_revision_index (prev_revision),
      UNIQUE INDEX kine_name_prev_revision_uindex (name, prev_revision),
      INDEX vck_kine_lease_index (lease)
    )`,
    'CREATE TABLE IF NOT EXISTS vck_current (name VARBINARY(630) NOT NULL PRIMARY KEY, id BIGINT UNSIGNED NOT NULL, deleted INTEGER NOT NULL, '
      + 'version BIGINT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS vck_lease (id BIGINT PRIMARY KEY, ttl BIGINT NOT NULL, expires_at BIGINT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS vck_lock (id INTEGER PRIMARY KEY)',
    'INSERT IGNORE INTO vck_lock (id) VALUES (1)',
  ],
  // Two statements a group of rows, each with a VALUES list as long as the group (the client escapes the values into
  // the text: no statement is prepared per length). Rows inserted with their ids move AUTO_INCREMENT past them.
  insertRows: (rows) => statementGroups(rows, ROWS_PER_STATEMENT, BYTES_PER_STATEMENT).flatMap((group) => {
    const current = currentRows(group);
    return [
      { sql: `INSERT INTO kine (${KINE_COLUMNS}) VALUES ${placeholders(group.length, 9)}`, params: group.flatMap(kineValues) },
      {
        sql: `INSERT INTO vck_current (${CURRENT_COLUMNS}) VALUES ${placeholders(current.length, 4)} `
          + 'ON DUPLICATE KEY UPDATE id = VALUES(id), deleted = VALUES(deleted), version = VALUES(version)',
        params: current.flatMap(currentValues),
      },
    ];
  }),
  // InnoDB never lowers the counter below the highest id; asking for 1 sets it just past it.
  syncIdSequence: { sql: 'ALTER TABLE kine AUTO_INCREMENT = 1', outsideTransaction: true },
  // MySQL refuses a DELETE whose subquery reads the same table, unless the subquery is a materialized derived table.
  compactBatch: `DELETE k FROM kine k JOIN (
      SELECT prev_revision AS id FROM kine WHERE name != '${COMPACT_KEY}' AND prev_revision != 0 AND id > ? AND id <= ?
      UNION SELECT id FROM kine WHERE deleted != 0 AND id > ? AND id <= ? AND id != (SELECT MAX(id) FROM kine)) d ON k.id = d.id`,
  isUniqueViolation: (err) => (err as { errno?: number }).errno === 1062,
  // kine's name column compares PAD SPACE (as if padded with spaces), so the apiserver's continue key `last\0`
  // would select `last` again. No stored key holds a byte below '!' (Kubernetes keys are printable, without
  // spaces): cutting a bound at its first NUL and appending '!' selects exactly the keys after `last`.
  bound: (key) => {
    const nul = key.indexOf('\u0000');
    return nul < 0 ? key : `${key.slice(0, nul)}!`;
  },
  nameOrder: (column) => `BINARY ${column}`,
};

/** Names are compared byte-wise: strings travel as binary, so MySQL compares them as bytes, case-sensitively. */
const binary = (params: readonly unknown[]) => params.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));

/**
 * Statements on one connection, each bounded by `timeoutMs` (mysql2 starts a statement's timer only when the statement
 * runs: see failingAfterTimeout for the statements behind one that timed out).
 */
function queryable(conn: Pick<Pool, 'query'>, timeoutMs: number): Queryable {
  return failingAfterTimeout({
    async all(sql, params = []) {
      const [rows] = await conn.query<RowDataPacket[]>({ sql, timeout: timeoutMs }, binary(params));
      return rows as RawRow[];
    },
    async run(sql, params = []) {
      const [result] = await conn.query<ResultSetHeader>({ sql, timeout: timeoutMs }, binary(params));
      return { changes: result.affectedRows ?? 0, insertId: Number(result.insertId ?? 0) };
    },
  }, (err) => (err as { code?: string }).code === 'PROTOCOL_SEQUENCE_TIMEOUT');
}

/** Options of the MySQL driver (kine's pool tunables and database TLS). */
export interface MysqlOptions {
  readonly maxOpenConnections?: number;
  /** A statement slower than this fails (and its write is not acknowledged) instead of hanging. */
  readonly queryTimeoutMs?: number;
  /** The CA and client certificate of `--ca-file`, `--cert-file`, `--key-file`, and `--skip-verify`. */
  readonly databaseTls?: DatabaseTls;
}

/**
 * How the connection is encrypted, as kine's MySQL driver does it: the TLS flags, when given, make the TLS config the
 * connection uses (kine registers it and overrides the data source's `tls` parameter with it), verifying the server's
 * certificate chain and name unless `--skip-verify`; without them the data source's `tls` parameter decides (the Go
 * driver's values; `preferred` needs TLS here, mysql2 cannot fall back to an unencrypted connection).
 */
export function mysqlSsl(dsn: string, tls?: DatabaseTls): SslOptions | undefined {
  if (tls) {
    const verify = !tls.skipVerify;
    return { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: verify, verifyIdentity: verify };
  }
  const mode = new URLSearchParams(dsn.split('?')[1] ?? '').get('tls');
  switch (mode) {
    case null:
    case 'false':
      return undefined;
    case 'true':
      return { rejectUnauthorized: true, verifyIdentity: true };
    case 'skip-verify':
    case 'preferred':
      return { rejectUnauthorized: false };
    default:
      throw new Error(`tls=${mode} in the data source: use true, false, skip-verify or preferred; for a CA or a client `
        + 'certificate give --ca-file, --cert-file and --key-file');
  }
}

/**
 * MySQL and MariaDB through `mysql2`: a pool for reads; each write transaction locks the one row of `vck_lock`,
 * the write lock several shims on one database share. Transactions run READ COMMITTED, so reads after the lock
 * see every earlier commit. No LISTEN here: other shims' commits are found by the bounded poll.
 */
export class MysqlDriver extends ServerDriver {
  public readonly dialect = dialect;
  protected readonly reads: Queryable;
  private readonly pool: Pool;

  public constructor(dsn: string, private readonly options: MysqlOptions = {}) {
    super();
    this.pool = createPool({
      ...parseMysqlDsn(dsn),
      ssl: mysqlSsl(dsn, options.databaseTls),
      connectionLimit: options.maxOpenConnections ?? 10,
      // A server that accepts connections but never answers (hung) must fail requests as fast as a slow query does.
      connectTimeout: Math.min(5000, this.queryTimeoutMs),
      // BLOB columns come back as Buffers; BIGINT ids below 2^53 as numbers.
      supportBigNumbers: true,
      bigNumberStrings: false,
    });
    this.pool.pool.on('connection', (conn) => {
      // Timed like every statement: mysql2 starts a statement's timer only when the statement runs, so one without a
      // timer on a hung server would hold every later statement of the connection, timers and all, for good.
      conn.query({ sql: 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', timeout: this.queryTimeoutMs }, (err) => {
        if (err) conn.destroy();
      });
    });
    // Each read on a connection of its own: see onConnection for why a failed one is dropped, not pooled again.
    this.reads = {
      all: (sql, params) => this.onConnection([], false, (conn) => conn.all(sql, params)),
      run: (sql, params) => this.onConnection([], false, (conn) => conn.run(sql, params)),
    };
  }

  private get queryTimeoutMs(): number {
    return this.options.queryTimeoutMs ?? 30_000;
  }

  /**
   * A connection of the pool, within the query timeout. A statement that timed out keeps its connection busy until
   * the server answers (mysql2 gives up on the statement, not on the connection), so on a hung server the pool soon
   * has none left, and waiting for one unbounded would hang every request: it fails like a slow statement instead.
   */
  private async acquire(): Promise<PoolConnection> {
    const pending = this.pool.getConnection();
    try {
      return await withTimeout(pending, this.queryTimeoutMs, () => new Error(`no database connection free within ${this.queryTimeoutMs} ms`));
    } catch (err) {
      // A connection that arrives after the wait gave up goes back to the pool.
      pending.then((conn) => conn.release(), () => undefined);
      throw err;
    }
  }

  public write<T>(fn: (tx: Queryable) => Promise<T>, wroteRows?: () => boolean): Promise<T> {
    return this.onConnection(['START TRANSACTION'], true, fn, wroteRows);
  }

  protected consistentRead<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    // Sessions run READ COMMITTED; a consistent snapshot needs REPEATABLE READ for this one transaction.
    return this.onConnection(['SET TRANSACTION ISOLATION LEVEL REPEATABLE READ', 'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY'], false, fn);
  }

  public async defragment(): Promise<void> {
    await this.all(`OPTIMIZE TABLE ${ServerDriver.TABLES.join(', ')}`);
  }

  private async onConnection<T>(begin: readonly string[], lock: boolean, fn: (tx: Queryable) => Promise<T>, wroteRows?: () => boolean): Promise<T> {
    const conn = await this.acquire();
    let broken = false;
    // A connection lost between two statements emits 'error'; unheard, it would end the process. The next
    // statement fails with it anyway, and the transaction with that.
    const onError = () => {
      broken = true;
    };
    conn.on('error', onError);
    try {
      const tx = queryable(conn, this.queryTimeoutMs);
      return begin.length === 0 && !lock ? await fn(tx) : await this.transaction(tx, begin, lock, fn, onError, wroteRows);
    } catch (err) {
      broken = true;
      throw err;
    } finally {
      // A connection whose statement failed may be broken or still busy with it: drop it rather than pool it again.
      conn.removeListener('error', onError);
      if (broken) conn.destroy();
      else conn.release();
    }
  }

  public async listen(): Promise<boolean> {
    return false;
  }

  public async sizeBytes(): Promise<number> {
    const [row] = await this.all(`SELECT COALESCE(SUM(data_length + index_length), 0) AS n FROM information_schema.tables
      WHERE table_schema = DATABASE() AND table_name IN ('kine', 'vck_current', 'vck_lease')`);
    return Number(row?.n ?? 0);
  }

  public async close(): Promise<void> {
    await this.pool.end();
  }
}
