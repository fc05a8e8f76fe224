import { lostWrites, startWriter, useLocalCluster } from './local-cluster';
import { ETCD_RELEASES, etcdRelease } from '../support/etcd-releases';
import { scaled } from '../support/time-scale';

describe.each(ETCD_RELEASES)('the etcd manager grows and shrinks the cluster with the replica count, on etcd %s', (release) => {
  const fixture = useLocalCluster(5, undefined, () => etcdRelease(release));

  test('bootstrap 1, scale 1 -> 3 -> 5 -> 3 -> 1 under write load, no acknowledged write lost', async () => {
    const cluster = fixture.cluster;
    cluster.setReplicas(1);
    cluster.start(0);
    await cluster.ready(0);
    expect(await cluster.votingMembers()).toEqual(['etcd-0']);

    const writer = startWriter(cluster.clientUrl(0));
    try {
      cluster.setReplicas(3);
      cluster.start(1);
      cluster.start(2);
      await cluster.ready(1);
      await cluster.ready(2);
      await cluster.waitForMembers(['etcd-0', 'etcd-1', 'etcd-2']);

      cluster.setReplicas(5);
      cluster.start(3);
      cluster.start(4);
      await cluster.ready(3);
      await cluster.ready(4);
      await cluster.waitForMembers(['etcd-0', 'etcd-1', 'etcd-2', 'etcd-3', 'etcd-4']);

      // Scaling down: the members go first, then the pods (a StatefulSet removes the highest ordinals).
      cluster.setReplicas(3);
      await cluster.waitForMembers(['etcd-0', 'etcd-1', 'etcd-2']);
      await cluster.stop(3);
      await cluster.stop(4);

      cluster.setReplicas(1);
      await cluster.waitForMembers(['etcd-0']);
      await cluster.stop(1);
      await cluster.stop(2);
      await cluster.ready(0);
    } finally {
      await writer.stop();
    }

    expect(writer.acked.length).toBeGreaterThan(50);
    expect(await lostWrites(cluster.clientUrl(0), writer.acked)).toEqual([]);
  }, scaled(300_000));
});
