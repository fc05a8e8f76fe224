import { copyFileSync, rmSync } from 'fs';
import { join } from 'path';
import Database from 'better-sqlite3';
import { readKineSqlite } from '../../src/runtime/etcd/kine-source';
import { bounds, KvReader, type KeyValue } from '../../src/runtime/storage/kv';
import { SqlLog } from '../../src/runtime/storage/sql/sql-log';
import { SqliteDriver } from '../../src/runtime/storage/sql/sqlite';
import { scratchDir } from '../support/processes';

type KineRow = [name: string, created: number, deleted: number, createRevision: number, prevRevision: number, lease: number, value: string | null];

/** A kine table holding `rows` (ids 1, 2, ... in order), then the ids in `compacted` deleted as kine's compaction does. */
function kineDatabase(path: string, rows: readonly KineRow[], compacted: readonly number[] = []): void {
  const db = new Database(path);
  db.exec(`CREATE TABLE kine (id INTEGER PRIMARY KEY AUTOINCREMENT, name INTEGER, created INTEGER, deleted INTEGER,
    create_revision INTEGER, prev_revision INTEGER, lease INTEGER, value BLOB, old_value BLOB)`);
  const insert = db.prepare('INSERT INTO kine (name, created, deleted, create_revision, prev_revision, lease, value, old_value) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)');
  for (const [name, created, deleted, createRevision, prevRevision, lease, value] of rows) {
    insert.run(name, created, deleted, createRevision, prevRevision, lease, value === null ? null : Buffer.from(value));
  }
  for (const id of compacted) db.prepare('DELETE FROM kine WHERE id = ?').run(id);
  db.close();
}

const ROWS: KineRow[] = [
  ['compact_rev_key', 1, 0, 0, 0, 0, ''], // 1: kine's bookkeeping row, never a key
  ['/registry/a', 1, 0, 0, 0, 0, 'a1'], // 2
  ['/registry/b', 1, 0, 0, 0, 0, 'b1'], // 3
  ['/registry/a', 0, 0, 2, 2, 0, 'a2'], // 4
  ['/registry/b', 0, 1, 3, 3, 0, null], // 5: b deleted
  ['/registry/b', 1, 0, 0, 5, 0, 'b-again'], // 6: b created again: a new lifetime
  ['/registry/a', 0, 0, 2, 4, 0, 'a3'], // 7
  ['/registry/c', 1, 0, 0, 0, 0, 'c1'], // 8
  ['/registry/c', 0, 0, 8, 8, 0, 'c2'], // 9
  ['/registry/events/e', 1, 0, 0, 0, 3600, 'event'], // 10: kine's TTL-as-lease
  ['12345', 1, 0, 0, 0, 0, 'numeric name'], // 11: stored as an INTEGER by the column's affinity
  ['compact_rev_key_apiserver', 1, 0, 0, 0, 0, '1|42'], // 12: the apiserver's compact key
  ['/registry/d', 1, 0, 0, 0, 0, 'd1'], // 13
  ['/registry/d', 0, 1, 13, 13, 0, null], // 14: d deleted, not created again
];

const summary = (kvs: readonly KeyValue[]) => kvs
  .map((kv) => ({
    key: kv.key.toString(), value: kv.value.toString(), create: kv.create_revision, mod: kv.mod_revision, version: kv.version, lease: kv.lease,
  }))
  .sort((x, y) => x.key.localeCompare(y.key));

/** What `vck storage` itself serves from the same database: every live key at the current revision. */
async function servedByStorage(path: string): Promise<KeyValue[]> {
  const log = await SqlLog.open(new SqliteDriver(path));
  try {
    const all = bounds({ key: Buffer.from([0]), end: Buffer.from([0]) });
    const reader = new KvReader(log);
    return (await log.list(all.start, all.end, log.currentRevision(), 0))
      .map((row) => reader.toKeyValue(row)).filter((kv): kv is KeyValue => kv !== undefined);
  } finally {
    await log.close();
  }
}

describe('readKineSqlite: the live keys of a kine SQLite database in one pass', () => {
  const dir = scratchDir('kine-source');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['a whole history', [] as number[]],
    ['a history compacted up to revision 9 (the rows superseded by then gone)', [2, 3, 4, 5, 8]],
  ])('%s: what vck storage serves, key for key, and the revision', async (_, compacted) => {
    const path = join(dir, `state-${compacted.length}.db`);
    kineDatabase(path, ROWS, compacted);
    const copy = `${path}.storage`;
    copyFileSync(path, copy);

    const read = readKineSqlite(path);
    expect(read.revision).toBe(ROWS.length);
    expect(summary(read.kvs)).toEqual(summary(await servedByStorage(copy)));
  });

  test('versions count the rows of a key\'s lifetime; deleted keys and kine\'s own row are left out', () => {
    const path = join(dir, 'state-versions.db');
    kineDatabase(path, ROWS);
    const byKey = new Map(summary(readKineSqlite(path).kvs).map((kv) => [kv.key, kv]));
    expect([...byKey.keys()].sort()).toEqual(['/registry/a', '/registry/b', '/registry/c', '/registry/events/e', '12345', 'compact_rev_key'].sort());
    expect(byKey.get('/registry/a')).toEqual({ key: '/registry/a', value: 'a3', create: 2, mod: 7, version: 3, lease: 0 });
    expect(byKey.get('/registry/b')).toEqual({ key: '/registry/b', value: 'b-again', create: 6, mod: 6, version: 1, lease: 0 });
    // The apiserver's compact key is served under its own name, its version and value decoded from kine's form.
    expect(byKey.get('compact_rev_key')).toEqual({ key: 'compact_rev_key', value: '42', create: 12, mod: 12, version: 1, lease: 0 });
    expect(byKey.get('12345')?.value).toBe('numeric name');
  });

  test('leases: kine\'s TTL as the time left, or the expiry vck storage kept', () => {
    const path = join(dir, 'state-leases.db');
    kineDatabase(path, [['/registry/events/e', 1, 0, 0, 0, 3600, 'event'], ['/registry/leases/l', 1, 0, 0, 0, 777, 'kept']]);
    const db = new Database(path);
    db.exec('CREATE TABLE vck_lease (id INTEGER PRIMARY KEY, ttl INTEGER NOT NULL, expires_at INTEGER NOT NULL)');
    db.prepare('INSERT INTO vck_lease (id, ttl, expires_at) VALUES (?, ?, ?)').run(777, 60, Date.now() + 30_500);
    db.close();

    const leases = [...readKineSqlite(path).leases].sort((x, y) => x.id - y.id);
    expect(leases).toEqual([{ id: 777, ttlSeconds: 31 }, { id: 3600, ttlSeconds: 3600 }]);
  });

  test('the source is only read: not a table or row added', () => {
    const path = join(dir, 'state-untouched.db');
    kineDatabase(path, ROWS);
    readKineSqlite(path);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual(['kine', 'sqlite_sequence']);
      expect(db.prepare('SELECT COUNT(*) FROM kine').pluck().get()).toBe(ROWS.length);
    } finally {
      db.close();
    }
  });
});
