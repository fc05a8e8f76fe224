import { KeyExistsError, type KeySelection, type LeaseRecord, type Log, type LogReader, type LogTx, type NewRow, type Row } from '../log';
import { NewestRows } from '../newest-rows';
import type { Driver, Queryable, RawRow } from './driver';
import { createSchema } from './schema';
import { statements, type Statements } from './statements';

/** LIMIT for "no limit": above any row count, and a plain integer in every dialect. */
const NO_LIMIT = 2 ** 52;
/** Rows read per query when catching up with other processes' commits. */
const CATCH_UP_CHUNK = 1000;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const buf = (v: unknown): Buffer | null => (v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v as string));

function toRow(raw: RawRow): Row {
  return {
    id: num(raw.id),
    name: Buffer.isBuffer(raw.name) ? raw.name.toString('utf8') : String(raw.name),
    created: num(raw.created) === 1,
    deleted: num(raw.deleted) === 1,
    createRevision: num(raw.create_revision),
    prevRevision: num(raw.prev_revision),
    lease: num(raw.lease),
    value: buf(raw.value),
    oldValue: buf(raw.old_value),
    version: raw.deleted && num(raw.deleted) === 1 ? 0 : num(raw.version),
  };
}

function toLease(raw: RawRow): LeaseRecord {
  return { id: num(raw.id), ttl: num(raw.ttl), expiresAt: num(raw.expires_at) };
}

/**
 * The reads every dialect shares, on any connection: the pool, or the open write transaction. A key's newest row is
 * not read here but from memory (NewestRows), by the log and by its write transactions.
 */
class Reads implements Omit<LogReader, 'latest'> {
  /** `current` and `compacted` tell the revisions these reads are relative to (the transaction's or the log's). */
  public constructor(
    protected readonly db: Queryable,
    protected readonly sql: Statements,
    protected readonly driver: Driver,
    private readonly currentOf: () => number,
    private readonly compactedOf: () => number,
  ) {}

  public currentRevision(): number {
    return this.currentOf();
  }

  public compactRevision(): number {
    return this.compactedOf();
  }

  /** Every read of these goes through here: a write transaction first sends the rows it holds back (SqlTx). */
  protected query(sql: string, params: unknown[]): Promise<RawRow[]> {
    return this.db.all(sql, params);
  }

  protected async one(sql: string, params: unknown[]): Promise<Row | undefined> {
    const [raw] = await this.query(sql, params);
    return raw ? toRow(raw) : undefined;
  }

  protected async rows(sql: string, params: unknown[]): Promise<Row[]> {
    return (await this.query(sql, params)).map(toRow);
  }

  /** The latest row of a key at an older revision, from history. */
  protected latestAt(name: string, revision: number): Promise<Row | undefined> {
    return this.one(this.sql.latestAt, [name, revision]);
  }

  public list(start: string, end: string, revision: number, limit: number): Promise<Row[]> {
    const [s, e] = [this.driver.dialect.bound(start), this.driver.dialect.bound(end)];
    const max = limit > 0 ? limit : NO_LIMIT;
    return revision >= this.currentOf() ? this.rows(this.sql.listNow, [s, e, max]) : this.rows(this.sql.listAt, [s, e, revision, max]);
  }

  public async count(start: string, end: string, revision: number): Promise<number> {
    const [s, e] = [this.driver.dialect.bound(start), this.driver.dialect.bound(end)];
    const [raw] = revision >= this.currentOf()
      ? await this.query(this.sql.countNow, [s, e])
      : await this.query(this.sql.countAt, [s, e, revision]);
    return num(raw?.n);
  }

  public async leaseKeys(lease: number): Promise<Row[]> {
    return this.rows(this.sql.leaseKeys, [lease]);
  }

  public async lease(id: number): Promise<LeaseRecord | undefined> {
    const [raw] = await this.query(this.sql.lease, [id]);
    return raw ? toLease(raw) : undefined;
  }

