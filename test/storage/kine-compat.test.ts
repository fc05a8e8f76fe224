import { rmSync } from 'fs';
import { join } from 'path';
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { b, client, prefixEnd } from './helpers';
import { parseMysqlDsn } from '../../src/runtime/storage/endpoint';
import { startMariadb } from '../support/mariadb-server';
import { startPostgres } from '../support/postgres-server';
import { scratchDir } from '../support/processes';
import { startStorage } from '../support/storage-server';
import { scaled } from '../support/time-scale';

/** kine's own table, as each of its drivers creates it (kine_name_prev_revision_uindex is what makes CAS safe). */
const KINE_TABLE = {
  sqlite: `CREATE TABLE kine (id INTEGER PRIMARY KEY AUTOINCREMENT, name INTEGER, created INTEGER, deleted INTEGER,
    create_revision INTEGER, prev_revision INTEGER, lease INTEGER, value BLOB, old_value BLOB)`,
  postgres: `CREATE TABLE kine (id BIGSERIAL PRIMARY KEY, name text COLLATE "C", created INTEGER, deleted INTEGER,
    create_revision BIGINT, prev_revision BIGINT, lease INTEGER, value bytea, old_value bytea)`,
  mysql: `CREATE TABLE kine (id BIGINT UNSIGNED AUTO_INCREMENT, name VARCHAR(630) CHARACTER SET ascii, created INTEGER,
    deleted INTEGER, create_revision BIGINT UNSIGNED, prev_revision BIGINT UNSIGNED, lease INTEGER, value MEDIUMBLOB,
    old_value MEDIUMBLOB, PRIMARY KEY (id))`,
};
const KINE_INDEXES = [
  'CREATE INDEX kine_name_index ON kine (name)',
  'CREATE INDEX kine_name_id_index ON kine (name, id)',
  'CREATE INDEX kine_id_deleted_index ON kine (id, deleted)',
  'CREATE INDEX kine_prev_revision_index ON kine (prev_revision)',
  'CREATE UNIQUE INDEX kine_name_prev_revision_uindex ON kine (name, prev_revision)',
];

/** Rows as kine writes them: its bookkeeping, a created-then-updated key, a key with a TTL, a deleted key. */
const KINE_ROWS: [string, number, number, number, number, number, string | null, string | null][] = [
  // name, created, deleted, create_revision, prev_revision, lease, value, old_value
  ['compact_rev_key', 1, 0, 0, 0, 0, '', null],
  ['/registry/health', 1, 0, 0, 0, 0, '{"health":"true"}', null],
  ['/registry/a', 1, 0, 0, 0, 0, 'a1', null],
  ['/registry/a', 0, 0, 3, 3, 0, 'a2', 'a1'],
  ['/registry/b', 1, 0, 0, 0, 60, 'b1', null],
  ['/registry/c', 1, 0, 0, 0, 0, 'c1', null],
  ['/registry/c', 0, 1, 0, 6, 0, null, 'c1'],
];
const INSERT = 'INSERT INTO kine (name, created, deleted, create_revision, prev_revision, lease, value, old_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
const blobs = (row: (typeof KINE_ROWS)[number]) => row.map((v, i) => (i >= 6 && v !== null ? Buffer.from(v as string) : v));

type Exec = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** A database kine made: its table, indexes and rows, written straight through the database's own client. */
async function writeKineDatabase(dialect: keyof typeof KINE_TABLE, exec: Exec): Promise<void> {
  await exec(KINE_TABLE[dialect]);
  for (const index of KINE_INDEXES) await exec(index);
  for (const row of KINE_ROWS) await exec(INSERT, blobs(row));
}

const databases: [string, () => Promise<{ endpoint: string; exec: Exec; stop(): Promise<void> }>][] = [
  ['sqlite', async () => {
    const dir = scratchDir('kine-sqlite');
    const db = new Database(join(dir, 'state.db'));
    return {
      endpoint: `sqlite://${join(dir, 'state.db')}`,
      exec: async (sql, params = []) => (sql.startsWith('SELECT') ? db.prepare(sql).all(...params) as Record<string, unknown>[] : (db.prepare(sql).run(...params), [])),
      async stop() {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }],
  ['postgres', async () => {
    const server = await startPostgres();
    const pg = new Client({ connectionString: server.url });
    await pg.connect();
    return {
      endpoint: server.url,
      exec: async (sql, params = []) => {
        let n = 0;
        return (await pg.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows;
      },
      async stop() {
        await pg.end();
        await server.stop();
      },
    };
  }],
  ['mariadb', async () => {
    const server = await startMariadb();
    const conn = await createConnection(parseMysqlDsn(server.url));
    return {
      endpoint: server.url,
      exec: async (sql, params = []) => {
        const [rows] = await conn.query(sql, params);
        return Array.isArray(rows) ? rows as Record<string, unknown>[] : [];
      },
      async stop() {
        await conn.end();
        await server.stop();
      },
    };
  }],
];

describe.each(databases)('a database kine wrote, on %s', (name, open) => {
  test('opens as it is: its keys, revisions, versions and TTLs serve, and new writes keep kine\'s row format', async () => {
    const database = await open();
    const dialect = name === 'mariadb' ? 'mysql' : name as keyof typeof KINE_TABLE;
    await writeKineDatabase(dialect, database.exec);
    const dir = scratchDir('kine-shim');
    const storage = await startStorage({ dir, endpoint: database.endpoint });
    const c = client(storage.endpoint);
    try {
      const a = (await c.kv.range({ key: b('/registry/a') })).kvs[0];
      expect({ value: a.value.toString(), create: a.create_revision, mod: a.mod_revision, version: a.version })
        .toEqual({ value: 'a2', create: '3', mod: '4', version: '2' });
      const list = await c.kv.range({ key: b('/registry/'), range_end: prefixEnd('/registry/') });
      expect(list.kvs.map((kv) => kv.key.toString())).toEqual(['/registry/a', '/registry/b', '/registry/health']);
      expect(list.header.revision).toBe('7');
      // kine kept b's TTL (60 s) as its lease: it is a lease here, counting down from the start.
      const bLease = list.kvs.find((kv) => kv.key.toString() === '/registry/b')!.lease;
      const ttl = await c.leaseClient.leaseTimeToLive({ ID: bLease });
      expect(Number(ttl.TTL)).toBeGreaterThan(50);

      const put = await c.kv.put({ key: b('/registry/a'), value: b('a3') });
      const [row] = await database.exec('SELECT created, deleted, create_revision, prev_revision, value, old_value FROM kine WHERE id = ?',
        [Number(put.header.revision)]);
      expect({ ...row, value: String(row.value), old_value: String(row.old_value) }).toMatchObject({
        created: 0, deleted: 0, value: 'a3', old_value: 'a2',
      });
      expect([Number(row.create_revision), Number(row.prev_revision)]).toEqual([3, 4]);
      if (name !== 'mariadb') {
        // kine's indexes that no statement here uses are dropped (kine makes them again when it opens the database).
        const indexes = name === 'sqlite'
          ? await database.exec("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'kine' AND name LIKE 'kine%'")
          : await database.exec("SELECT indexname AS name FROM pg_indexes WHERE tablename = 'kine' AND indexname LIKE 'kine%' AND indexname != 'kine_pkey'");
        expect(indexes.map((i) => i.name).sort()).toEqual(['kine_name_id_index', 'kine_name_prev_revision_uindex']);
      }
    } finally {
      c.close();
      await storage.stop();
      rmSync(dir, { recursive: true, force: true });
      await database.stop();
    }
  }, scaled(120_000));
});
