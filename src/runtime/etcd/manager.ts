import { existsSync } from 'fs';
import { StatusServer } from '../http-status';
import { claimDataDir } from '../store-guard';
import { waitFor } from '../wait';
import { ClusterAccess, type Member } from './cluster-access';
import { decideReconcile, decideStart, findSelf, type MemberView, type ReconcileSnapshot, type Self, type StartSnapshot } from './decisions';
import { etcdErrorKind, isEtcdError } from './etcd-errors';
import { memberFlags } from './etcd-flags';
import { EtcdProcess } from './etcd-process';
import { clientFiles, selfOf, type ManagerOptions } from './manager-options';
import { adoptVolumeRootData, recordMemberId, setAsideData, viewDataDir } from './member-data';
import { migrateDeployedEtcd } from './migrate-etcd';
import type { Topology } from './topology';

/**
 * Runs one etcd member and keeps the cluster's membership equal to the StatefulSet's replicas. Each step observes
 * the cluster into a snapshot, decides with a pure function of decisions.ts (how to start, what to change each
 * round), then acts: runs etcd (etcd-process.ts), adds, promotes or removes members, rebuilds a cluster whose quorum
 * was scaled away. Before the first start it adopts or migrates data; it serves the member's status. The preStop
 * hook is leave.ts.
 */
export class EtcdManager {
  private etcd?: EtcdProcess;
  private status?: StatusServer;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private reconciling = false;
  private leaderlessSince?: number;
  private lastReason?: string;
  private retired = false;
  private readonly topology: Topology;
  private readonly access: ClusterAccess;

  public constructor(private readonly options: ManagerOptions) {
    this.topology = options.topology;
    this.access = new ClusterAccess(this.topology, clientFiles(options.tls));
  }

  private get me(): Self & { clientUrl: string } {
    return selfOf(this.topology);
  }

  /** etcd's flags (see etcd-flags.ts). */
  private etcdArgs(initialCluster: string, state: 'new' | 'existing', elsewhere?: { dataDir: string; clientUrl: string }): string[] {
    return memberFlags(this.options, initialCluster, state, elsewhere);
  }

  /** The members of the cluster as another ordinal lists them, or undefined when none answers. */
  private async observeOthers(desired: number): Promise<MemberView[] | undefined> {
    const found = await this.access.viaOthers(desired);
    return found && this.access.views(found.members);
  }

  public async start(): Promise<void> {
    claimDataDir(this.options.dataDir, 'etcd');
    const adoptFrom = this.options.adoptDataFrom;
    if (adoptFrom && adoptVolumeRootData(this.options.dataDir, adoptFrom)) {
      this.options.log(`${this.me.name}: adopted the etcd data at the root of ${adoptFrom} (a chart-installed etcd's volume)`);
    }
    await this.migrate();
    await this.startMember();
    await this.startHealth();
    this.timer = setInterval(() => {
      // One round at a time: a rebuild takes longer than the interval.
      if (this.reconciling) return;
      this.reconciling = true;
      void this.reconcile()
        .catch((err) => this.options.log(`reconcile: ${err.message}`))
        .finally(() => {
          this.reconciling = false;
        });
    }, this.options.reconcileIntervalMs ?? 2000);
  }

  /** Observes, decides how to start (decideStart), acts; again after a wait, until etcd runs. */
  private async startMember(): Promise<void> {
    const me = this.me;
    let lastWait = '';
    await waitFor(async () => {
      // A member that issued its certificate from a CA that was then replaced is refused by the others until it
      // issues it anew; nothing runs yet that would need a restart.
      await this.options.renewTls?.();
      const desired = await this.topology.desiredReplicas().catch(() => 1);
      const snapshot: StartSnapshot = { self: me, desired, data: viewDataDir(this.options.dataDir), members: await this.observeOthers(desired) };
      const decision = decideStart(snapshot);
      switch (decision.kind) {
        case 'wait':
          if (decision.reason !== lastWait) this.options.log(`${me.name}: waiting to start: ${decision.reason}`);
          lastWait = decision.reason;
          return false;
        case 'bootstrap':
          this.options.log(`${me.name}: bootstrapping a one-member cluster`);
          this.run(this.etcdArgs(`${me.name}=${me.peerUrl}`, 'new'));
          return true;
        case 'rejoin-with-data':
          this.options.log(`${me.name}: restarting with its data`);
          this.run(this.etcdArgs(`${me.name}=${me.peerUrl}`, 'existing'));
          return true;
        default:
          if (decision.kind === 'set-aside-data-and-join-as-learner') {
            const kept = setAsideData(this.options.dataDir);
            this.options.log(`${me.name}: the cluster no longer lists the member its data belongs to; kept that data in ${kept}`);
          }
          return this.joinAsLearner(desired, decision.removeStale);
      }
    }, { intervalMs: 1000, what: 'a cluster to join', cancelled: () => this.stopped });
  }