  /** Rows with ids above `from`, in revision order, at most `limit`; of the keys `keys` selects when given. */
  public async rowsAfter(from: number, limit: number, keys?: KeySelection): Promise<Row[]> {
    if (!keys) return this.rows(this.sql.after, [from, limit]);
    // One key is the range up to the next key, key + NUL: bounded like any range, so a key a database cannot store
    // (NUL in PostgreSQL's text) selects nothing rather than failing the statement.
    const end = keys.single ? `${keys.start}\u0000` : keys.end;
    const [s, e] = [this.driver.dialect.bound(keys.start), this.driver.dialect.bound(end)];
    return this.rows(this.sql.afterInRange, [from, s, e, limit]);
  }
}

/**
 * One write transaction: reads see its own writes; the rows it wrote are published after the commit.
 *
 * Rows are not sent to the database as they are written but held, their ids given by the transaction (it holds the
 * write lock, so the next id is known), and sent together before the commit: a few statements a batch rather than a
 * few a write, and nothing to undo when a write of the batch fails before they are sent, which spares most writes a
 * savepoint (a savepoint costs SQLite a copy of every page changed after it, and a server a round trip). They are
 * sent earlier only when a read of the database needs them, and a write still under way then gets its savepoint first.
 */
class SqlTx extends Reads implements LogTx {
  public readonly written: Row[] = [];
  /** How many of `written` are in the database. */
  private sent = 0;
  private savepoints = 0;
  /** The write being applied in a batch: its savepoint, made only before its first change sent to the database. */
  private scope?: { readonly name: string; readonly firstRow: number; opened: boolean };
  /**
   * The newest row of each key this transaction has seen change: other processes' commits read under the lock
   * (`seen`), then its own writes. Every other key's newest row is the log's, in memory: nothing else writes while
   * the transaction holds the write lock.
   */
  private changed = new Map<string, Row>();

  public constructor(db: Queryable, sql: Statements, driver: Driver, private readonly newest: NewestRows,
    private readonly seen: readonly Row[], public revision: number, compacted: number) {
    super(db, sql, driver, () => this.revision, () => compacted);
    this.remember(seen);
  }

  private remember(rows: readonly Row[]): void {
    for (const row of rows) this.changed.set(row.name, row);
  }

  public async latest(name: string, revision?: number): Promise<Row | undefined> {
    if (revision !== undefined && revision < this.revision) return this.latestAt(name, revision);
    return this.changed.get(name) ?? this.newest.get(name);
  }

  protected override async query(sql: string, params: unknown[]): Promise<RawRow[]> {
    await this.send();
    return super.query(sql, params);
  }

  public async insert(row: NewRow): Promise<Row> {
    const written = { ...row, id: this.revision + 1 };
    this.written.push(written);
    this.changed.set(written.name, written);
    this.revision = written.id;
    return written;
  }

  /** Sends the rows written so far to the database; a write under way and not yet sent gets its savepoint first. */
  public async send(): Promise<void> {
    if (this.sent === this.written.length) return;
    if (this.scope && this.scope.firstRow < this.written.length) await this.openSavepoint();
    await this.sendUpTo(this.written.length);
  }

  private async sendUpTo(end: number): Promise<void> {
    if (end <= this.sent) return;
    const dialect = this.driver.dialect;
    for (const statement of dialect.insertRows(this.written.slice(this.sent, end))) {
      try {
        await this.db.run(statement.sql, statement.params);
      } catch (err) {
        // Writes hold the write lock, so only a writer that does not take it (kine itself on the same database) can
        // have superseded a row first.
        if (dialect.isUniqueViolation(err)) throw new KeyExistsError(this.written[this.sent].name);
        throw err;
      }
    }
    this.sent = end;
  }

