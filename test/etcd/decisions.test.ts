import {
  decideLeave, decideReconcile, decideStart, ETCD_BACKOFF, nextRestart,
  type MemberView, type ReconcileSnapshot, type Self, type StartDecision, type StartSnapshot,
} from '../../src/runtime/etcd/decisions';
import { etcdErrorKind } from '../../src/runtime/etcd/etcd-errors';

const self = (ordinal: number): Self => ({ ordinal, name: `etcd-${ordinal}`, peerUrl: `http://p${ordinal}` });

/** A started member of `ordinal`, with id `m<ordinal>` unless given. */
function member(ordinal: number, extra: Partial<MemberView> = {}): MemberView {
  return { id: `m${ordinal}`, name: `etcd-${ordinal}`, peerUrls: [`http://p${ordinal}`], isLearner: false, ordinal, healthy: true, ...extra };
}

/** A member added but not started yet: etcd lists it without a name. */
const unstarted = (ordinal: number, extra: Partial<MemberView> = {}): MemberView =>
  member(ordinal, { name: '', ordinal: undefined, isLearner: true, ...extra });

const noData = { exists: false };
const data = (memberId?: string) => ({ exists: true, ...(memberId && { memberId }) });

describe('decideStart: how a member starts', () => {
  const rows: [string, StartSnapshot, StartDecision][] = [
    ['first start of ordinal 0: bootstrap alone',
      { self: self(0), desired: 1, data: noData }, { kind: 'bootstrap' }],
    ['scale up: ordinal 1 without data joins as a learner',
      { self: self(1), desired: 3, data: noData, members: [member(0)] }, { kind: 'join-as-learner' }],
    ['scale up: ordinal 2 waits while ordinal 1 is still a learner (etcd admits one)',
      { self: self(2), desired: 3, data: noData, members: [member(0), member(1, { isLearner: true })] },
      { kind: 'wait', reason: 'etcd-1 is a learner right now' }],
    ['ordinal 1 without data and nobody answering waits: only ordinal 0 bootstraps',
      { self: self(1), desired: 3, data: noData }, { kind: 'wait', reason: 'no other member answers yet' }],
    ['pod deleted and recreated with its volume: rejoins with its data',
      { self: self(1), desired: 3, data: data('m1'), members: [member(0), member(1), member(2)] }, { kind: 'rejoin-with-data' }],
    ['pod recreated with its volume, ID not recorded (older data): rejoins by name',
      { self: self(1), desired: 3, data: data(), members: [member(0), member(1), member(2)] }, { kind: 'rejoin-with-data' }],
    ['all members restarted at once: each goes on with its data',
      { self: self(2), desired: 3, data: data('m2') }, { kind: 'rejoin-with-data' }],
    ['pod recreated with a wiped volume: the stale member is removed and it joins again',
      { self: self(2), desired: 3, data: noData, members: [member(0), member(1), member(2)] },
      { kind: 'join-as-learner', removeStale: 'm2' }],
    ['scale down then up with kept volumes: the removed member sets its data aside and joins as a learner',
      { self: self(2), desired: 3, data: data('m2'), members: [member(0), member(1)] },
      { kind: 'set-aside-data-and-join-as-learner' }],
    ['down past quorum then up: ordinal 0 rebuilt alone, ordinal 1 sets its old data aside',
      { self: self(1), desired: 3, data: data('m1'), members: [member(0)] },
      { kind: 'set-aside-data-and-join-as-learner' }],
    ['data of an earlier incarnation while the cluster lists a newer one under the same URL: set aside, remove, join',
      { self: self(2), desired: 3, data: data('old'), members: [member(0), member(1), unstarted(2, { id: 'new', isLearner: false })] },
      { kind: 'set-aside-data-and-join-as-learner', removeStale: 'new' }],
    ['an added learner that never started (crashed before etcd ran) is replaced',
      { self: self(1), desired: 2, data: noData, members: [member(0), unstarted(1)] }, { kind: 'join-as-learner', removeStale: 'm1' }],
    ['count lowered again before the pod is gone: a removed member beyond the count does not join',
      { self: self(2), desired: 2, data: data('m2'), members: [member(0), member(1)] },
      { kind: 'wait', reason: 'ordinal 2 is beyond the 2 desired replicas: not joining a cluster that is shrinking past it' }],
  ];
  test.each(rows)('%s', (_name, snapshot, expected) => {
    expect(decideStart(snapshot)).toEqual(expected);
  });
});

const round = (over: Partial<ReconcileSnapshot> & Pick<ReconcileSnapshot, 'self' | 'desired'>): ReconcileSnapshot => ({
  localAnswers: true,
  leaderId: 'm0',
  selfId: `m${over.self.ordinal}`,
  leaderlessForMs: 0,
  rebuildAfterMs: 30_000,
  ...over,
});