  /** Adds this member as a learner through another ordinal, starts etcd, and promotes it once it is in sync. */
  private async joinAsLearner(desired: number, removeStale?: string): Promise<boolean> {
    const me = this.me;
    const found = await this.access.viaOthers(desired);
    if (!found) return false;
    try {
      const added = await this.access.using(found.url, async (c) => {
        if (removeStale) {
          this.options.log(`${me.name}: removing the stale member ${removeStale} the cluster still lists for it before joining again`);
          await c.cluster.memberRemove({ ID: removeStale }).catch((err: unknown) => {
            if (!isEtcdError(err, 'memberNotFound')) throw err;
          });
        }
        return c.cluster.memberAdd({ peerURLs: [me.peerUrl], isLearner: true });
      });
      recordMemberId(this.options.dataDir, added.member.ID);
      const initial = (added.members as Member[])
        .map((m) => `${m.ID === added.member.ID ? me.name : m.name}=${m.peerURLs[0]}`)
        .join(',');
      this.options.log(`${me.name}: joining as a learner (${initial})`);
      this.run(this.etcdArgs(initial, 'existing'));
      await this.promoteWhenInSync(found.url, added.member.ID);
      return true;
    } catch (err) {
      // E.g. another member became a learner meanwhile (etcd allows one at a time): decide again shortly.
      this.options.log(`${me.name}: could not join yet: ${(err as Error).message}`);
      return false;
    }
  }

  /** A learner is promoted once it has caught up with the leader; etcd refuses earlier promotions. */
  private async promoteWhenInSync(url: string, id: string): Promise<void> {
    await waitFor(async () => {
      const promoted = await this.promote(url, id);
      if (promoted) this.options.log(`${this.me.name}: promoted to a voting member`);
      return promoted;
    }, { intervalMs: 500, what: 'the promotion to a voting member', cancelled: () => this.stopped });
  }

  /** Promotes member `id` through `url`: whether it is a voting member now (or gone, which ends the attempts). */
  private async promote(url: string, id: string): Promise<boolean> {
    try {
      await this.access.using(url, (c) => c.cluster.memberPromote({ ID: id }));
      return true;
    } catch (err) {
      const kind = etcdErrorKind(err);
      if (kind === 'memberNotLearner' || kind === 'memberNotFound') return true;
      if (kind !== 'learnerNotReady') this.options.log(`${this.me.name}: promotion of ${id}: ${(err as Error).message}`);
      return false;
    }
  }

  /** Observes the local member (and the others, when it does not answer or is beyond the count), decides, acts. */
  private async reconcile(): Promise<void> {
    if (await this.options.renewTls?.()) {
      this.options.log(`${this.me.name}: the CA changed; restarting etcd with the certificate issued from it`);
      await this.etcd?.restart();
      return;
    }
    const decision = decideReconcile(await this.observe());
    switch (decision.kind) {
      case 'nothing':
        if (decision.reason && decision.reason !== this.lastReason) this.options.log(`${this.me.name}: ${decision.reason}`);
        this.lastReason = decision.reason;
        return;
      case 'retire':
        if (!this.retired) {
          this.options.log(`${this.me.name}: removed from the cluster (ordinal ${this.topology.ordinal} is beyond the desired replicas); stopping etcd`);
        }
        this.retired = true;
        await this.etcd?.stop();
        return;
      case 'start-again':
        this.options.log(`${this.me.name}: the cluster no longer lists this member but its ordinal is wanted again; starting as a new member`);
        this.retired = false;
        await this.etcd?.stop();
        this.etcd = undefined;
        await this.startMember();
        return;
      case 'promote':
        if (await this.promote(this.topology.listen.local, decision.member.id)) this.options.log(`promoted ${decision.member.name}`);
        return;
      case 'remove':
        this.options.log(`removing ${decision.member.name} (ordinal beyond the desired replicas)`);
        await this.access.local((c) => c.cluster.memberRemove({ ID: decision.member.id }));
        return;
      case 'rebuild':
        await this.rebuild(decision.missing);
    }
  }

  /** The reconciliation snapshot. */
  private async observe(): Promise<ReconcileSnapshot> {
    const desired = await this.topology.desiredReplicas();
    const local = await this.access.local(async (c) => {
      const status = await c.maintenance.status();
      return { status, members: (await c.cluster.memberList({})).members as Member[] };
    }).catch(() => undefined);
    const leaderId = local?.status.leader;
    // A member that bootstrapped or restarted with data written before IDs were recorded learns its ID here.
    const data = viewDataDir(this.options.dataDir);
    if (local && data.exists && data.memberId === undefined) {
      recordMemberId(this.options.dataDir, local.status.header.member_id);
    }
    if (leaderId === undefined || leaderId !== '0') this.leaderlessSince = undefined;
    else this.leaderlessSince ??= Date.now();
    // A removed member's etcd stops itself: whether the cluster still lists this member is asked of the others
    // when the local etcd does not answer, or when this ordinal is being scaled away.
    let listedByOthers: boolean | undefined;
    if (!local || this.topology.ordinal >= desired) {
      const others = await this.observeOthers(desired);
      listedByOthers = others && findSelf(this.me, others, local?.status.header.member_id) !== undefined;
    }
    // Health is asked of every member only where a decision weighs it: a rebuild, or a removal by the leader.
    const beyond = local?.members.some((m) => (this.access.ordinalOf(m) ?? -1) >= desired) ?? false;
    const needHealth = leaderId === '0' || (leaderId !== undefined && leaderId === local?.status.header.member_id && beyond);
    return {
      self: this.me,
      desired,
      localAnswers: local !== undefined,
      leaderId,
      selfId: local?.status.header.member_id,
      members: local && await this.access.views(local.members, needHealth),
      listedByOthers,
      leaderlessForMs: this.leaderlessSince === undefined ? 0 : Date.now() - this.leaderlessSince,
      rebuildAfterMs: this.options.rebuildAfterMs ?? 30_000,
    };
  }