  /**
   * Runs `fn` so that, when it throws, its writes alone are undone: rows not yet sent are dropped; a savepoint is only
   * made before this write's first change to the database itself (a lease, or its rows sent early for a read). It is
   * never released: each has its own name, the commit ends them all, and a release would be one more round trip.
   */
  public async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const [rows, revision] = [this.written.length, this.revision];
    this.scope = { name: `vck_${this.savepoints++}`, firstRow: rows, opened: false };
    const scope = this.scope;
    try {
      return await fn();
    } catch (err) {
      if (scope.opened) await this.db.run(`ROLLBACK TO SAVEPOINT ${scope.name}`);
      this.written.length = rows;
      this.sent = Math.min(this.sent, rows);
      this.revision = revision;
      this.changed = new Map();
      this.remember(this.seen);
      this.remember(this.written);
      throw err;
    } finally {
      this.scope = undefined;
    }
  }

  /** Makes the savepoint of the write under way, once the rows of the writes before it are in the database. */
  private async openSavepoint(): Promise<void> {
    if (!this.scope || this.scope.opened) return;
    await this.sendUpTo(this.scope.firstRow);
    this.scope.opened = true;
    await this.db.run(`SAVEPOINT ${this.scope.name}`);
  }

  public async putLease(lease: LeaseRecord): Promise<void> {
    await this.openSavepoint();
    const changed = await this.db.run(this.sql.touchLease, [lease.expiresAt, lease.id]);
    if (changed.changes === 0) await this.db.run(this.sql.insertLease, [lease.id, lease.ttl, lease.expiresAt]);
  }

  public async removeLease(id: number): Promise<void> {
    await this.openSavepoint();
    await this.db.run(this.sql.removeLease, [id]);
  }
}

/**
 * kine's table in any dialect, plus our own tables: `vck_current` (the latest row id of every key, so reads at the
 * current revision touch one row per key) and `vck_lease`. kine's table stays authoritative: `vck_current` is
 * rebuilt from it when empty, so an existing k3s/vCluster database opens as it is.
 *
 * Writes, catching up with other processes' commits, and compaction run one at a time. Each commit's rows are handed
 * to `onCommit` in revision order right after the commit, together with any rows other processes committed before
 * it, so watchers see every revision once and in order.
 */
export class SqlLog extends Reads implements Log {
  /** Opens (and creates or upgrades) the tables. */
  public static async open(driver: Driver): Promise<SqlLog> {
    const sql = statements(driver.dialect.nameOrder);
    await createSchema(driver);
    await driver.write(async (tx) => {
      if (num((await tx.all(sql.compactRows))[0]?.n) === 0) await tx.run(sql.createCompactRow);
      if (num((await tx.all(sql.currentRows))[0]?.n) === 0) await tx.run(sql.rebuildCurrent);
    });
    // One write transaction reads the revision and the rows of one moment: another process may be writing.
    return driver.write(async (db) => {
      const log = new SqlLog(driver, sql, new NewestRows((await db.all(sql.newestRows)).map(toRow)));
      log.revision = num((await db.all(sql.maxId))[0]?.id);
      log.compacted = num((await db.all(sql.compactRev))[0]?.rev);
      log.dataVersion = driver.dataVersion?.();
      return log;
    });
  }

  private revision = 0;
  private compacted = 0;
  /** The driver's data version when the rows other processes had committed were last taken in. */
  private dataVersion?: number;
  private queue: Promise<unknown> = Promise.resolve();
  private pendingCatchUp?: Promise<void>;
  /** The look at a server's newest revision under way, and the one the calls made meanwhile wait for. */
  private checking?: Promise<void>;
  private nextCheck?: Promise<void>;

  private constructor(driver: Driver, sql: Statements, private readonly newestRows: NewestRows) {
    super(driver, sql, driver, () => this.revision, () => this.compacted);
  }

