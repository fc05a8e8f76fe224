import Database from 'better-sqlite3';
import { COMPACT_KEY, KeyExistsError, type LogReader, type LogWriter, type NewRow, type Row } from './log';

interface RawRow {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  lease: number;
  value: Buffer | null;
  old_value: Buffer | null;
  version?: number;
}

const COLUMNS = 'k.id, k.name, k.created, k.deleted, k.create_revision, k.prev_revision, k.lease, k.value, k.old_value';
/**
 * A row's version (its revisions since its create, still in history), computed inside the query so a list of N keys
 * costs one statement rather than N.
 */
const VERSION = `(SELECT COUNT(*) FROM kine v WHERE v.name = k.name
  AND v.id >= (CASE WHEN k.created = 1 THEN k.id ELSE k.create_revision END) AND v.id <= k.id) AS version`;

function toRow(raw: RawRow): Row {
  return {
    id: raw.id,
    name: raw.name,
    created: raw.created === 1,
    deleted: raw.deleted === 1,
    createRevision: raw.create_revision,
    prevRevision: raw.prev_revision,
    lease: raw.lease,
    value: raw.value,
    oldValue: raw.old_value,
    ...(raw.version !== undefined ? { version: raw.version } : {}),
  };
}

/**
 * kine's table in SQLite (an existing k3s/vCluster `state.db` opens as it is), plus our own `vck_current` table:
 * the latest row id of every key, so lists and counts at the current revision read one row per key instead of
 * grouping the whole history. kine's table stays authoritative: `vck_current` is rebuilt from it when absent.
 */
export class SqliteLog implements LogWriter {
  public readonly db: Database.Database;
  private readonly stmts: ReturnType<SqliteLog['prepare']>;
  private revision = 0;
  private compacted = 0;

  public constructor(path: string, options: { readonly busyTimeoutMs?: number } = {}) {
    this.db = new Database(path, { timeout: options.busyTimeoutMs ?? 30_000 });
    // WAL lets readers run beside the writer; synchronous=FULL makes every commit durable before it returns,
    // which is what lets a write be acknowledged right after its group's commit.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.migrate();
    this.stmts = this.prepare();
    this.revision = (this.stmts.maxId.get() as { id: number | null }).id ?? 0;
    this.compacted = (this.stmts.compactRev.get() as { rev: number | null }).rev ?? 0;
  }

