import { readFileSync } from 'fs';
import type { Etcd3 } from 'etcd3';
import { etcdClient } from '../etcd-client';
import type { MemberView } from './decisions';
import type { Topology } from './topology';

/** A member as etcd's MemberList returns it. */
export interface Member {
  ID: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

/** The files the manager presents as an etcd client. */
export interface ClientFiles {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * How the manager reaches etcd members and reads the cluster into `MemberView`s: the observing half of
 * observe-decide-act. Every call is bounded (`callTimeoutMs`) and never retried: the caller's loop decides.
 */
export class ClusterAccess {
  public constructor(
    private readonly topology: Topology,
    public readonly clientFiles?: ClientFiles,
    private readonly callTimeoutMs = 5000,
  ) {}

  public client(url: string): Etcd3 {
    const files = this.clientFiles;
    // Read at every use: certificates on the volume may be renewed while the manager runs.
    const tls = files && { ca: readFileSync(files.caFile), cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
    return etcdClient(url, this.callTimeoutMs, tls);
  }

  /** Runs `fn` with a client of `url`, closed afterwards. */
  public async using<T>(url: string, fn: (client: Etcd3) => Promise<T>): Promise<T> {
    const client = this.client(url);
    try {
      return await fn(client);
    } finally {
      client.close();
    }
  }

  /** Runs `fn` with a client of the local member. */
  public local<T>(fn: (client: Etcd3) => Promise<T>): Promise<T> {
    return this.using(this.topology.listen.local, fn);
  }

  /** The URL of the first other ordinal that lists the members, and its list; undefined when none answers. */
  public async viaOthers(desired: number): Promise<{ url: string; members: Member[] } | undefined> {
    const t = this.topology;
    for (let ordinal = 0; ordinal < Math.max(desired, t.ordinal + 1); ordinal++) {
      if (ordinal === t.ordinal) continue;
      const url = t.clientUrl(ordinal);
      const members = await this.using(url, async (c) => (await c.cluster.memberList({})).members as Member[]).catch(() => undefined);
      if (members) return { url, members };
    }
    return undefined;
  }

  /** Whether a member's client URL answers a status request. */
  public async answers(member: Member): Promise<boolean> {
    if (!member.clientURLs[0]) return false;
    return this.using(member.clientURLs[0], async (c) => {
      await c.maintenance.status();
      return true;
    }).catch(() => false);
  }

  /** A member's ordinal: from its name, or before it has started (no name yet) from its peer URL. */
  public ordinalOf(m: Member): number | undefined {
    return this.topology.ordinalOf(m.name) ?? m.peerURLs.map((u) => this.topology.ordinalOfPeerUrl(u)).find((o) => o !== undefined);
  }

  /** The members as the decisions see them; with `health`, each asked whether it answers. */
  public async views(members: readonly Member[], health = false): Promise<MemberView[]> {
    const healthy = health ? await Promise.all(members.map((m) => this.answers(m))) : [];
    return members.map((m, i) => ({
      id: m.ID,
      name: m.name,
      peerUrls: m.peerURLs,
      isLearner: m.isLearner,
      ordinal: this.ordinalOf(m),
      ...(health && { healthy: healthy[i] }),
    }));
  }
}
