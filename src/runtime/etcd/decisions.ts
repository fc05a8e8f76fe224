/**
 * The membership decisions of the etcd manager, as pure functions of a snapshot the manager observed: what a member
 * does when it starts, what the leader changes each round, what the preStop hook does, and how long a crashed etcd
 * waits before its restart. The manager observes, calls one of these, then acts; nothing here does I/O, so every
 * StatefulSet sequence is a row of a table test.
 */

/** One member as the cluster lists it, with what the manager learned about it. */
export interface MemberView {
  readonly id: string;
  /** Empty until the member has started (etcd learns the name from the member itself). */
  readonly name: string;
  readonly peerUrls: readonly string[];
  readonly isLearner: boolean;
  /** The StatefulSet ordinal the name belongs to; undefined for a foreign or not yet started member. */
  readonly ordinal?: number;
  /** Whether its client URL answered a status request; undefined when not asked. */
  readonly healthy?: boolean;
}

/** Who this member is. */
export interface Self {
  readonly ordinal: number;
  readonly name: string;
  readonly peerUrl: string;
}

/** The data directory of this member. */
export interface DataDirView {
  /** Whether it holds an etcd member (`member/` exists). */
  readonly exists: boolean;
  /** The member ID the data was written as, when it was recorded. */
  readonly memberId?: string;
}

/** What a member sees before it starts etcd. */
export interface StartSnapshot {
  readonly self: Self;
  /** The StatefulSet's replica count. */
  readonly desired: number;
  readonly data: DataDirView;
  /** The members as another ordinal lists them; undefined when no other ordinal answers. */
  readonly members?: readonly MemberView[];
}

export type StartDecision =
  | { readonly kind: 'bootstrap' }
  | { readonly kind: 'rejoin-with-data' }
  /** `removeStale`: the ID the cluster still lists for this member, whose data is not the one on the volume. */
  | { readonly kind: 'join-as-learner'; readonly removeStale?: string }
  | { readonly kind: 'set-aside-data-and-join-as-learner'; readonly removeStale?: string }
  | { readonly kind: 'wait'; readonly reason: string };

/** The member listed for this one: by the recorded ID, else by name or peer URL. */
export function findSelf(self: Self, members: readonly MemberView[], memberId?: string): MemberView | undefined {
  return members.find((m) => (memberId !== undefined && m.id === memberId))
    ?? members.find((m) => m.name === self.name || m.peerUrls.includes(self.peerUrl));
}

/**
 * How a member starts. Only ordinal 0 bootstraps, and only when no other ordinal answers and it has no data, so no
 * two clusters form. Data is used only when the cluster still lists the member it belongs to: a member the cluster
 * removed (a scale-down, then up with the volume kept) would be refused by etcd ("the member has been permanently
 * removed from the cluster") and restart forever, so its data is set aside, kept, and it joins as a new learner.
 */
export function decideStart(s: StartSnapshot): StartDecision {
  const { self, desired, data, members } = s;
  if (!members) {
    // No one to ask: data is this member's own to go on with (all members restarting at once); etcd finds its peers.
    if (data.exists) return { kind: 'rejoin-with-data' };
    if (self.ordinal === 0) return { kind: 'bootstrap' };
    return { kind: 'wait', reason: 'no other member answers yet' };
  }
  const listed = findSelf(self, members, data.memberId);
  const ownData = data.exists && listed !== undefined && (data.memberId === undefined || listed.id === data.memberId);
  if (ownData) return { kind: 'rejoin-with-data' };
  if (self.ordinal >= desired) {
    return { kind: 'wait', reason: `ordinal ${self.ordinal} is beyond the ${desired} desired replicas: not joining a cluster that is shrinking past it` };
  }
  const otherLearner = members.find((m) => m.isLearner && m.id !== listed?.id);
  if (otherLearner) {
    // etcd admits one learner at a time (ErrGRPCTooManyLearners): the next joins once it is promoted or removed.
    return { kind: 'wait', reason: `${otherLearner.name || otherLearner.id} is a learner right now` };
  }
  const removeStale = listed?.id;
  return data.exists
    ? { kind: 'set-aside-data-and-join-as-learner', ...(removeStale && { removeStale }) }
    : { kind: 'join-as-learner', ...(removeStale && { removeStale }) };
}