  /**
   * Restarts etcd once with --force-new-cluster (a one-member cluster with all its data, which the remaining
   * ordinals join again), then without it: a later restart with the flag would cut the cluster down again.
   */
  private async rebuild(missing: readonly MemberView[]): Promise<void> {
    if (!this.etcd) return;
    const me = this.me;
    this.options.log(`quorum lost (${missing.map((m) => m.name || m.id).join(', ')} scaled away): rebuilding a one-member cluster from ${me.name}'s data`);
    const normal = this.etcdArgs(`${me.name}=${me.peerUrl}`, 'existing');
    await this.etcd.restartWith([...normal, '--force-new-cluster']);
    await waitFor(() => this.hasLeader(), { intervalMs: 250, timeoutMs: 60_000, what: 'a leader after the rebuild' })
      .catch((err: Error) => this.options.log(`${me.name}: ${err.message}; restarting without --force-new-cluster anyway`));
    await this.etcd.restartWith(normal);
    this.leaderlessSince = undefined;
    this.options.log(`${me.name}: rebuilt; other ordinals join it again`);
  }

  private hasLeader(): Promise<boolean> {
    return this.access.local(async (c) => (await c.maintenance.status()).leader !== '0').catch(() => false);
  }

  /**
   * Ordinal 0 moves a SQLite store (see migrate-sqlite.ts) or a deployed etcd's data (migrate-etcd.ts) into its etcd
   * before it starts; only in a one-replica cluster, where no other member can hold data of its own.
   */
  private async migrate(): Promise<void> {
    const { migrateFromSqlite: sqlite, migrateFromEtcd: deployed } = this.options;
    const fresh = !viewDataDir(this.options.dataDir).exists;
    const pending = (sqlite && existsSync(sqlite)) || (deployed && fresh);
    if (!pending || this.topology.ordinal !== 0) return;
    const replicas = await this.topology.desiredReplicas();
    const source = sqlite ?? deployed;
    if (replicas !== 1) {
      throw new Error(`migrating ${source} into etcd needs exactly 1 replica, the StatefulSet asks for ${replicas}: `
        + 'scale the control plane to 1 replica for the migration, then scale up once it has finished');
    }
    this.options.log(`${this.me.name}: migrating ${source} into etcd`);
    const me = this.me;
    if (sqlite) {
      // The SQLite driver is loaded only for this one-time migration.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { migrateSqlite } = require('./migrate-sqlite') as typeof import('./migrate-sqlite');
      await migrateSqlite({
        source: sqlite,
        dataDir: this.options.dataDir,
        etcdBinary: this.options.etcdBinary,
        etcdctl: this.options.etcdctlBinary ?? 'etcdctl',
        member: { name: me.name, peerUrl: me.peerUrl, clusterToken: this.options.clusterToken },
        memberArgs: (dataDir, clientUrl) => this.etcdArgs(`${me.name}=${me.peerUrl}`, 'new', { dataDir, clientUrl }),
        log: this.options.log,
      });
      return;
    }
    await migrateDeployedEtcd({
      source: deployed!,
      dataDir: this.options.dataDir,
      etcdctl: this.options.etcdctlBinary ?? 'etcdctl',
      name: me.name,
      peerUrl: me.peerUrl,
      clusterToken: this.options.clusterToken,
      tls: this.access.clientFiles,
      log: this.options.log,
    });
  }

  private run(args: string[]): void {
    this.etcd = new EtcdProcess(this.options.etcdBinary, args, this.options.log);
    this.etcd.start();
  }

  /** Ready: the local member is a started voting member that sees a leader. */
  public async ready(): Promise<boolean> {
    return this.access.local(async (c) => {
      const status = await c.maintenance.status();
      const members = (await c.cluster.memberList({})).members as Member[];
      const self = members.find((m) => m.ID === status.header.member_id);
      return status.leader !== '0' && self !== undefined && !self.isLearner;
    }).catch(() => false);
  }

  private async startHealth(): Promise<void> {
    const address = this.options.healthAddress;
    if (!address) return;
    this.status = await StatusServer.listen('--metrics-bind-address', address, {
      health: async () => {
        // A retired member (removed, its ordinal scaled away) is healthy without etcd: it waits for its pod to go.
        if (!this.etcd?.running && !this.retired) throw new Error('etcd is not running');
      },
      ready: async () => {
        if (!await this.ready()) throw new Error('not a started voting member that sees a leader');
      },
    });
  }

  public async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.etcd?.stop(signal);
    await this.status?.close();
  }
}