  private migrate(): void {
    const fresh = this.db.prepare("SELECT COUNT(*) n FROM sqlite_master WHERE type = 'table' AND name = 'kine'").get() as { n: number };
    if (fresh.n === 0) {
      // Incremental vacuum must be chosen before the first table exists; it lets compaction give space back.
      this.db.pragma('auto_vacuum = INCREMENTAL');
    }
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kine (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name INTEGER,
        created INTEGER,
        deleted INTEGER,
        create_revision INTEGER,
        prev_revision INTEGER,
        lease INTEGER,
        value BLOB,
        old_value BLOB
      );
      CREATE INDEX IF NOT EXISTS kine_name_index ON kine (name);
      CREATE INDEX IF NOT EXISTS kine_name_id_index ON kine (name, id);
      CREATE INDEX IF NOT EXISTS kine_id_deleted_index ON kine (id, deleted);
      CREATE INDEX IF NOT EXISTS kine_prev_revision_index ON kine (prev_revision);
      CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev_revision_uindex ON kine (name, prev_revision);
      CREATE INDEX IF NOT EXISTS vck_kine_lease_index ON kine (lease) WHERE lease != 0;
      CREATE TABLE IF NOT EXISTS vck_lease (id INTEGER PRIMARY KEY, ttl INTEGER NOT NULL, expires_at INTEGER NOT NULL);
    `);
    const hasCurrent = this.db.prepare("SELECT COUNT(*) n FROM sqlite_master WHERE type = 'table' AND name = 'vck_current'").get() as { n: number };
    if (hasCurrent.n === 0) {
      this.db.transaction(() => {
        this.db.exec(`
          CREATE TABLE vck_current (name TEXT PRIMARY KEY, id INTEGER NOT NULL, deleted INTEGER NOT NULL) WITHOUT ROWID;
          INSERT INTO vck_current (name, id, deleted)
            SELECT k.name, k.id, k.deleted FROM kine k JOIN (SELECT MAX(id) id FROM kine GROUP BY name) m ON k.id = m.id;
        `);
      })();
    }
    const compactRows = this.db.prepare('SELECT COUNT(*) n FROM kine WHERE name = ?').get(COMPACT_KEY) as { n: number };
    if (compactRows.n === 0) {
      this.db.prepare("INSERT INTO kine (name, created, deleted, create_revision, prev_revision, lease, value, old_value) VALUES (?, 0, 0, 0, 0, 0, '', '')")
        .run(COMPACT_KEY);
    }
  }

  private prepare() {
    const db = this.db;
    return {
      maxId: db.prepare('SELECT MAX(id) id FROM kine'),
      compactRev: db.prepare('SELECT MAX(prev_revision) rev FROM kine WHERE name = ?').bind(COMPACT_KEY),
      latestNow: db.prepare(`SELECT ${COLUMNS}, ${VERSION} FROM vck_current c JOIN kine k ON k.id = c.id WHERE c.name = ?`),
      latestAt: db.prepare(`SELECT ${COLUMNS}, ${VERSION} FROM kine k WHERE k.id = (SELECT MAX(id) FROM kine WHERE name = ? AND id <= ?)`),
      listNow: db.prepare(`SELECT ${COLUMNS}, ${VERSION} FROM vck_current c JOIN kine k ON k.id = c.id
        WHERE c.name >= ? AND c.name < ? AND c.deleted = 0 ORDER BY c.name LIMIT ?`),
      listAt: db.prepare(`SELECT ${COLUMNS}, ${VERSION} FROM kine k JOIN (SELECT MAX(id) id FROM kine WHERE name >= ? AND name < ? AND id <= ? GROUP BY name) m
        ON k.id = m.id WHERE k.deleted = 0 ORDER BY k.name LIMIT ?`),
      countNow: db.prepare('SELECT COUNT(*) n FROM vck_current WHERE name >= ? AND name < ? AND deleted = 0'),
      countAt: db.prepare(`SELECT COUNT(*) n FROM kine k JOIN (SELECT MAX(id) id FROM kine WHERE name >= ? AND name < ? AND id <= ? GROUP BY name) m
        ON k.id = m.id WHERE k.deleted = 0`),
      after: db.prepare(`SELECT ${COLUMNS} FROM kine k WHERE k.id > ? AND k.id <= ? ORDER BY k.id LIMIT ?`),
      insert: db.prepare(`INSERT INTO kine (name, created, deleted, create_revision, prev_revision, lease, value, old_value)
        SELECT ?, ?, ?, ?, ?, ?, ?, (SELECT value FROM kine WHERE id = ?)`),
      oldValue: db.prepare('SELECT value FROM kine WHERE id = ?').pluck(),
      setCurrent: db.prepare('INSERT INTO vck_current (name, id, deleted) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET id = excluded.id, deleted = excluded.deleted'),
      compactBatch: db.prepare(`DELETE FROM kine WHERE id IN (
          SELECT prev_revision FROM kine WHERE name != '${COMPACT_KEY}' AND prev_revision != 0 AND id > ? AND id <= ?
          UNION SELECT id FROM kine WHERE deleted != 0 AND id > ? AND id <= ? AND id != (SELECT MAX(id) FROM kine))`),
      dropDeletedCurrent: db.prepare('DELETE FROM vck_current WHERE deleted = 1 AND id <= ? AND id NOT IN (SELECT id FROM kine)'),
      setCompactRev: db.prepare('UPDATE kine SET prev_revision = ? WHERE name = ?'),
      leaseKeys: db.prepare(`SELECT ${COLUMNS} FROM kine k JOIN vck_current c ON k.id = c.id WHERE k.lease = ? AND c.deleted = 0`),
    };
  }

  public currentRevision(): number {
    return this.revision;
  }

  public compactRevision(): number {
    return this.compacted;
  }

  public latest(name: string, revision?: number): Row | undefined {
    const raw = revision === undefined || revision >= this.revision
      ? this.stmts.latestNow.get(name) as RawRow | undefined
      : this.stmts.latestAt.get(name, revision) as RawRow | undefined;
    return raw ? toRow(raw) : undefined;
  }

  public list(start: string, end: string, revision: number, limit: number): Row[] {
    const max = limit > 0 ? limit : -1;
    const raws = revision >= this.revision
      ? this.stmts.listNow.all(start, end, max) as RawRow[]
      : this.stmts.listAt.all(start, end, revision, max) as RawRow[];
    return raws.map(toRow);
  }

  public count(start: string, end: string, revision: number): number {
    const result = revision >= this.revision
      ? this.stmts.countNow.get(start, end) as { n: number }
      : this.stmts.countAt.get(start, end, revision) as { n: number };
    return result.n;
  }

  /** Rows with `from < id <= to`, in revision order: what a watch from an old revision replays. */
  public rowsAfter(from: number, to: number, limit: number): Row[] {
    return (this.stmts.after.all(from, to, limit) as RawRow[]).map(toRow);
  }

  /** Live keys attached to a lease. */
  public leaseKeys(lease: number): Row[] {
    return (this.stmts.leaseKeys.all(lease) as RawRow[]).map(toRow);
  }

  public insert(row: NewRow): Row {
    let id: number;
    try {
      const info = this.stmts.insert.run(row.name, row.created ? 1 : 0, row.deleted ? 1 : 0, row.createRevision, row.prevRevision,
        row.lease, row.value, row.prevRevision);
      id = Number(info.lastInsertRowid);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new KeyExistsError(row.name);
      throw err;
    }
    this.stmts.setCurrent.run(row.name, id, row.deleted ? 1 : 0);
    this.revision = id;
    const oldValue = row.prevRevision ? this.stmts.oldValue.get(row.prevRevision) as Buffer | null : null;
    return { ...row, id, oldValue };
  }

  /**
   * Runs `fn` inside a transaction that commits (and syncs) once for everything it wrote; nested calls are
   * savepoints, so one request's writes can be undone alone. The cached revision rolls back with a failure.
   */
  public transaction<T>(fn: () => T): T {
    const revision = this.revision;
    try {
      return this.db.transaction(fn)();
    } catch (err) {
      this.revision = revision;
      throw err;
    }
  }

  /**
   * Compacts history up to `revision` in bounded batches of revisions, each its own transaction, yielding to the
   * event loop between them so requests go on: rows superseded at or below it, and tombstones, are deleted.
   * Returns the number of rows deleted.
   */
  public async compactAsync(revision: number, batch = 1000, onProgress: (done: number) => void = () => {}): Promise<number> {
    let deleted = 0;
    while (this.compacted < revision) {
      const from = this.compacted;
      const to = Math.min(from + batch, revision);
      this.transaction(() => {
        deleted += this.stmts.compactBatch.run(from, to, from, to).changes;
        this.stmts.dropDeletedCurrent.run(to);
        this.stmts.setCompactRev.run(to, COMPACT_KEY);
      });
      this.compacted = to;
      onProgress(to);
      await new Promise((r) => setImmediate(r));
    }
    return deleted;
  }

  /** Gives space back after compaction: checkpoints the WAL and frees unused pages. */
  public reclaim(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    if ((this.db.pragma('auto_vacuum', { simple: true }) as number) === 2) this.db.pragma('incremental_vacuum');
  }

  /** Size of the database file in bytes (pages in use and free). */
  public sizeBytes(): number {
    return (this.db.pragma('page_count', { simple: true }) as number) * (this.db.pragma('page_size', { simple: true }) as number);
  }

  public close(): void {
    this.db.close();
  }
}

export type { LogReader };
