import { readFileSync } from 'fs';

/** Where each ordinal's etcd member is reached. */
export interface Topology {
  /** This member's ordinal (the StatefulSet pod's index). */
  readonly ordinal: number;
  /** Member name of an ordinal (`POD` names in Kubernetes). */
  name(ordinal: number): string;
  /** Client URL of an ordinal. */
  clientUrl(ordinal: number): string;
  /** Peer URL of an ordinal. */
  peerUrl(ordinal: number): string;
  /** The ordinal a member belongs to, from its name, or undefined for a foreign member. */
  ordinalOf(name: string): number | undefined;
  /** How many members the cluster should have now. */
  desiredReplicas(): Promise<number>;
}

/** The ordinal at the end of a StatefulSet pod name (`tenant-a-2` -> 2). */
export function ordinalOfPod(podName: string): number {
  const match = /-(\d+)$/.exec(podName);
  if (!match) throw new Error(`pod name ${podName} does not end in a StatefulSet ordinal (-0, -1, ...): run vck etcd in a StatefulSet pod`);
  return Number(match[1]);
}

/**
 * Local mode: every ordinal's URLs given explicitly and the replica count read from a file, so the whole algorithm
 * runs on one machine against real etcd binaries (used by the tests and benchmarks).
 */
export class LocalTopology implements Topology {
  public constructor(
    public readonly ordinal: number,
    private readonly prefix: string,
    private readonly clientUrls: readonly string[],
    private readonly peerUrls: readonly string[],
    private readonly replicasFile: string,
  ) {
    if (clientUrls.length !== peerUrls.length) {
      throw new Error(`--client-urls has ${clientUrls.length} entries and --peer-urls ${peerUrls.length}: give one of each per ordinal`);
    }
    if (ordinal >= clientUrls.length) throw new Error(`--ordinal ${ordinal} has no URL in --client-urls (${clientUrls.length} given)`);
  }

  public name(ordinal: number): string {
    return `${this.prefix}-${ordinal}`;
  }

  public clientUrl(ordinal: number): string {
    return this.clientUrls[ordinal];
  }

  public peerUrl(ordinal: number): string {
    return this.peerUrls[ordinal];
  }

  public ordinalOf(name: string): number | undefined {
    if (!name.startsWith(`${this.prefix}-`)) return undefined;
    const n = Number(name.slice(this.prefix.length + 1));
    return Number.isInteger(n) ? n : undefined;
  }

  public async desiredReplicas(): Promise<number> {
    const text = readFileSync(this.replicasFile, 'utf-8').trim();
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${this.replicasFile}: expected a replica count of at least 1, found "${text}"`);
    return Math.min(n, this.clientUrls.length);
  }
}