/** What a running member sees each reconciliation round. */
export interface ReconcileSnapshot {
  readonly self: Self;
  readonly desired: number;
  /** Whether the local etcd answered a status request. */
  readonly localAnswers: boolean;
  /** The leader the local etcd sees ('0': none); undefined when it does not answer. */
  readonly leaderId?: string;
  /** The local member's ID; undefined when it does not answer. */
  readonly selfId?: string;
  /** The members as the local etcd lists them (with health), or as another ordinal does when it does not answer. */
  readonly members?: readonly MemberView[];
  /** Whether another ordinal answered and lists this member; undefined when not asked or none answered. */
  readonly listedByOthers?: boolean;
  /** How long the local etcd has seen no leader, in ms (0 when it sees one). */
  readonly leaderlessForMs: number;
  /** How long to go without a leader before rebuilding (see `rebuild`). */
  readonly rebuildAfterMs: number;
}

export type ReconcileDecision =
  | { readonly kind: 'nothing'; readonly reason?: string }
  /** This member was removed and its ordinal is scaled away: stop etcd for good. */
  | { readonly kind: 'retire' }
  /** This member was removed but its ordinal is wanted (the count grew back): start again as a new member. */
  | { readonly kind: 'start-again' }
  | { readonly kind: 'promote'; readonly member: MemberView }
  | { readonly kind: 'remove'; readonly member: MemberView }
  /** Ordinal 0 restarts once with --force-new-cluster: the quorum was scaled away. */
  | { readonly kind: 'rebuild'; readonly missing: readonly MemberView[] };

/**
 * A StatefulSet scaled to 0 replicas (a control plane put to sleep) stops every pod: the members keep their
 * membership and data, so the cluster comes back whole when it is scaled up again.
 */
const SLEEPING = 'the StatefulSet is scaled to 0 (asleep): every member keeps its membership';

/** The smallest majority of `voters`. */
export function quorum(voters: number): number {
  return Math.floor(voters / 2) + 1;
}

/**
 * One round: a member the cluster no longer lists retires or starts again; ordinal 0 rebuilds a cluster whose quorum
 * was scaled away; the leader removes the highest ordinal beyond the desired count (never through a quorum loss:
 * the voters that remain must have a healthy majority), then promotes a started learner the count includes.
 */
export function decideReconcile(s: ReconcileSnapshot): ReconcileDecision {
  const { self, desired } = s;
  if (desired === 0) return { kind: 'nothing', reason: SLEEPING };
  if (s.listedByOthers === false) return self.ordinal >= desired ? { kind: 'retire' } : { kind: 'start-again' };
  if (!s.localAnswers || !s.members) return { kind: 'nothing', reason: 'the local etcd does not answer' };
  if (s.leaderId === '0') return decideRebuild(s);
  if (s.leaderId !== s.selfId) return { kind: 'nothing' };

  const beyond = s.members
    .filter((m) => m.ordinal !== undefined && m.ordinal >= desired)
    .sort((a, b) => b.ordinal! - a.ordinal!);
  // The highest ordinal first, unless removing it would lose the quorum while removing another would not (3 -> 1
  // with ordinal 1 stopped before ordinal 2: removing 2 first would leave 0 and a stopped 1, a quorum lost for good).
  const target = beyond.find((m) => keepsQuorum(s.members!, m)) ?? beyond[0];
  if (target) {
    if (!keepsQuorum(s.members, target)) {
      const voters = s.members.filter((m) => m.id !== target.id && !m.isLearner);
      const healthy = voters.filter((m) => m.healthy).length;
      return { kind: 'nothing', reason: `not removing ${target.name}: only ${healthy} of the ${voters.length} remaining voting members are healthy` };
    }
    return { kind: 'remove', member: target };
  }
  // Only a started learner (it has a name) can be in sync; one not started yet is its own manager's to start.
  const learner = s.members.find((m) => m.isLearner && m.name !== '' && m.ordinal !== undefined && m.ordinal < desired);
  if (learner) return { kind: 'promote', member: learner };
  return { kind: 'nothing' };
}

/** Whether removing `target` leaves the remaining voting members a healthy majority (a learner does not vote). */
function keepsQuorum(members: readonly MemberView[], target: MemberView): boolean {
  if (target.isLearner) return true;
  const voters = members.filter((m) => m.id !== target.id && !m.isLearner);
  return voters.filter((m) => m.healthy).length >= quorum(voters.length);
}