describe('decideReconcile: one round of a running member', () => {
  const three = [member(0), member(1), member(2)];
  const rows: [string, ReconcileSnapshot, ReturnType<typeof decideReconcile>][] = [
    ['steady: nothing to do', round({ self: self(0), desired: 3, members: three }), { kind: 'nothing' }],
    ['a follower never changes membership', round({ self: self(1), desired: 1, members: three }), { kind: 'nothing' }],
    ['scale down 3 -> 2: the leader removes ordinal 2',
      round({ self: self(0), desired: 2, members: three }), { kind: 'remove', member: member(2) }],
    ['scale down 3 -> 1: the highest ordinal goes first',
      round({ self: self(0), desired: 1, members: three }), { kind: 'remove', member: member(2) }],
    ['3 -> 1 through the preStop hooks, all healthy: removals, never a rebuild (first ordinal 2)',
      round({ self: self(0), desired: 1, members: three }), { kind: 'remove', member: member(2) }],
    ['3 -> 1 through the preStop hooks, all healthy: then ordinal 1, leaving a cluster of one',
      round({ self: self(0), desired: 1, members: [member(0), member(1)] }), { kind: 'remove', member: member(1) }],
    ['3 -> 1 with ordinal 1 stopped before ordinal 2: 1 goes first, since removing 2 would lose the quorum',
      round({ self: self(0), desired: 1, members: [member(0), member(1, { healthy: false }), member(2)] }),
      { kind: 'remove', member: member(1, { healthy: false }) }],
    ['never through a quorum loss: removing 2 would leave 0 and an unhealthy 1',
      round({ self: self(0), desired: 2, members: [member(0), member(1, { healthy: false }), member(2)] }),
      { kind: 'nothing', reason: 'not removing etcd-2: only 1 of the 2 remaining voting members are healthy' }],
    ['a learner beyond the count is removed even without a healthy majority (it does not vote)',
      round({ self: self(0), desired: 1, members: [member(0), member(1, { healthy: false }), member(2, { isLearner: true })] }),
      { kind: 'remove', member: member(2, { isLearner: true }) }],
    ['a learner beyond the count that never started (its pod went before etcd ran) is removed: it would block every join',
      round({ self: self(0), desired: 2, members: [member(0), member(1), unstarted(2, { ordinal: 2 })] }),
      { kind: 'remove', member: unstarted(2, { ordinal: 2 }) }],
    ['a learner the count includes that has not started yet is left to its own manager',
      round({ self: self(0), desired: 3, members: [member(0), member(1), unstarted(2, { ordinal: 2 })] }), { kind: 'nothing' }],
    ['a started learner the count includes is promoted (its own manager may have died before promoting it)',
      round({ self: self(0), desired: 3, members: [member(0), member(1), member(2, { isLearner: true })] }),
      { kind: 'promote', member: member(2, { isLearner: true }) }],
    ['count changed again before the pod is gone (3 -> 2 -> 3): nothing is removed',
      round({ self: self(0), desired: 3, members: three }), { kind: 'nothing' }],
    ['removed and scaled away: retire (stop etcd for good)',
      round({ self: self(2), desired: 2, localAnswers: false, leaderId: undefined, selfId: undefined, members: undefined, listedByOthers: false }),
      { kind: 'retire' }],
    ['removed, then the count grew back before the pod went: start again as a new member',
      round({ self: self(2), desired: 3, localAnswers: false, leaderId: undefined, selfId: undefined, members: undefined, listedByOthers: false }),
      { kind: 'start-again' }],
    ['local etcd down (restarting) but still listed: wait for it',
      round({ self: self(1), desired: 3, localAnswers: false, leaderId: undefined, selfId: undefined, members: undefined, listedByOthers: true }),
      { kind: 'nothing', reason: 'the local etcd does not answer' }],
    ['down past quorum (3 -> 1 at once), after the wait: ordinal 0 rebuilds',
      round({
        self: self(0),
        desired: 1,
        leaderId: '0',
        leaderlessForMs: 31_000,
        members: [member(0), member(1, { healthy: false }), member(2, { healthy: false })],
      }),
      { kind: 'rebuild', missing: [member(1, { healthy: false }), member(2, { healthy: false })] }],
    ['no leader, not yet long enough: wait',
      round({ self: self(0), desired: 1, leaderId: '0', leaderlessForMs: 5_000, members: [member(0), member(1, { healthy: false })] }),
      { kind: 'nothing', reason: 'no leader yet' }],
    ['no leader, but a missing member should exist (it may hold newer data): no rebuild',
      round({
        self: self(0),
        desired: 3,
        leaderId: '0',
        leaderlessForMs: 60_000,
        members: [member(0), member(1, { healthy: false }), member(2, { healthy: false })],
      }),
      { kind: 'nothing', reason: 'no leader, but etcd-1, etcd-2 should exist: not rebuilding' }],
    ['scaled to 0 (asleep): the leader removes no one, so the cluster wakes whole',
      round({ self: self(0), desired: 0, members: three }),
      { kind: 'nothing', reason: 'the StatefulSet is scaled to 0 (asleep): every member keeps its membership' }],
    ['only ordinal 0 rebuilds',
      round({ self: self(1), desired: 1, leaderId: '0', leaderlessForMs: 60_000, members: three }),
      { kind: 'nothing', reason: 'no leader' }],
  ];
  test.each(rows)('%s', (_name, snapshot, expected) => {
    expect(decideReconcile(snapshot)).toEqual(expected);
  });
});

