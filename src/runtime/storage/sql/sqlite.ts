import { statSync } from 'fs';
import { open, type FileHandle } from 'fs/promises';
import type Database from 'better-sqlite3';
import type { Dialect, Driver, Queryable, RawRow } from './driver';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import {
  COMPACT_BATCH_IN, CURRENT_COLUMNS, currentRows, currentValues, KINE_COLUMNS, KINE_INDEXES, kineValues, ON_CURRENT_CONFLICT, valuesList,
} from './statements';
import { loadOptional } from '../../optional';

const openDatabase = loadOptional<typeof Database>('better-sqlite3', 'vck storage');

const INSERT_ROW = `INSERT INTO kine (${KINE_COLUMNS}) VALUES ${valuesList(1, Array(9).fill('?'))}`;
const UPSERT_CURRENT = `INSERT INTO vck_current (${CURRENT_COLUMNS}) VALUES ${valuesList(1, Array(4).fill('?'))} ${ON_CURRENT_CONFLICT}`;

const dialect: Dialect = {
  name: 'sqlite',
  schema: [
    `CREATE TABLE IF NOT EXISTS kine (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name INTEGER,
      created INTEGER,
      deleted INTEGER,
      create_revision INTEGER,
      prev_revision INTEGER,
      lease INTEGER,
      value BLOB,
      old_value BLOB
    )`,
    ...KINE_INDEXES,
    'CREATE TABLE IF NOT EXISTS vck_current (name TEXT PRIMARY KEY, id INTEGER NOT NULL, deleted INTEGER NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID',
    'CREATE TABLE IF NOT EXISTS vck_lease (id INTEGER PRIMARY KEY, ttl INTEGER NOT NULL, expires_at INTEGER NOT NULL)',
  ],
  // A statement per row: on SQLite a statement costs no round trip, and two texts are prepared once for good.
  insertRows: (rows) => [
    ...rows.map((row) => ({ sql: INSERT_ROW, params: kineValues(row) })),
    ...currentRows(rows).map((row) => ({ sql: UPSERT_CURRENT, params: currentValues(row) })),
  ],
  syncIdSequence: { sql: "UPDATE sqlite_sequence SET seq = (SELECT MAX(id) FROM kine) WHERE name = 'kine'" },
  compactBatch: COMPACT_BATCH_IN,
  isUniqueViolation: (err) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE',
  bound: (key) => key,
  nameOrder: (column) => column,
};

/** The WAL size (in pages) at which a commit checkpoints by itself: ten times SQLite's default. */
const BACKSTOP_CHECKPOINT_PAGES = 10_000;

/** Statements of one better-sqlite3 connection, prepared once per SQL text. */
class Connection implements Queryable {
  private readonly prepared = new Map<string, Database.Statement>();

  public constructor(public readonly db: Database.Database) {}

  private statement(sql: string): Database.Statement {
    let stmt = this.prepared.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.prepared.set(sql, stmt);
    }
    return stmt;
  }

  public async all(sql: string, params: readonly unknown[] = []): Promise<RawRow[]> {
    return this.statement(sql).all(...params) as RawRow[];
  }

  public async run(sql: string, params: readonly unknown[] = []): Promise<{ changes: number; insertId: number }> {
    const info = this.statement(sql).run(...params);
    return { changes: info.changes, insertId: Number(info.lastInsertRowid) };
  }
}

/**
 * SQLite through better-sqlite3: one connection writes, another reads. With WAL the reader sees the last commit
 * and never the open write transaction, which stays open across the awaits of a group commit.
 */
export class SqliteDriver implements Driver {
  /**
   * A SQLite file opened for reading only (a snapshot being restored): nothing is written to it or next to it. A file
   * that is not a SQLite database is refused here.
   */
  public static openReadOnly(path: string): Queryable & { close(): void } {
    const db = new openDatabase(path, { readonly: true, fileMustExist: true });
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    const connection = new Connection(db);
    return { all: (sql, params) => connection.all(sql, params), run: (sql, params) => connection.run(sql, params), close: () => db.close() };
  }

  public readonly dialect = dialect;
  private readonly writer: Connection;
  private readonly reader: Connection;
  private readonly inode: number;
  private wal?: { readonly handle: FileHandle; readonly inode: number };
  private readonly checkpointer: SqliteCheckpointer;
  private dataVersionQuery?: Database.Statement;

