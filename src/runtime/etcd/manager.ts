import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { Etcd3 } from 'etcd3';
import { etcdClient } from '../etcd-client';
import { StatusServer } from '../http-status';
import { claimDataDir } from '../store-guard';
import { waitFor } from '../wait';
import { EtcdProcess } from './etcd-process';
import { migrateDeployedEtcd } from './migrate-etcd';
import type { Topology } from './topology';

/** Options of one member's manager. */
export interface ManagerOptions {
  readonly topology: Topology;
  readonly dataDir: string;
  readonly etcdBinary: string;
  /** Extra etcd flags, appended. */
  readonly etcdArgs?: readonly string[];
  /** Cluster token: keeps members of different clusters from joining each other. */
  readonly clusterToken: string;
  /** The status endpoints (`/health`, `/livez`, `/readyz`, `/healthz`) on `host:port`; off when undefined. */
  readonly healthAddress?: string;
  /** How often membership is reconciled. */
  readonly reconcileIntervalMs?: number;
  /**
   * How long ordinal 0 goes without a leader, with the unreachable members all beyond the desired replica count,
   * before it rebuilds a one-member cluster from its own data (a scale-down that broke quorum).
   */
  readonly rebuildAfterMs?: number;
  /**
   * Client and peer TLS: etcd serves both with these certificates and requires client certificates signed by the
   * CA; the manager presents the peer certificate (valid for clients and servers) to reach the members.
   */
  readonly tls?: EtcdTls;
  /**
   * Issues the member's certificate anew when the CA it came from was replaced, answering whether it did (etcd then
   * restarts to trust the new CA). In a pod this happens once at first start: every replica's syncer generates a CA,
   * and all but the one that stored it first in Secret `NAME-certs` replace theirs with the stored one
   * (loft-sh/vcluster v0.21.6 pkg/certs/ensure.go, EnsureCerts), possibly after this manager issued from its own.
   */
  readonly renewTls?: () => Promise<boolean>;
  /** A kine SQLite database that ordinal 0 moves into etcd before its first start (replicas must be 1). */
  readonly migrateFromSqlite?: string;
  /** Client URL of a deployed etcd whose data ordinal 0 takes before its first start (replicas must be 1). */
  readonly migrateFromEtcd?: string;
  /** The etcdctl binary (snapshots of a deployed etcd). */
  readonly etcdctlBinary?: string;
  readonly log: (line: string) => void;
}

/** Certificate files of an etcd member. */
export interface EtcdTls {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly peerCertFile: string;
  readonly peerKeyFile: string;
}

interface Member {
  ID: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

/**
 * Runs one etcd member and keeps the cluster's membership equal to the StatefulSet's replicas: ordinal 0 alone
 * bootstraps; an empty member joins as a learner and is promoted once in sync; a member with data rejoins as
 * itself; one whose data was lost is removed and added again; the leader removes members whose ordinal is beyond
 * the desired count, one at a time and only while the rest keep a quorum.
 */
export class EtcdManager {
  private etcd?: EtcdProcess;
  private status?: StatusServer;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private reconciling = false;
  private leaderlessSince?: number;
  private readonly topology: Topology;

  public constructor(private readonly options: ManagerOptions) {
    this.topology = options.topology;
  }

  private get me(): { name: string; clientUrl: string; peerUrl: string } {
    const t = this.topology;
    return { name: t.name(t.ordinal), clientUrl: t.clientUrl(t.ordinal), peerUrl: t.peerUrl(t.ordinal) };
  }

  /** etcd's flags; `elsewhere` moves the data and the client URL (the private etcd of a migration). */
  private etcdArgs(initialCluster: string, state: 'new' | 'existing', elsewhere?: { dataDir: string; clientUrl: string }): string[] {
    const me = this.me;
    const tls = this.options.tls;
    return [
      `--name=${me.name}`,
      `--data-dir=${elsewhere?.dataDir ?? join(this.options.dataDir, 'data')}`,
      `--listen-client-urls=${elsewhere?.clientUrl ?? this.topology.listen.client}`,
      `--advertise-client-urls=${elsewhere?.clientUrl ?? me.clientUrl}`,
      `--listen-peer-urls=${this.topology.listen.peer}`,
      `--initial-advertise-peer-urls=${me.peerUrl}`,
      ...(tls ? [
        `--trusted-ca-file=${tls.caFile}`, `--cert-file=${tls.certFile}`, `--key-file=${tls.keyFile}`, '--client-cert-auth=true',
        `--peer-trusted-ca-file=${tls.caFile}`, `--peer-cert-file=${tls.peerCertFile}`, `--peer-key-file=${tls.peerKeyFile}`,
        '--peer-client-cert-auth=true',
      ] : []),
      `--initial-cluster=${initialCluster}`,
      `--initial-cluster-state=${state}`,
      `--initial-cluster-token=${this.options.clusterToken}`,
      '--strict-reconfig-check=true',
      ...(this.options.etcdArgs ?? []),
    ];
  }