  public async newest(): Promise<NewestRows> {
    const version = this.driver.dataVersion?.();
    if (version !== undefined) {
      // SQLite tells without a query whether another process committed since the rows in memory were taken in.
      if (version !== this.dataVersion) await this.catchUp();
    } else {
      await this.serverChecked();
    }
    return this.newestRows;
  }

  /**
   * Resolves once a look at a database server's newest revision, begun after the call, found nothing newer than
   * memory or caught up with it: one cheap round trip in place of the read it saves. Calls that arrive while a look
   * is under way share the next one (it begins after them), so a busy store asks once per round trip, not per read.
   */
  private serverChecked(): Promise<void> {
    if (!this.checking) {
      this.checking = (async () => {
        if (num((await this.driver.all(this.sql.maxId))[0]?.id) > this.revision) await this.catchUp();
      })().finally(() => {
        this.checking = undefined;
      });
      return this.checking;
    }
    this.nextCheck ??= this.checking.catch(() => undefined).then(() => {
      this.nextCheck = undefined;
      return this.serverChecked();
    });
    return this.nextCheck;
  }

  public async latest(name: string, revision?: number): Promise<Row | undefined> {
    if (revision !== undefined && revision < this.revision) return this.latestAt(name, revision);
    return (await this.newest()).get(name);
  }

  public async list(start: string, end: string, revision: number, limit: number): Promise<Row[]> {
    if (revision < this.revision) return super.list(start, end, revision, limit);
    return (await this.newest()).list(start, end, limit);
  }

  public async count(start: string, end: string, revision: number): Promise<number> {
    if (revision < this.revision) return super.count(start, end, revision);
    return (await this.newest()).count(start, end);
  }

  /** Called with committed rows, in revision order, once each. */
  public onCommit: (rows: readonly Row[]) => void = () => {};

  public get dialect(): Driver['dialect'] {
    return this.driver.dialect;
  }

  public async leases(): Promise<LeaseRecord[]> {
    return (await this.db.all(this.sql.leases)).map(toLease);
  }

  public async expiredLeases(now: number): Promise<LeaseRecord[]> {
    return (await this.db.all(this.sql.expiredLeases, [now])).map(toLease);
  }

  /** Leases of live keys without a lease record (kine stores a key's TTL in seconds as its lease). */
  public async orphanLeases(): Promise<number[]> {
    return (await this.db.all(this.sql.orphanLeases)).map((raw) => num(raw.lease));
  }

  /** Runs `fn` after everything queued before it: writes, catch-ups and compaction batches never overlap. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Rows other processes committed after our newest published revision (all of them, when we hold the write lock),
   * and the data version they are as of. Where the driver's data version has not moved, there are none to read.
   */
  private async foreignRows(db: Reads): Promise<{ rows: Row[]; version?: number }> {
    const version = this.driver.dataVersion?.();
    const rows: Row[] = [];
    if (version !== undefined && version === this.dataVersion) return { rows, version };
    for (let from = this.revision; ;) {
      const chunk = await db.rowsAfter(from, CATCH_UP_CHUNK);
      rows.push(...chunk);
      if (chunk.length < CATCH_UP_CHUNK) return { rows, version };
      from = chunk[chunk.length - 1].id;
    }
  }

  /** Publishes committed rows: into memory, then to the watchers; `version` is the data version they bring us to. */
  private publish(rows: readonly Row[], version: number | undefined): void {
    this.dataVersion = version;
    if (rows.length === 0) return;
    for (const row of rows) this.newestRows.apply(row);
    this.revision = Math.max(this.revision, rows[rows.length - 1].id);
    this.onCommit(rows);
  }

