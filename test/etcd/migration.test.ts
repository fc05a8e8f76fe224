import { existsSync } from 'fs';
import { join } from 'path';
import Database from 'better-sqlite3';
import { LocalCluster, useLocalCluster } from './local-cluster';
import { etcdClient } from '../../src/runtime/etcd-client';
import { ETCD_RELEASES, etcdRelease } from '../support/etcd-releases';
import { startEtcd } from '../support/etcd-server';
import { DELETED, KEYS, keyOf, valueOf, writeKineDatabase } from '../support/kine-database';
import { waitFor } from '../support/processes';
import { scaled } from '../support/time-scale';

function migrationArgs(cluster: LocalCluster): string[] {
  return [`--migrate-from-sqlite=${join(cluster.dir, 'state.db')}`];
}

describe.each(ETCD_RELEASES)('vck etcd moves a kine SQLite store into etcd %s', (release) => {
  const fixture = useLocalCluster(1, undefined, () => etcdRelease(release));

  test('100k keys, killed in the middle and run again: every live key, its value, revisions and TTL, etcd at the source\'s revision', async () => {
    const cluster = fixture.cluster;
    const source = join(cluster.dir, 'state.db');
    const { live, maxRevision } = writeKineDatabase(source);
    cluster.setReplicas(1);

    cluster.start(0, migrationArgs(cluster));
    await waitFor(async () => cluster.output(0).includes('keys written'), 120_000, () => `no migration progress:\n${cluster.output(0)}`);
    // The pod dies between the migration's steps: the backend file written, its restore or check under way.
    await cluster.crash(0);
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
      expect(Number(count.header.revision)).toBe(maxRevision);
      const get = async (key: string) => (await c.kv.range({ key: Buffer.from(key) })).kvs[0];
      // Key 0 was created at revision 2 and updated at KEYS + 2: a resourceVersion a client holds is still its own.
      const updated = await get(keyOf(0));
      expect([updated.value.toString(), Number(updated.create_revision), Number(updated.mod_revision), Number(updated.version)])
        .toEqual([valueOf(0, 2), 2, KEYS + 2, 2]);
      expect((await get(keyOf(KEYS - DELETED - 1))).value.toString()).toBe(valueOf(KEYS - DELETED - 1, 1));
      expect(await get(keyOf(KEYS - 1))).toBeUndefined();
      const event = await get('/registry/events/tenants/e1');
      const ttl = await c.leaseClient.leaseTimeToLive({ ID: event.lease });
      expect(Number(ttl.TTL)).toBeGreaterThan(3000);
    } finally {
      c.close();
    }
  }, scaled(600_000));
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
  }, scaled(120_000));
});

describe.each(ETCD_RELEASES)('vck etcd takes a deployed etcd\'s data, on etcd %s', (release) => {
  const fixture = useLocalCluster(1, undefined, () => etcdRelease(release));

  test('from a snapshot of the running etcd: keys, revision and leases kept; a second start keeps its own data', async () => {
    const deployed = await startEtcd(undefined, etcdRelease(release));
    const source = etcdClient(`http://${deployed.endpoint}`, 30_000);
    try {
      for (let i = 0; i < 500; i++) await source.put(`/registry/pods/p-${i}`).value(`pod-${i}`);
      const lease = source.lease(3600, { autoKeepAlive: false });
      await lease.put('/registry/leases/l1').value('held');
      const revision = Number((await source.kv.range({ key: Buffer.from('/registry/'), range_end: Buffer.from('/registry0'), count_only: true })).header.revision);

      const cluster = fixture.cluster;
      cluster.setReplicas(1);
      cluster.start(0, [`--migrate-from=http://${deployed.endpoint}`]);
      await cluster.ready(0);
      const c = cluster.client(0);
      try {
        const all = await c.kv.range({ key: Buffer.from('/registry/'), range_end: Buffer.from('/registry0'), count_only: true });
        expect(Number(all.count)).toBe(501);
        expect(Number(all.header.revision)).toBe(revision);
        expect(await c.get('/registry/pods/p-42').string()).toBe('pod-42');
        const held = (await c.kv.range({ key: Buffer.from('/registry/leases/l1') })).kvs[0];
        expect(Number((await c.leaseClient.leaseTimeToLive({ ID: held.lease })).TTL)).toBeGreaterThan(3000);
        await c.put('/registry/pods/after').value('migration');
      } finally {
        c.close();
      }
      // Restarted, the member keeps its own data (written after the migration) rather than taking the source again.
      await cluster.stop(0);
      cluster.start(0, [`--migrate-from=http://${deployed.endpoint}`]);
      await cluster.ready(0);
      const again = cluster.client(0);
      try {
        expect(await again.get('/registry/pods/after').string()).toBe('migration');
      } finally {
        again.close();
      }
    } finally {
      source.close();
      await deployed.stop();
    }
  }, scaled(180_000));
});
