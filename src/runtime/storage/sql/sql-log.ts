import { KeyExistsError, type LeaseRecord, type Log, type LogReader, type LogTx, type NewRow, type Row } from '../log';
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
    ...(raw.seen_revision !== undefined ? { seenRevision: num(raw.seen_revision) } : {}),
  };
}

function toLease(raw: RawRow): LeaseRecord {
  return { id: num(raw.id), ttl: num(raw.ttl), expiresAt: num(raw.expires_at) };
}

/** The reads every dialect shares, on any connection: the pool, or the open write transaction. */
class Reads implements LogReader {
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

  protected async one(sql: string, params: unknown[]): Promise<Row | undefined> {
    const [raw] = await this.db.all(sql, params);
    return raw ? toRow(raw) : undefined;
  }

  protected async rows(sql: string, params: unknown[]): Promise<Row[]> {
    return (await this.db.all(sql, params)).map(toRow);
  }

  public latest(name: string, revision?: number): Promise<Row | undefined> {
    return revision === undefined || revision >= this.currentOf()
      ? this.one(this.sql.latestNow, [name])
      : this.one(this.sql.latestAt, [name, revision]);
  }

  public list(start: string, end: string, revision: number, limit: number): Promise<Row[]> {
    const [s, e] = [this.driver.dialect.bound(start), this.driver.dialect.bound(end)];
    const max = limit > 0 ? limit : NO_LIMIT;
    return revision >= this.currentOf() ? this.rows(this.sql.listNow, [s, e, max]) : this.rows(this.sql.listAt, [s, e, revision, max]);
  }

  public async count(start: string, end: string, revision: number): Promise<number> {
    const [s, e] = [this.driver.dialect.bound(start), this.driver.dialect.bound(end)];
    const [raw] = revision >= this.currentOf()
      ? await this.db.all(this.sql.countNow, [s, e])
      : await this.db.all(this.sql.countAt, [s, e, revision]);
    return num(raw?.n);
  }

  public async leaseKeys(lease: number): Promise<Row[]> {
    return this.rows(this.sql.leaseKeys, [lease]);
  }

  public async lease(id: number): Promise<LeaseRecord | undefined> {
    const [raw] = await this.db.all(this.sql.lease, [id]);
    return raw ? toLease(raw) : undefined;
  }

  /** Rows with ids above `from`, in revision order, at most `limit`. */
  public async rowsAfter(from: number, limit: number): Promise<Row[]> {
    return this.rows(this.sql.after, [from, limit]);
  }
}

/** One write transaction: reads see its own writes; the rows it wrote are published after the commit. */
class SqlTx extends Reads implements LogTx {
  public readonly written: Row[] = [];
  private savepoints = 0;
  /** The savepoint of the write being applied, made lazily before its first change. */
  private scope?: { readonly name: string; opened: boolean };
  /**
   * Latest rows read in this transaction, by name, until a write changes them: a compare-and-swap reads its key for
   * the compare and again for the put, a round trip to a database server each. Nothing else writes meanwhile: the
   * transaction holds the write lock.
   */
  private readonly latestRows = new Map<string, Promise<Row | undefined>>();

  public constructor(db: Queryable, sql: Statements, driver: Driver, public revision: number, compacted: number) {
    super(db, sql, driver, () => this.revision, () => compacted);
  }

  public latest(name: string, revision?: number): Promise<Row | undefined> {
    if (revision !== undefined && revision < this.revision) return super.latest(name, revision);
    let row = this.latestRows.get(name);
    if (!row) {
      row = super.latest(name);
      this.latestRows.set(name, row);
      // A failed read is not kept: the next one asks the database again.
      row.catch(() => this.latestRows.delete(name));
    }
    return row;
  }

  public async insert(row: NewRow): Promise<Row> {
    this.latestRows.delete(row.name);
    await this.openSavepoint();
    const dialect = this.driver.dialect;
    const params = [row.name, row.created ? 1 : 0, row.deleted ? 1 : 0, row.createRevision, row.prevRevision, row.lease, row.value, row.oldValue];
    let id: number;
    try {
      id = dialect.insertWithCurrent
        ? (await this.db.run(dialect.insertWithCurrent, [...params, row.version])).insertId
        : (await this.db.run(this.sql.insert + dialect.returningId, params)).insertId;
    } catch (err) {
      if (dialect.isUniqueViolation(err)) throw new KeyExistsError(row.name);
      throw err;
    }
    if (!dialect.insertWithCurrent) await this.db.run(dialect.upsertCurrent, [row.name, id, row.deleted ? 1 : 0, row.version]);
    const written = { ...row, id };
    this.written.push(written);
    this.revision = id;
    return written;
  }

  /**
   * Runs `fn` so that, when it throws, its writes alone are undone. The savepoint is only made before its first
   * write: most requests in a batch (reads, compare-and-swaps that lose) write nothing and cost no extra statements.
   * It is never released: each has its own name, the commit ends them all, and a release would be one more round
   * trip per write to a database server.
   */
  public async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const [rows, revision] = [this.written.length, this.revision];
    this.scope = { name: `vck_${this.savepoints++}`, opened: false };
    const scope = this.scope;
    try {
      return await fn();
    } catch (err) {
      if (scope.opened) await this.db.run(`ROLLBACK TO SAVEPOINT ${scope.name}`);
      this.written.length = rows;
      this.revision = revision;
      this.latestRows.clear();
      throw err;
    } finally {
      this.scope = undefined;
    }
  }

  private async openSavepoint(): Promise<void> {
    if (!this.scope || this.scope.opened) return;
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
    const log = new SqlLog(driver, sql);
    log.revision = num((await driver.all(sql.maxId))[0]?.id);
    log.compacted = num((await driver.all(sql.compactRev))[0]?.rev);
    return log;
  }

  private revision = 0;
  private compacted = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private pendingCatchUp?: Promise<void>;

  private constructor(driver: Driver, sql: Statements) {
    super(driver, sql, driver, () => this.revision, () => this.compacted);
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

  /** Rows other processes committed after our newest published revision (all of them: we hold the write lock). */
  private async foreignRows(db: Reads): Promise<Row[]> {
    const rows: Row[] = [];
    for (let from = this.revision; ;) {
      const chunk = await db.rowsAfter(from, CATCH_UP_CHUNK);
      rows.push(...chunk);
      if (chunk.length < CATCH_UP_CHUNK) return rows;
      from = chunk[chunk.length - 1].id;
    }
  }

  private publish(rows: readonly Row[]): void {
    if (rows.length === 0) return;
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
      let wrote = false;
      const result = await this.driver.write(async (db) => {
        const foreign = await this.foreignRows(new Reads(db, this.sql, this.driver, () => this.revision, () => this.compacted));
        const start = foreign.length > 0 ? foreign[foreign.length - 1].id : this.revision;
        const tx = new SqlTx(db, this.sql, this.driver, start, this.compacted);
        const out = await fn(tx);
        rows = [...foreign, ...tx.written];
        wrote = tx.written.length > 0;
        return out;
      }, () => wrote);
      this.publish(rows);
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
      this.publish(await this.foreignRows(this));
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
        return Math.max(from, to);
      }).then((to) => {
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