  /**
   * Runs `fn` in one transaction under the write lock; resolves once it is committed (durable) and its rows are
   * published. Nothing is published when the commit fails.
   */
  public write<T>(fn: (tx: LogTx) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      let rows: Row[] = [];
      let version: number | undefined;
      let wrote = false;
      const result = await this.driver.write(async (db) => {
        const foreign = await this.foreignRows(new Reads(db, this.sql, this.driver, () => this.revision, () => this.compacted));
        version = foreign.version;
        const start = foreign.rows.length > 0 ? foreign.rows[foreign.rows.length - 1].id : this.revision;
        const tx = new SqlTx(db, this.sql, this.driver, this.newestRows, foreign.rows, start, this.compacted);
        const out = await fn(tx);
        await tx.send();
        rows = [...foreign.rows, ...tx.written];
        wrote = tx.written.length > 0;
        return out;
      }, () => wrote).catch((err: unknown) => {
        // The commit may have happened though the write failed (SQLite's log sync failing after it, a server's
        // connection lost while committing): the next read or write looks at the table again before trusting memory.
        this.dataVersion = undefined;
        throw err;
      });
      // The other processes' rows too are published only now: once our commit has made their log durable as well.
      this.publish(rows, version);
      return result;
    });
  }

  /**
   * Publishes what other processes committed since our newest revision (their compactions too). Calls made while
   * one is still waiting its turn share it, so a slow database does not pile them up ahead of the writes.
   */
  public catchUp(): Promise<void> {
    this.pendingCatchUp ??= this.exclusive(async () => {
      this.pendingCatchUp = undefined;
      const foreign = await this.foreignRows(this);
      this.publish(foreign.rows, foreign.version);
      this.compacted = Math.max(this.compacted, num((await this.db.all(this.sql.compactRev))[0]?.rev));
    });
    return this.pendingCatchUp;
  }

  /**
   * Compacts history up to `revision` in bounded batches of revisions, each its own transaction, so requests go on
   * between them: rows superseded at or below it, and tombstones, are deleted. Returns the number of rows deleted.
   */
  public async compact(revision: number, batch = 1000, onProgress: (done: number) => void = () => {}): Promise<number> {
    let deleted = 0;
    while (this.compacted < revision) {
      await this.exclusive(() => this.driver.write(async (db) => {
        // Another process may have compacted meanwhile: go on from wherever the table says.
        const from = Math.max(this.compacted, num((await db.all(this.sql.compactRev))[0]?.rev));
        const to = Math.min(from + batch, revision);
        if (to > from) {
          deleted += (await db.run(this.driver.dialect.compactBatch, [from, to, from, to])).changes;
          await db.run(this.sql.dropDeletedCurrent, [to]);
          await db.run(this.sql.setCompactRev, [to]);
        }
        return { from, to: Math.max(from, to) };
      }).then(({ from, to }) => {
        // What the batch deleted of the newest rows: its tombstones, all but the table's newest row. (Tombstones
        // another process's compaction deleted stay in memory: a write naming one as its previous revision is as
        // valid as one naming none.)
        this.newestRows.compacted(from, to, this.revision);
        this.compacted = to;
        onProgress(to);
      }));
    }
    return deleted;
  }

  /** Gives space back after compaction. */
  public reclaim(): Promise<void> {
    return this.exclusive(() => this.driver.reclaim());
  }

  /** The database's own defragmentation, between two writes. */
  public defragment(): Promise<void> {
    return this.exclusive(() => this.driver.defragment());
  }

  /** A snapshot of the whole store, as a SQLite database at `file` (read from one consistent moment; writes go on). */
  public snapshot(file: string): Promise<void> {
    return this.driver.snapshot(file);
  }

  public sizeBytes(): Promise<number> {
    return this.driver.sizeBytes();
  }

  /** Resolves when the database answers. */
  public ping(): Promise<void> {
    return this.driver.ping();
  }

  /** Calls `listener` when another process commits, where the database can tell (PostgreSQL NOTIFY). */
  public listen(listener: () => void): Promise<boolean> {
    return this.driver.listen(listener);
  }

  public async close(): Promise<void> {
    await this.exclusive(async () => undefined);
    await this.driver.close();
  }
}
