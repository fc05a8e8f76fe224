import { useLocalCluster } from './local-cluster';
import { scaled } from '../support/time-scale';

describe('vck etcd leave, the preStop hook', () => {
  const fixture = useLocalCluster(3);

  test('removes the member only when its ordinal is being scaled away', async () => {
    const cluster = fixture.cluster;
    // The leader's own reconciliation is slowed down, so that only the hook removes members here.
    const slow = ['--reconcile-interval=600000'];
    await cluster.startAll(3, slow);

    // A restart of a wanted ordinal: the member stays.
    expect(await cluster.leave(2)).toContain('staying a member');
    cluster.setReplicas(2);
    expect(await cluster.leave(2)).toContain('leaving the cluster');
    await cluster.waitForMembers(['etcd-0', 'etcd-1'], 30_000);
    expect(await cluster.leave(1)).toContain('staying a member');
    expect(await cluster.votingMembers()).toEqual(['etcd-0', 'etcd-1']);

    // No member answers: the hook gives up at its budget with a clear error instead of holding the pod's grace period.
    await cluster.stop(0);
    await cluster.stop(1);
    cluster.setReplicas(1);
    await expect(cluster.leave(1)).rejects.toThrow(/no member answers|within 5000 ms/);
  }, scaled(180_000));
});
