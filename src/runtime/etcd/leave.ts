import { ClusterAccess, type Member } from './cluster-access';
import { decideLeave } from './decisions';
import { isEtcdError } from './etcd-errors';
import { clientFiles, selfOf, type ManagerOptions } from './manager-options';
import { waitFor } from '../wait';

/**
 * How long the preStop hook tries to leave: the rendered grace period is 10 s, shared by the hook and the stop of
 * etcd that follows it (which needs a few seconds to hand leadership over); each call inside is bounded by
 * LEAVE_CALL_TIMEOUT_MS, so the hook ends within the grace period even when members do not answer.
 */
export const LEAVE_BUDGET_MS = 5000;
const LEAVE_CALL_TIMEOUT_MS = 1500;

/**
 * The preStop hook (decideLeave): a member whose ordinal is still wanted stays; one being scaled away removes
 * itself, and one the leader already removed (its etcd then stopped itself) is done. The members are asked
 * others first, since the local etcd may be stopped. Bounded by LEAVE_BUDGET_MS, inside the pod's grace period.
 */
export async function leaveCluster(options: ManagerOptions): Promise<void> {
  const me = selfOf(options.topology);
  const topology = options.topology;
  const access = new ClusterAccess(topology, clientFiles(options.tls), LEAVE_CALL_TIMEOUT_MS);
  const deadline = Date.now() + LEAVE_BUDGET_MS;
  const desired = await topology.desiredReplicas();
  let failure = '';
  const done = await waitFor(async () => {
    const found = await access.viaOthers(desired)
      ?? await access.local(async (c) => ({ url: topology.listen.local, members: (await c.cluster.memberList({})).members as Member[] }))
        .catch(() => undefined);
    const decision = decideLeave({ self: me, desired, members: found && await access.views(found.members) });
    switch (decision.kind) {
      case 'keep':
        options.log(`${me.name}: ${decision.reason}`);
        return true;
      case 'already-removed':
        options.log(`${me.name}: already removed from the cluster; nothing to leave`);
        return true;
      case 'unknown':
        failure = decision.reason;
        return false;
      case 'remove-self':
        options.log(`${me.name}: scaled away (desired ${desired}); leaving the cluster`);
        try {
          await access.using(found!.url, (c) => c.cluster.memberRemove({ ID: decision.member.id }));
          return true;
        } catch (err) {
          // "unhealthy cluster": etcd refuses a removal while its peers were connected only briefly; decide again.
          if (isEtcdError(err, 'memberNotFound')) return true;
          failure = (err as Error).message;
          options.log(`${me.name}: could not leave yet: ${failure}`);
          return false;
        }
    }
  }, { intervalMs: 500, timeoutMs: Math.max(0, deadline - Date.now()), what: () => `${me.name} to leave the cluster (${failure}); the leader removes it instead` });
  if (!done) throw new Error(`${me.name} did not leave the cluster`);
}
