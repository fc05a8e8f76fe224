import { ClusterAccess, type Member } from './cluster-access';
import { decideLeave } from './decisions';
import { isEtcdError } from './etcd-errors';
import { clientFiles, selfOf, type ManagerOptions } from './manager-options';
import { waitFor, withTimeout } from '../wait';

/**
 * How long the preStop hook tries to leave: the rendered grace period is 10 s, shared by the hook and the stop of
 * etcd that follows it (which needs a few seconds to hand leadership over), so the hook takes at most half of it,
 * whatever the members answer; each call inside is bounded by LEAVE_CALL_TIMEOUT_MS, so several attempts fit.
 */
export const LEAVE_BUDGET_MS = 5000;
export const LEAVE_CALL_TIMEOUT_MS = 1500;

/**
 * The preStop hook (decideLeave): a member whose ordinal is still wanted stays; one being scaled away removes
 * itself, and one the leader already removed (its etcd then stopped itself) is done. The members are asked
 * others first, since the local etcd may be stopped. Bounded by LEAVE_BUDGET_MS, inside the pod's grace period.
 */
export async function leaveCluster(options: ManagerOptions): Promise<void> {
  const me = selfOf(options.topology);
  const state: LeaveState = { failure: '', waitingForOthers: false };
  try {
    // The attempts stop at the budget, and a call still under way then is not waited for: the hook ends in time.
    await withTimeout(tryToLeave(options, state), LEAVE_BUDGET_MS, () => new Error(`${me.name} did not leave the cluster `
      + `within ${LEAVE_BUDGET_MS} ms; the leader removes it instead`));
  } catch (err) {
    // A wanted member has nothing to leave: waiting for the others was a courtesy to them, and its time is up.
    if (!state.waitingForOthers) throw err;
    options.log(`${me.name}: stopping with ${state.failure}`);
  }
}

interface LeaveState {
  /** What the last attempt could not do. */
  failure: string;
  /** Whether the last decision was a wanted member waiting for the scaled-away ones to be removed. */
  waitingForOthers: boolean;
}

async function tryToLeave(options: ManagerOptions, state: LeaveState): Promise<void> {
  const me = selfOf(options.topology);
  const topology = options.topology;
  const access = new ClusterAccess(topology, clientFiles(options.tls), LEAVE_CALL_TIMEOUT_MS);
  const desired = await topology.desiredReplicas();
  await waitFor(async () => {
    const found = await access.viaOthers(desired)
      ?? await access.local(async (c) => ({ url: topology.listen.local, members: (await c.cluster.memberList({})).members as Member[] }))
        .catch(() => undefined);
    const decision = decideLeave({ self: me, desired, members: found && await access.views(found.members) });
    state.waitingForOthers = decision.kind === 'keep-after-removals';
    switch (decision.kind) {
      case 'keep':
        options.log(`${me.name}: ${decision.reason}`);
        return true;
      case 'keep-after-removals':
        state.failure = `${decision.leaving.map((m) => m.name || m.id).join(', ')} (beyond the ${desired} desired replicas) still listed`;
        options.log(`${me.name}: staying a member; waiting for ${state.failure} to be removed, whose removal needs this member's vote`);
        return false;
      case 'already-removed':
        options.log(`${me.name}: already removed from the cluster; nothing to leave`);
        return true;
      case 'unknown':
        state.failure = decision.reason;
        return false;
      case 'remove-self':
        options.log(`${me.name}: scaled away (desired ${desired}); leaving the cluster`);
        try {
          await access.using(found!.url, (c) => c.cluster.memberRemove({ ID: decision.member.id }));
          return true;
        } catch (err) {
          // "unhealthy cluster": etcd refuses a removal while its peers were connected only briefly; decide again.
          if (isEtcdError(err, 'memberNotFound')) return true;
          state.failure = (err as Error).message;
          options.log(`${me.name}: could not leave yet: ${state.failure}`);
          return false;
        }
    }
  }, { intervalMs: 500, timeoutMs: LEAVE_BUDGET_MS, what: () => `${me.name} to leave the cluster (${state.failure}); the leader removes it instead` });
}