  public constructor(private readonly path: string, options: { readonly busyTimeoutMs?: number } = {}) {
    const timeout = options.busyTimeoutMs ?? 30_000;
    const db = new openDatabase(path, { timeout });
    const fresh = db.prepare("SELECT COUNT(*) n FROM sqlite_master WHERE type = 'table' AND name = 'kine'").get() as { n: number };
    // Incremental vacuum must be chosen before the first table exists; it lets compaction give space back.
    if (fresh.n === 0) db.pragma('auto_vacuum = INCREMENTAL');
    // With WAL and synchronous=NORMAL a commit writes the log without syncing it; `write` then syncs the log on
    // libuv's thread pool before it resolves, so no write is acknowledged before it is on disk, and the event loop
    // serves requests (which form the next group) while the disk works instead of blocking in fsync.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Checkpoints run on a worker (see SqliteCheckpointer); the writer's own is only the backstop that bounds the log.
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    this.writer = new Connection(db);
    const reader = new openDatabase(path, { timeout });
    this.reader = new Connection(reader);
    this.inode = statSync(path).ino;
    this.checkpointer = new SqliteCheckpointer(path, timeout);
  }

  /**
   * SQLite goes on writing to a file that was removed or replaced under it, and those writes would be gone at the
   * next start: refuse to commit (or to report healthy) once the path no longer names our file.
   */
  private checkFile(): void {
    let inode: number | undefined;
    try {
      inode = statSync(this.path).ino;
    } catch {
      inode = undefined;
    }
    if (inode !== this.inode) throw new Error(`the database file ${this.path} was removed or replaced; restart the store`);
  }

  /** The writing connection's database, for checks that need SQLite itself. */
  public get db(): Database.Database {
    return this.writer.db;
  }

  public async all(sql: string, params?: readonly unknown[]): Promise<RawRow[]> {
    return this.reader.all(sql, params);
  }

  public run(sql: string, params?: readonly unknown[]): Promise<{ changes: number; insertId: number }> {
    return this.writer.run(sql, params);
  }

  public async write<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    // IMMEDIATE takes the write lock at once: another process writing the same file waits here (busy timeout).
    this.writer.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn(this.writer);
      this.checkFile();
      this.writer.db.exec('COMMIT');
      await this.syncLog();
      return result;
    } catch (err) {
      if (this.writer.db.inTransaction) this.writer.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Makes the committed log durable: every frame written so far, this commit's included, reaches the disk. */
  private async syncLog(): Promise<void> {
    await (await this.walHandle()).datasync();
  }

  /**
   * The log file, kept open between syncs (opening and closing it cost two trips to the thread pool per commit).
   * SQLite keeps the same file while a connection is open, but should it have been replaced, syncing the old one
   * would make nothing durable: the handle is opened again whenever the path names another file.
   */
  private async walHandle(): Promise<FileHandle> {
    const path = `${this.path}-wal`;
    const inode = statSync(path).ino;
    if (this.wal?.inode !== inode) {
      await this.wal?.handle.close();
      this.wal = undefined;
      const handle = await open(path, 'r');
      this.wal = { handle, inode: (await handle.stat()).ino };
    }
    return this.wal.handle;
  }

  /**
   * The writer's `data_version`: it moves when another connection commits (another process on the file; also, now
   * and then, a checkpoint), never for the writer's own commits.
   */
  public dataVersion(): number {
    this.dataVersionQuery ??= this.writer.db.prepare('PRAGMA data_version').pluck();
    return this.dataVersionQuery.get() as number;
  }

  public async listen(): Promise<boolean> {
    return false;
  }

  public async ping(): Promise<void> {
    this.checkFile();
    this.reader.db.prepare('SELECT 1').get();
  }

  public async sizeBytes(): Promise<number> {
    const db = this.reader.db;
    return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  }

  public async reclaim(): Promise<void> {
    this.writer.db.pragma('wal_checkpoint(TRUNCATE)');
    if ((this.writer.db.pragma('auto_vacuum', { simple: true }) as number) === 2) this.writer.db.pragma('incremental_vacuum');
  }

  public async defragment(): Promise<void> {
    // VACUUM rewrites the file without its free pages; run from the writer, outside any transaction (the log runs it
    // between writes). The log it leaves behind is then folded into the file and truncated.
    this.checkFile();
    this.writer.db.exec('VACUUM');
    this.writer.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  public async snapshot(file: string): Promise<void> {
    // The reader's VACUUM INTO copies one consistent read snapshot into a compact new file; writes go on meanwhile.
    this.reader.db.prepare('VACUUM INTO ?').run(file);
  }

  public async close(): Promise<void> {
    await this.checkpointer.close();
    await this.wal?.handle.close();
    this.reader.db.close();
    this.writer.db.close();
  }
}
