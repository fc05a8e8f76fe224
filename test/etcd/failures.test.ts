import { underWriteLoad, useLocalCluster } from './local-cluster';
import { scaled } from '../support/time-scale';

describe('the etcd manager recovers members', () => {
  const fixture = useLocalCluster(3);

  test('kill -9 of a member and of the leader, a wiped data directory, and all members restarted at once lose no acknowledged write', async () => {
    const cluster = fixture.cluster;
    await cluster.startAll(3);
    await underWriteLoad(cluster, async () => {
      // A crashed etcd is restarted by its manager and rejoins with its data.
      cluster.killEtcd(1);
      await new Promise((r) => setTimeout(r, 1000));
      await cluster.ready(1);

      // The leader crashing: another member takes over, the old leader comes back as a follower.
      const leader = await cluster.leaderOrdinal();
      cluster.killEtcd(leader);
      await new Promise((r) => setTimeout(r, 1000));
      for (const o of [0, 1, 2]) await cluster.ready(o);

      // A member whose data is lost is removed and added back empty, then promoted.
      await cluster.stop(2);
      cluster.wipe(2);
      cluster.start(2);
      await cluster.ready(2);
      await cluster.waitForMembers(['etcd-0', 'etcd-1', 'etcd-2']);

      // Every member restarted at once comes back as itself, from its data.
      await Promise.all([0, 1, 2].map((o) => cluster.stop(o)));
      for (const o of [0, 1, 2]) cluster.start(o);
      for (const o of [0, 1, 2]) await cluster.ready(o);
      await cluster.waitForMembers(['etcd-0', 'etcd-1', 'etcd-2']);

      await new Promise((r) => setTimeout(r, 500));
    });
  }, scaled(240_000));
});

describe('the etcd manager rebuilds a cluster whose quorum was scaled away', () => {
  const fixture = useLocalCluster(3);

  test('3 -> 1 at once (both other members gone before they were removed), then 3 again with the volumes kept: no acknowledged write lost', async () => {
    const cluster = fixture.cluster;
    await cluster.startAll(3);
    await underWriteLoad(cluster, async () => {
      await new Promise((r) => setTimeout(r, 1000));
      // Pods 1 and 2 vanish together, as a StatefulSet with Parallel pod management scales 3 -> 1.
      for (const o of [1, 2]) await cluster.crash(o);
      cluster.setReplicas(1);
      await cluster.waitForMembers(['etcd-0'], 90_000);
      await cluster.ready(0);
      expect(cluster.output(0)).toContain('rebuilding a one-member cluster');

      // Up to 3 again with the volumes kept: the old members' data belongs to members the rebuilt cluster does not
      // list, so it is set aside and they join as learners.
      cluster.setReplicas(3);
      cluster.start(1);
      cluster.start(2);
      for (const o of [1, 2]) await cluster.ready(o, 90_000);
      await cluster.waitForMembers(['etcd-0', 'etcd-1', 'etcd-2']);
      expect(cluster.output(1)).toContain('kept that data in');
    });
  }, scaled(240_000));
});