  /** What the manager presents as an etcd client: the peer certificate, valid for clients and servers. */
  private get clientFiles(): { caFile: string; certFile: string; keyFile: string } | undefined {
    const tls = this.options.tls;
    return tls && { caFile: tls.caFile, certFile: tls.peerCertFile, keyFile: tls.peerKeyFile };
  }

  private client(url: string): Etcd3 {
    const files = this.clientFiles;
    // Read at every use: certificates on the volume may be renewed while the manager runs.
    return etcdClient(url, 5000, files && { ca: readFileSync(files.caFile), cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) });
  }

  /** A client of a running cluster, reached through any other ordinal, or undefined when none answers. */
  private async findCluster(): Promise<{ client: Etcd3; members: Member[] } | undefined> {
    const desired = await this.topology.desiredReplicas().catch(() => 1);
    for (let ordinal = 0; ordinal < Math.max(desired, this.topology.ordinal + 1); ordinal++) {
      if (ordinal === this.topology.ordinal) continue;
      const client = this.client(this.topology.clientUrl(ordinal));
      try {
        const list = await client.cluster.memberList({});
        return { client, members: list.members as Member[] };
      } catch {
        client.close();
      }
    }
    return undefined;
  }

  public async start(): Promise<void> {
    claimDataDir(this.options.dataDir, 'etcd');
    const me = this.me;
    await this.migrate();
    if (existsSync(join(this.options.dataDir, 'data', 'member'))) {
      this.options.log(`${me.name}: restarting with its data`);
      this.run(this.etcdArgs(`${me.name}=${me.peerUrl}`, 'existing'));
    } else {
      await this.joinOrBootstrap();
    }
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

  /**
   * Ordinal 0 moves a SQLite store (see migrate-sqlite.ts) or a deployed etcd's data (migrate-etcd.ts) into its etcd
   * before it starts; only in a one-replica cluster, where no other member can hold data of its own.
   */
  private async migrate(): Promise<void> {
    const { migrateFromSqlite: sqlite, migrateFromEtcd: deployed } = this.options;
    const fresh = !existsSync(join(this.options.dataDir, 'data', 'member'));
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
      tls: this.clientFiles,
      log: this.options.log,
    });
  }

  private run(args: string[]): void {
    this.etcd = new EtcdProcess(this.options.etcdBinary, args, this.options.log);
    this.etcd.start();
  }

  private async joinOrBootstrap(): Promise<void> {
    const me = this.me;
    let attempt = 0;
    await waitFor(async () => {
      // A member that issued its certificate from a CA that was then replaced is refused by the others until it
      // issues it anew; nothing runs yet that would need a restart.
      await this.options.renewTls?.();
      const cluster = await this.findCluster();
      if (cluster) {
        try {
          await this.join(cluster.client, cluster.members);
          return true;
        } catch (err) {
          // E.g. another member is a learner right now (etcd allows one at a time): try again shortly.
          this.options.log(`${me.name}: could not join yet: ${(err as Error).message}`);
          return false;
        } finally {
          cluster.client.close();
        }
      }
      if (this.topology.ordinal === 0) {
        // Only ordinal 0 may start a cluster, and always as one member: others join it, so no two clusters form.
        this.options.log(`${me.name}: bootstrapping a one-member cluster`);
        this.run(this.etcdArgs(`${me.name}=${me.peerUrl}`, 'new'));
        return true;
      }
      if (attempt++ % 30 === 0) this.options.log(`${me.name}: no other member answers yet; waiting to join the cluster`);
      return false;
    }, { intervalMs: 1000, what: 'a cluster to join', cancelled: () => this.stopped });
  }

  private async join(client: Etcd3, members: Member[]): Promise<void> {
    const me = this.me;
    const stale = members.find((m) => m.name === me.name || m.peerURLs.includes(me.peerUrl));
    if (stale) {
      // This member's data is gone but the cluster still counts it: remove it, then add it back empty.
      this.options.log(`${me.name}: data lost, removing the stale member ${stale.ID} before joining again`);
      await client.cluster.memberRemove({ ID: stale.ID });
    }
    const added = await client.cluster.memberAdd({ peerURLs: [me.peerUrl], isLearner: true });
    const initial = (added.members as Member[])
      .map((m) => `${m.ID === added.member.ID ? me.name : m.name}=${m.peerURLs[0]}`)
      .join(',');
    this.options.log(`${me.name}: joining as a learner (${initial})`);
    this.run(this.etcdArgs(initial, 'existing'));
    // A learner is promoted once it has caught up with the leader; etcd refuses earlier promotions.
    await waitFor(async () => {
      try {
        await client.cluster.memberPromote({ ID: added.member.ID });
        this.options.log(`${me.name}: promoted to a voting member`);
        return true;
      } catch (err) {
        if (!/in sync with leader|not.*learner|learner.*not/i.test((err as Error).message)) {
          this.options.log(`${me.name}: promotion: ${(err as Error).message}`);
        }
        return /member not found|is not a learner|member not learner/i.test((err as Error).message);
      }
    }, { intervalMs: 500, what: 'the promotion to a voting member', cancelled: () => this.stopped });
  }

  /** The leader removes members beyond the desired count, one per round, while the others keep a quorum. */
  private async reconcile(): Promise<void> {
    if (await this.options.renewTls?.()) {
      this.options.log(`${this.me.name}: the CA changed; restarting etcd with the certificate issued from it`);
      await this.etcd?.restart();
      return;
    }
    if (await this.retireIfRemoved()) return;
    const local = this.client(this.topology.listen.local);
    try {
      const status = await local.maintenance.status();
      if (status.leader === '0') {
        await this.rebuildIfQuorumLost(local);
        return;
      }
      this.leaderlessSince = undefined;
      if (status.leader !== status.header.member_id) return;
      const desired = await this.topology.desiredReplicas();
      const members = (await local.cluster.memberList({})).members as Member[];
      const extra = members
        .map((m) => ({ m, ordinal: this.topology.ordinalOf(m.name) }))
        .filter((x): x is { m: Member; ordinal: number } => x.ordinal !== undefined && x.ordinal >= desired)
        .sort((a, b) => b.ordinal - a.ordinal);
      if (extra.length === 0) return;
      const target = extra[0].m;
      const remaining = members.filter((m) => m.ID !== target.ID && !m.isLearner);
      const healthy = await this.countHealthy(remaining);
      if (healthy < Math.floor(remaining.length / 2) + 1) {
        this.options.log(`not removing ${target.name}: only ${healthy} of the ${remaining.length} remaining members are healthy`);
        return;
      }
      this.options.log(`removing ${target.name} (ordinal beyond the desired ${desired} replicas)`);
      await local.cluster.memberRemove({ ID: target.ID });
    } finally {
      local.close();
    }
  }

  /**
   * A scale-down that took members away before they were removed (3 -> 1 at once, or a peer gone first) leaves
   * ordinal 0 without a quorum for good. When it has had no leader for `rebuildAfterMs` and every member that does
   * not answer is beyond the desired count (its pod is not coming back), ordinal 0 restarts its etcd once with
   * --force-new-cluster: a one-member cluster with all its data, which the remaining ordinals join again. A
   * member that does not answer but should exist may come back with newer data: then nothing is rebuilt.
   */
  private async rebuildIfQuorumLost(local: Etcd3): Promise<void> {
    if (this.topology.ordinal !== 0 || !this.etcd) return;
    this.leaderlessSince ??= Date.now();
    if (Date.now() - this.leaderlessSince < (this.options.rebuildAfterMs ?? 30_000)) return;
    const desired = await this.topology.desiredReplicas();
    // MemberList is answered from the local member's own state, without a quorum.
    const members = (await local.cluster.memberList({})).members as Member[];
    const others = members.filter((m) => m.name !== this.me.name);
    const answering = await Promise.all(others.map((m) => this.countHealthy([m]).then((n) => n > 0)));
    const missing = others.filter((_, i) => !answering[i]);
    const needed = missing.filter((m) => (this.topology.ordinalOf(m.name) ?? 0) < desired);
    if (missing.length === 0 || needed.length > 0) {
      if (needed.length > 0) this.options.log(`no leader, but ${needed.map((m) => m.name).join(', ')} should exist: not rebuilding`);
      return;
    }
    this.options.log(`quorum lost (${missing.map((m) => m.name).join(', ')} scaled away): rebuilding a one-member cluster from ${this.me.name}'s data`);
    const normal = this.etcdArgs(`${this.me.name}=${this.me.peerUrl}`, 'existing');
    await this.etcd.restartWith([...normal, '--force-new-cluster']);
    await waitFor(() => this.hasLeader(), { intervalMs: 250, timeoutMs: 60_000, what: 'a leader after the rebuild' })
      .catch((err: Error) => this.options.log(`${this.me.name}: ${err.message}; restarting without --force-new-cluster anyway`));
    // The flag must not stay: a later restart with it would cut the cluster down to one member again.
    await this.etcd.restartWith(normal);
    this.leaderlessSince = undefined;
    this.options.log(`${this.me.name}: rebuilt; other ordinals join it again`);
  }

  private async hasLeader(): Promise<boolean> {
    const c = this.client(this.topology.listen.local);
    try {
      return (await c.maintenance.status()).leader !== '0';
    } catch {
      return false;
    } finally {
      c.close();
    }
  }

  /**
   * A member beyond the desired count that the cluster no longer lists has been scaled away: its etcd is stopped for
   * good instead of being restarted into a cluster that removed it.
   */
  private async retireIfRemoved(): Promise<boolean> {
    const t = this.topology;
    if (t.ordinal < await t.desiredReplicas()) return false;
    if (!await this.removedFromCluster()) return false;
    this.options.log(`${this.me.name}: removed from the cluster (ordinal ${t.ordinal} is beyond the desired replicas); stopping etcd`);
    if (this.timer) clearInterval(this.timer);
    await this.etcd?.stop();
    return true;
  }

  /** Whether this member is listed under its name or its peer URL. */
  private isSelf(m: Member): boolean {
    return m.name === this.me.name || m.peerURLs.includes(this.me.peerUrl);
  }

  /** Whether the other members answer and no longer list this one (false when none answers). */
  private async removedFromCluster(): Promise<boolean> {
    const cluster = await this.findCluster();
    if (!cluster) return false;
    cluster.client.close();
    return !cluster.members.some((m) => this.isSelf(m));
  }

  /**
   * The preStop hook: when this ordinal is being scaled away (at or beyond the desired replica count), removes this
   * member from the cluster first, so the cluster never counts a member that is gone; a plain restart or
   * rescheduling (ordinal still wanted) keeps the member, whose data comes back with its volume. etcd's
   * --strict-reconfig-check refuses a removal that would lose quorum; the leader's reconciliation is the fallback.
   */
  public async leave(): Promise<void> {
    const desired = await this.topology.desiredReplicas();
    if (this.topology.ordinal < desired) {
      this.options.log(`${this.me.name}: ordinal ${this.topology.ordinal} is within the ${desired} desired replicas; staying a member`);
      return;
    }
    const local = this.client(this.topology.listen.local);
    try {
      const members = (await local.cluster.memberList({})).members as Member[];
      const self = members.find((m) => this.isSelf(m));
      if (!self) return;
      this.options.log(`${this.me.name}: scaled away (desired ${desired}); leaving the cluster`);
      // etcd refuses a removal while its peers have not been connected for a few seconds ("unhealthy cluster"), and
      // a busy cluster may time out: try again within the pod's grace period (30 s by default).
      let failure: Error | undefined;
      await waitFor(async () => {
        try {
          await local.cluster.memberRemove({ ID: self.ID });
          return true;
        } catch (err) {
          failure = err as Error;
          if (/member not found/.test(failure.message)) return true;
          // A member that removes itself stops its etcd, which may go before the answer does ("server stopped"):
          // whether it left is asked of the other members.
          if (await this.removedFromCluster()) return true;
          this.options.log(`${this.me.name}: could not leave yet: ${failure.message}`);
          return false;
        }
      }, { intervalMs: 1000, timeoutMs: 25_000, what: () => `${this.me.name} to leave the cluster: ${failure?.message}` });
    } finally {
      local.close();
    }
  }

  private async countHealthy(members: Member[]): Promise<number> {
    const results = await Promise.all(members.map(async (m) => {
      if (!m.clientURLs[0]) return false;
      const c = this.client(m.clientURLs[0]);
      try {
        await c.maintenance.status();
        return true;
      } catch {
        return false;
      } finally {
        c.close();
      }
    }));
    return results.filter(Boolean).length;
  }

  /** Ready: the local member is a started voting member that sees a leader. */
  public async ready(): Promise<boolean> {
    const local = this.client(this.topology.listen.local);
    try {
      const status = await local.maintenance.status();
      const members = (await local.cluster.memberList({})).members as Member[];
      const self = members.find((m) => m.ID === status.header.member_id);
      return status.leader !== '0' && self !== undefined && !self.isLearner;
    } catch {
      return false;
    } finally {
      local.close();
    }
  }

  private async startHealth(): Promise<void> {
    const address = this.options.healthAddress;
    if (!address) return;
    this.status = await StatusServer.listen('--metrics-bind-address', address, {
      health: async () => {
        if (!this.etcd?.running) throw new Error('etcd is not running');
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
