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

describe('vck etcd leave when a replica change rolls a wanted pod with the scaled-away ones', () => {
  const fixture = useLocalCluster(3);

  test('3 -> 1, all three hooks at once: ordinal 0 stops only after 1 and 2 are removed, and restarts into a cluster of one', async () => {
    const cluster = fixture.cluster;
    await cluster.startAll(3, ['--reconcile-interval=600000']);
    cluster.setReplicas(1);
    const hooks = [0, 1, 2].map((ordinal) => cluster.leave(ordinal).then((printed) => ({ printed, members: cluster.votingMembers() })));
    const [zero, ...leaving] = await Promise.all(hooks);
    for (const hook of leaving) expect(hook.printed).toMatch(/leaving the cluster|already removed from the cluster/);
    expect(zero.printed).toContain('waiting for');
    // When ordinal 0's hook returned, its pod could stop: the scaled-away members were gone by then.
    expect(await zero.members).toEqual(['etcd-0']);

    // The pods stop; ordinal 0 comes back (rolled) with its data into a one-member cluster: no quorum lost, no rebuild.
    for (const ordinal of [0, 1, 2]) await cluster.stop(ordinal);
    cluster.start(0, ['--reconcile-interval=600000']);
    await cluster.ready(0, 30_000);
    expect(await cluster.votingMembers()).toEqual(['etcd-0']);
    expect(cluster.output(0)).not.toContain('rebuilding');
  }, scaled(180_000));
});