/**
 * A scale-down that took members away before they were removed (3 -> 1 at once) leaves ordinal 0 without a quorum
 * for good. It rebuilds a one-member cluster from its data only after `rebuildAfterMs` without a leader, and only
 * when every member that does not answer is beyond the desired count: one that should exist may come back with
 * newer data.
 */
function decideRebuild(s: ReconcileSnapshot): ReconcileDecision {
  if (s.self.ordinal !== 0) return { kind: 'nothing', reason: 'no leader' };
  if (s.leaderlessForMs < s.rebuildAfterMs) return { kind: 'nothing', reason: 'no leader yet' };
  const others = s.members!.filter((m) => m.id !== s.selfId);
  const missing = others.filter((m) => !m.healthy);
  const needed = missing.filter((m) => (m.ordinal ?? 0) < s.desired);
  if (missing.length === 0) return { kind: 'nothing', reason: 'no leader, but every member answers' };
  if (needed.length > 0) {
    return { kind: 'nothing', reason: `no leader, but ${needed.map((m) => m.name || m.id).join(', ')} should exist: not rebuilding` };
  }
  return { kind: 'rebuild', missing };
}

/** What the preStop hook sees. */
export interface LeaveSnapshot {
  readonly self: Self;
  readonly desired: number;
  /** The members as any answering member lists them; undefined when none answers. */
  readonly members?: readonly MemberView[];
}

export type LeaveDecision =
  | { readonly kind: 'keep'; readonly reason: string }
  /** A wanted member stopping (its pod rolls) while members scaled away are still listed: stop once they are gone. */
  | { readonly kind: 'keep-after-removals'; readonly leaving: readonly MemberView[] }
  | { readonly kind: 'already-removed' }
  | { readonly kind: 'remove-self'; readonly member: MemberView }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * The preStop hook: a member whose ordinal is still wanted stays (a restart or rescheduling brings its data back);
 * one being scaled away removes itself, unless the leader already did, which is success, not an error.
 *
 * A replica change also rolls the wanted pods (the config hash changes, as in the chart), and the StatefulSet
 * deletes ordinal 0 with the scaled-away ones at once. A wanted member that stopped first would take its vote
 * away from the removals: 3 -> 1 would leave the scaled-away members listed with no quorum to remove them, and
 * ordinal 0 restarting into a cluster whose other members are gone. So a wanted member stops only once the members
 * beyond the count are removed (or the hook's time is up).
 */
export function decideLeave(s: LeaveSnapshot): LeaveDecision {
  if (s.desired === 0) return { kind: 'keep', reason: SLEEPING };
  if (s.self.ordinal < s.desired) {
    const leaving = (s.members ?? []).filter((m) => m.ordinal !== undefined && m.ordinal >= s.desired);
    if (leaving.length > 0) return { kind: 'keep-after-removals', leaving };
    return { kind: 'keep', reason: `ordinal ${s.self.ordinal} is within the ${s.desired} desired replicas; staying a member` };
  }
  if (!s.members) return { kind: 'unknown', reason: 'no member answers' };
  const listed = findSelf(s.self, s.members);
  return listed ? { kind: 'remove-self', member: listed } : { kind: 'already-removed' };
}

/** The restart backoff of a crashed etcd: doubling from `initialMs` up to `maxMs`. */
export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  /** A run at least this long counts as healthy: the next crash starts the backoff over. */
  readonly resetAfterMs: number;
}

/**
 * Like the kubelet's (10 s doubling to 5 min, reset after 10 min running), scaled to a process on the same node:
 * 0.5 s doubling to 30 s, reset after 2 minutes of running, long enough that a crash loop never resets it.
 */
export const ETCD_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000, resetAfterMs: 120_000 };

/**
 * The delay before the next restart and the crash count it leaves, from the crashes since the last healthy run and
 * how long the run that just ended lasted.
 */
export function nextRestart(crashes: number, ranMs: number, backoff: Backoff = ETCD_BACKOFF): { delayMs: number; crashes: number } {
  const count = ranMs >= backoff.resetAfterMs ? 0 : crashes;
  const delayMs = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(count, 30));
  return { delayMs, crashes: count + 1 };
}