describe('decideLeave: the preStop hook', () => {
  const rows: [string, Parameters<typeof decideLeave>[0], ReturnType<typeof decideLeave>['kind']][] = [
    ['a restart of a wanted ordinal keeps the member', { self: self(1), desired: 3, members: [member(0), member(1)] }, 'keep'],
    ['scaled away and still listed: removes itself', { self: self(2), desired: 2, members: [member(0), member(1), member(2)] }, 'remove-self'],
    ['the leader already removed it (graceful scale-down): success', { self: self(2), desired: 2, members: [member(0), member(1)] }, 'already-removed'],
    ['no member answers: cannot tell', { self: self(2), desired: 2 }, 'unknown'],
    ['scaled to 0 (asleep): even ordinal 0 stays a member', { self: self(0), desired: 0, members: [member(0), member(1)] }, 'keep'],
    ['3 -> 1 rolls ordinal 0 with 1 and 2 leaving: it stops once they are removed',
      { self: self(0), desired: 1, members: [member(0), member(1), member(2)] }, 'keep-after-removals'],
    ['3 -> 1 rolls ordinal 0 after 2 was removed: waits for 1',
      { self: self(0), desired: 1, members: [member(0), member(1)] }, 'keep-after-removals'],
    ['3 -> 1 rolls ordinal 0 after both were removed: stops at once', { self: self(0), desired: 1, members: [member(0)] }, 'keep'],
    ['a wanted member stopping with nobody answering: keeps, nothing to wait for', { self: self(0), desired: 1 }, 'keep'],
  ];
  test.each(rows)('%s', (_name, snapshot, expected) => {
    expect(decideLeave(snapshot).kind).toBe(expected);
  });

  test('a wanted member waits for the members beyond the count, learners too (their removal needs its vote as well)', () => {
    expect(decideLeave({ self: self(1), desired: 2, members: [member(0), member(1), member(2, { isLearner: true }), member(3)] }))
      .toEqual({ kind: 'keep-after-removals', leaving: [member(2, { isLearner: true }), member(3)] });
  });

  test('removes the member the cluster lists for it, by its ID', () => {
    expect(decideLeave({ self: self(2), desired: 1, members: [member(0), member(2, { id: 'abc' })] }))
      .toEqual({ kind: 'remove-self', member: member(2, { id: 'abc' }) });
  });
});

describe('nextRestart: the restart backoff of a crashed etcd', () => {
  const { initialMs, maxMs, resetAfterMs } = ETCD_BACKOFF;
  const rows: [string, number, number, { delayMs: number; crashes: number }][] = [
    ['first crash', 0, 1000, { delayMs: initialMs, crashes: 1 }],
    ['doubles', 1, 1000, { delayMs: 2 * initialMs, crashes: 2 }],
    ['doubles again', 3, 1000, { delayMs: 8 * initialMs, crashes: 4 }],
    ['is capped', 20, 1000, { delayMs: maxMs, crashes: 21 }],
    ['resets after a healthy run', 20, resetAfterMs, { delayMs: initialMs, crashes: 1 }],
    ['does not reset after a run just short of healthy', 7, resetAfterMs - 1, { delayMs: maxMs, crashes: 8 }],
  ];
  test.each(rows)('%s', (_name, crashes, ranMs, expected) => {
    expect(nextRestart(crashes, ranMs)).toEqual(expected);
  });
});

describe('etcd errors, recognised by gRPC code and etcd\'s description', () => {
  const grpc = (code: number, details: string) => Object.assign(new Error(`${code} X: ${details}`), { code });
  const rows: [string, unknown, ReturnType<typeof etcdErrorKind>][] = [
    ['member not found (NotFound)', grpc(5, 'etcdserver: member not found'), 'memberNotFound'],
    ['a learner not in sync, not the shorter "not a learner"',
      grpc(9, 'etcdserver: can only promote a learner member which is in sync with leader'), 'learnerNotReady'],
    ['not a learner', grpc(9, 'etcdserver: can only promote a learner member'), 'memberNotLearner'],
    ['too many learners', grpc(9, 'etcdserver: too many learner members in cluster'), 'tooManyLearners'],
    ['peer URL exists', grpc(9, 'etcdserver: Peer URLs already exists'), 'peerUrlExists'],
    ['the etcd3 client\'s rethrown form, code only in the message',
      new Error('GRPCNotFoundError: 5 NOT_FOUND: etcdserver: member not found'), 'memberNotFound'],
    ['the right text with another code is not etcd\'s error', grpc(2, 'etcdserver: member not found'), undefined],
    ['another error', new Error('connect ECONNREFUSED'), undefined],
  ];
  test.each(rows)('%s', (_name, err, expected) => {
    expect(etcdErrorKind(err)).toBe(expected);
  });
});
