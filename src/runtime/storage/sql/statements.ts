import { COMPACT_KEY, type Row } from '../log';

/**
 * A row's columns as reads of the keys' state need them. `old_value` (the superseded value, as big as the value) is
 * left out: only watch events use it, and they are built from rows read with HISTORY_COLUMNS or just written.
 */
const COLUMNS = 'k.id, k.name, k.created, k.deleted, k.create_revision, k.prev_revision, k.lease, k.value';
const HISTORY_COLUMNS = `${COLUMNS}, k.old_value`;
/**
 * A history row's version (its revisions since its create, still in history), computed inside the query so a list
 * of N keys costs one statement rather than N. The current row's version is kept in `vck_current` instead.
 */
const COUNTED_VERSION = `(SELECT COUNT(*) FROM kine v WHERE v.name = k.name
  AND v.id >= (CASE WHEN k.created = 1 THEN k.id ELSE k.create_revision END) AND v.id <= k.id)`;
const ROW = `${COLUMNS}, ${COUNTED_VERSION} AS version`;
const HISTORY_ROW = `${HISTORY_COLUMNS}, ${COUNTED_VERSION} AS version`;
const CURRENT_ROW = `${COLUMNS}, c.version AS version`;
/** The newest row of every key in [start, end) at a revision: the history read behind lists at old revisions. */
const LATEST_AT = 'SELECT MAX(id) AS id FROM kine WHERE name >= ? AND name < ? AND id <= ? GROUP BY name';

/**
 * The statements every dialect shares, with `?` placeholders. Reads at the current revision go through our
 * `vck_current` table (one row per key), so lists and counts never scan history; reads at older revisions group
 * kine's table as kine does. Reads of the newest state outside a write are answered from memory (NewestRows).
 */
export function statements(orderByName: (column: string) => string) {
  return {
    maxId: 'SELECT MAX(id) AS id FROM kine',
    compactRev: `SELECT MAX(prev_revision) AS rev FROM kine WHERE name = '${COMPACT_KEY}'`,
    compactRows: `SELECT COUNT(*) AS n FROM kine WHERE name = '${COMPACT_KEY}'`,
    createCompactRow: `INSERT INTO kine (name, created, deleted, create_revision, prev_revision, lease, value, old_value)
      VALUES ('${COMPACT_KEY}', 0, 0, 0, 0, 0, '', '')`,
    /** 1 when `vck_current` has a row, else 0: a start looks at one row, not at every key. */
    currentRows: 'SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM vck_current LIMIT 1) t',
    rebuildCurrent: `INSERT INTO vck_current (name, id, deleted, version)
      SELECT k.name, k.id, k.deleted, CASE WHEN k.deleted = 1 THEN 0 ELSE ${COUNTED_VERSION} END
      FROM kine k JOIN (SELECT MAX(id) AS id FROM kine GROUP BY name) m ON k.id = m.id`,
    /** The newest row of every key, tombstones included: what a start loads into memory (NewestRows). */
    newestRows: `SELECT ${CURRENT_ROW} FROM vck_current c JOIN kine k ON k.id = c.id`,
    latestAt: `SELECT ${ROW} FROM kine k WHERE k.id = (SELECT MAX(id) FROM kine WHERE name = ? AND id <= ?)`,
    // Ranges a write transaction reads (its own writes included). The page is chosen from vck_current alone, then
    // joined: however the planner reads the range (PostgreSQL, with stale statistics, scans it whole and sorts), it
    // looks up kine's row only for the keys on the page.
    listNow: `SELECT ${CURRENT_ROW} FROM (SELECT name, id, version FROM vck_current
      WHERE name >= ? AND name < ? AND deleted = 0 ORDER BY ${orderByName('name')} LIMIT ?) c
      JOIN kine k ON k.id = c.id ORDER BY ${orderByName('c.name')}`,
    listAt: `SELECT ${ROW} FROM kine k JOIN (${LATEST_AT}) m ON k.id = m.id WHERE k.deleted = 0 ORDER BY ${orderByName('k.name')} LIMIT ?`,
    countNow: 'SELECT COUNT(*) AS n FROM vck_current WHERE name >= ? AND name < ? AND deleted = 0',
    countAt: `SELECT COUNT(*) AS n FROM kine k JOIN (${LATEST_AT}) m ON k.id = m.id WHERE k.deleted = 0`,
    after: `SELECT ${HISTORY_ROW} FROM kine k WHERE k.id > ? ORDER BY k.id LIMIT ?`,
    // The history a watch replays, of its keys only: rows of other keys are passed over inside the database, their
    // values never read out nor their versions counted (a restarted store's apiserver re-creates dozens of watches
    // at once, each on a prefix of its own).
    afterInRange: `SELECT ${HISTORY_ROW} FROM kine k WHERE k.id > ? AND k.name >= ? AND k.name < ? ORDER BY k.id LIMIT ?`,
    leaseKeys: `SELECT ${CURRENT_ROW} FROM kine k JOIN vck_current c ON k.id = c.id WHERE k.lease = ? AND c.deleted = 0`,
    dropDeletedCurrent: `DELETE FROM vck_current WHERE deleted = 1 AND id <= ?
      AND NOT EXISTS (SELECT 1 FROM kine k WHERE k.id = vck_current.id)`,
    setCompactRev: `UPDATE kine SET prev_revision = ? WHERE name = '${COMPACT_KEY}'`,
    lease: 'SELECT id, ttl, expires_at FROM vck_lease WHERE id = ?',
    leases: 'SELECT id, ttl, expires_at FROM vck_lease ORDER BY id',
    expiredLeases: 'SELECT id, ttl, expires_at FROM vck_lease WHERE expires_at <= ? ORDER BY expires_at LIMIT 100',
    insertLease: 'INSERT INTO vck_lease (id, ttl, expires_at) VALUES (?, ?, ?)',
    touchLease: 'UPDATE vck_lease SET expires_at = ? WHERE id = ?',
    removeLease: 'DELETE FROM vck_lease WHERE id = ?',
    /**
     * Leases of live keys that no lease record backs: kine's TTL-as-lease rows. Run at every start, so it reads only
     * the rows that have a lease (kine's lease index), never every key's row with its value.
     */
    orphanLeases: `SELECT DISTINCT k.lease AS lease FROM kine k WHERE k.lease != 0
      AND EXISTS (SELECT 1 FROM vck_current c WHERE c.name = k.name AND c.id = k.id AND c.deleted = 0)
      AND NOT EXISTS (SELECT 1 FROM vck_lease l WHERE l.id = k.lease)`,
  };
}

