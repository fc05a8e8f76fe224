import { existsSync } from 'fs';
import { join } from 'path';
import Database from 'better-sqlite3';
import { LocalCluster, useLocalCluster } from './local-cluster';
import { etcdClient } from '../../src/runtime/etcd-client';
import { waitFor } from '../support/processes';

const KEYS = 100_000;
const DELETED = 500;
const UPDATED = 1000;
const PREFIX = '/registry/configmaps/tenants/';
const keyOf = (i: number) => `${PREFIX}cm-${String(i).padStart(6, '0')}`;
const valueOf = (i: number, generation: number) => `{"kind":"ConfigMap","name":"cm-${i}","generation":${generation},"pad":"${'x'.repeat(150)}"}`;

/** A kine SQLite database as k3s or vCluster leave it: creates, updates, deletes, a key with a TTL. */
function writeKineDatabase(path: string): { live: number; maxRevision: number } {
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

function migrationArgs(cluster: LocalCluster): string[] {
  return [`--migrate-from-sqlite=${join(cluster.dir, 'state.db')}`];
}

describe('vck etcd moves a kine SQLite store into etcd', () => {
  const fixture = useLocalCluster(1);

  test('100k keys, killed in the middle and run again: every live key, its value and TTL, revisions past the source\'s', async () => {
    const cluster = fixture.cluster;
    const source = join(cluster.dir, 'state.db');
    const { live, maxRevision } = writeKineDatabase(source);
    cluster.setReplicas(1);

    cluster.start(0, migrationArgs(cluster));
    await waitFor(async () => cluster.output(0).includes('keys copied'), 120_000, () => `no migration progress:\n${cluster.output(0)}`);
    await cluster.stop(0, 'SIGKILL');
    cluster.killEtcd(0);
    expect(existsSync(source)).toBe(true);
    expect(existsSync(join(cluster.dir, 'member-0', 'data'))).toBe(false);

    cluster.start(0, migrationArgs(cluster));
    await cluster.ready(0, 240_000);
    expect(existsSync(source)).toBe(false);
    expect(existsSync(`${source}.migrated`)).toBe(true);

    const c = etcdClient(cluster.clientUrl(0), 30_000);
    try {
      const count = await c.kv.range({ key: Buffer.from('/registry/'), range_end: Buffer.from('/registry0'), count_only: true });
      expect(Number(count.count)).toBe(live);
      expect(Number(count.header.revision)).toBeGreaterThan(maxRevision);
      const get = async (key: string) => (await c.kv.range({ key: Buffer.from(key) })).kvs[0];
      expect((await get(keyOf(0))).value.toString()).toBe(valueOf(0, 2));
      expect((await get(keyOf(KEYS - DELETED - 1))).value.toString()).toBe(valueOf(KEYS - DELETED - 1, 1));
      expect(await get(keyOf(KEYS - 1))).toBeUndefined();
      const event = await get('/registry/events/tenants/e1');
      const ttl = await c.leaseClient.leaseTimeToLive({ ID: event.lease });
      expect(Number(ttl.TTL)).toBeGreaterThan(3000);
    } finally {
      c.close();
    }
  }, 600_000);
});

describe('vck etcd refuses to migrate into more than one replica', () => {
  const fixture = useLocalCluster(3);

  test('with replicas = 3 it stops and says to scale to 1', async () => {
    const cluster = fixture.cluster;
    const db = new Database(join(cluster.dir, 'state.db'));
    db.exec('CREATE TABLE kine (id INTEGER PRIMARY KEY AUTOINCREMENT, name INTEGER)');
    db.close();
    cluster.setReplicas(3);
    cluster.start(0, migrationArgs(cluster));
    await expect(cluster.ready(0, 60_000)).rejects.toThrow(/needs exactly 1 replica, the StatefulSet asks for 3: scale the control plane to 1 replica/);
    expect(existsSync(join(cluster.dir, 'state.db'))).toBe(true);
  }, 120_000);
});
