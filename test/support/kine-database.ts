import Database from 'better-sqlite3';

export const KEYS = 100_000;
export const DELETED = 500;
const UPDATED = 1000;
const PREFIX = '/registry/configmaps/tenants/';
export const keyOf = (i: number) => `${PREFIX}cm-${String(i).padStart(6, '0')}`;
export const valueOf = (i: number, generation: number) => `{"kind":"ConfigMap","name":"cm-${i}","generation":${generation},"pad":"${'x'.repeat(150)}"}`;

/** A kine SQLite database as k3s or vCluster leave it: creates, updates, deletes, a key with a TTL. */
export function writeKineDatabase(path: string): { live: number; maxRevision: number } {
  const db = new Database(path);
  db.exec(`CREATE TABLE kine (id INTEGER PRIMARY KEY AUTOINCREMENT, name INTEGER, created INTEGER, deleted INTEGER,
    create_revision INTEGER, prev_revision INTEGER, lease INTEGER, value BLOB, old_value BLOB);
    CREATE INDEX kine_name_index ON kine (name);
    CREATE UNIQUE INDEX kine_name_prev_revision_uindex ON kine (name, prev_revision);`);
  const insert = db.prepare(`INSERT INTO kine (name, created, deleted, create_revision, prev_revision, lease, value, old_value)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    insert.run('compact_rev_key', 1, 0, 0, 0, 0, Buffer.from(''), null);
    for (let i = 0; i < KEYS; i++) insert.run(keyOf(i), 1, 0, 0, 0, 0, Buffer.from(valueOf(i, 1)), null);
    // Keys i are at row i + 2; an update or delete supersedes that row.
    for (let i = 0; i < UPDATED; i++) insert.run(keyOf(i), 0, 0, i + 2, i + 2, 0, Buffer.from(valueOf(i, 2)), Buffer.from(valueOf(i, 1)));
    for (let i = KEYS - DELETED; i < KEYS; i++) insert.run(keyOf(i), 0, 1, 0, i + 2, 0, null, Buffer.from(valueOf(i, 1)));
    insert.run('/registry/events/tenants/e1', 1, 0, 0, 0, 3600, Buffer.from('event'), null);
  })();
  const maxRevision = (db.prepare('SELECT MAX(id) AS id FROM kine').get() as { id: number }).id;
  db.close();
  return { live: KEYS - DELETED + 1, maxRevision };
}