export type Statements = ReturnType<typeof statements>;

/** The compaction batch of SQLite and PostgreSQL (MySQL cannot delete from a table its subquery reads). */
export const COMPACT_BATCH_IN = `DELETE FROM kine WHERE id IN (
    SELECT prev_revision FROM kine WHERE name != '${COMPACT_KEY}' AND prev_revision != 0 AND id > ? AND id <= ?
    UNION SELECT id FROM kine WHERE deleted != 0 AND id > ? AND id <= ? AND id != (SELECT MAX(id) FROM kine))`;

/**
 * The indexes of kine's table, for the dialects that create them apart from the table: of kine's five, the two the
 * statements here use (`kine_name_id_index` for a key's history, `kine_name_prev_revision_uindex`, which makes CAS
 * safe), and ours on leases. The other three (`kine_name_index`, which `kine_name_id_index` covers, and the ones on
 * `(id, deleted)` and `prev_revision`, which compaction does not need: it reads ranges of ids) are dropped, since
 * every write pays for every index (a sixth of a write's CPU on SQLite). kine creates its indexes again, should it
 * open the database itself.
 */
export const KINE_INDEXES = [
  'CREATE INDEX IF NOT EXISTS kine_name_id_index ON kine (name, id)',
  'CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev_revision_uindex ON kine (name, prev_revision)',
  'CREATE INDEX IF NOT EXISTS vck_kine_lease_index ON kine (lease) WHERE lease != 0',
  ...['kine_name_index', 'kine_id_deleted_index', 'kine_prev_revision_index',
    // What newer kine adds for its own compaction (SQLite) and list query (PostgreSQL).
    'kine_id_compact_rev_key_with_prev_revision_index', 'kine_list_query_index'].map((name) => `DROP INDEX IF EXISTS ${name}`),
];

/** A statement and its parameters. */
export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** `(a, b), (a, b)`: a VALUES list of `count` rows, each of these placeholders (`?`, or `?::type` on PostgreSQL). */
export function valuesList(count: number, placeholders: readonly string[]): string {
  const row = `(${placeholders.join(', ')})`;
  return Array.from({ length: count }, () => row).join(', ');
}

/** kine's columns as rows are written with their ids given, and one row's values in that order. */
export const KINE_COLUMNS = 'id, name, created, deleted, create_revision, prev_revision, lease, value, old_value';
export function kineValues(row: Row): unknown[] {
  return [row.id, row.name, row.created ? 1 : 0, row.deleted ? 1 : 0, row.createRevision, row.prevRevision, row.lease, row.value, row.oldValue];
}

/** `vck_current`'s columns, and the entry a row makes: the key's newest row id, whether it is deleted, its version. */
export const CURRENT_COLUMNS = 'name, id, deleted, version';
export function currentValues(row: Row): unknown[] {
  return [row.name, row.id, row.deleted ? 1 : 0, row.version];
}
/** What an insert into `vck_current` does to a key it already has, on SQLite and PostgreSQL (MySQL says it its way). */
export const ON_CURRENT_CONFLICT = 'ON CONFLICT (name) DO UPDATE SET id = excluded.id, deleted = excluded.deleted, version = excluded.version';

/**
 * The rows that set `vck_current`: each key's last row among `rows` (a statement that upserts one key twice fails on
 * PostgreSQL, and only the last counts anyway).
 */
export function currentRows(rows: readonly Row[]): Row[] {
  const last = new Map<string, Row>();
  for (const row of rows) last.set(row.name, row);
  return [...last.values()];
}

/**
 * Splits rows into the groups one statement writes on a database server: at most `maxRows` rows, and values of at
 * most `maxBytes` together (a statement must fit MySQL's max_allowed_packet), but always at least one row.
 */
export function statementGroups(rows: readonly Row[], maxRows: number, maxBytes: number): Row[][] {
  const groups: Row[][] = [];
  let group: Row[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = (row.value?.length ?? 0) + (row.oldValue?.length ?? 0) + row.name.length;
    if (group.length > 0 && (group.length >= maxRows || bytes + size > maxBytes)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(row);
    bytes += size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** Rows per statement on the database servers, and the bytes of values one carries. */
export const ROWS_PER_STATEMENT = 500;
export const BYTES_PER_STATEMENT = 4 * 1024 * 1024;
