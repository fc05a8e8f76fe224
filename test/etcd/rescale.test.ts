import { readdirSync } from 'fs';
import { join } from 'path';
import { underWriteLoad, useLocalCluster } from './local-cluster';
import { scaled } from '../support/time-scale';

/** The data a member set aside, under its data directory. */
const setAside = (dir: string, ordinal: number) => readdirSync(join(dir, `member-${ordinal}`)).filter((f) => f.startsWith('data.removed-'));

describe('the etcd manager when the count goes down and up again with the volumes kept', () => {
  const fixture = useLocalCluster(3);

  test('3 -> 2 -> 3 before the pod is gone, 3 -> 1 with the preStop hook, 1 -> 3 with kept volumes: no acknowledged write lost', async () => {
    const cluster = fixture.cluster;
    await cluster.startAll(3);
    await underWriteLoad(cluster, async () => {
      // The leader removes ordinal 2, whose etcd stops; the count grows back before its pod is gone: it starts again
      // as a new member, its old data set aside.
      cluster.setReplicas(2);
      await cluster.waitForMembers(['etcd-0', 'etcd-1']);
      cluster.setReplicas(3);
      await cluster.waitForMembers(['etcd-0', 'etcd-1', 'etcd-2'], 90_000);
      await cluster.ready(2);
      expect(cluster.output(2)).toContain('starting as a new member');

      // A graceful scale-down 3 -> 1, one pod after the other: each pod's preStop hook, then its stop. The hook
      // succeeds whether it removes its member or the leader did first.
      cluster.setReplicas(1);
      for (const ordinal of [2, 1]) {
        expect(await cluster.leave(ordinal)).toMatch(/leaving the cluster|already removed from the cluster/);
        await cluster.stop(ordinal);
      }
      await cluster.waitForMembers(['etcd-0']);
      // Once removed, the hook has nothing to do and still succeeds (no FailedPreStopHook).
      expect(await cluster.leave(2)).toContain('already removed from the cluster');

      // 1 -> 3 with the volumes kept: the members set their old data aside and join as learners.
      cluster.setReplicas(3);
      cluster.start(1);
      cluster.start(2);
      await cluster.ready(1, 90_000);
      await cluster.ready(2, 90_000);
      await cluster.waitForMembers(['etcd-0', 'etcd-1', 'etcd-2']);
      expect(cluster.output(1)).toContain('kept that data in');
    });
    expect(setAside(cluster.dir, 1).length).toBeGreaterThan(0);
    expect(setAside(cluster.dir, 2).length).toBeGreaterThan(0);
  }, scaled(360_000));
});
