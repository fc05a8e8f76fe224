import { readFileSync } from 'fs';

/** Where each ordinal's etcd member is reached. */
export interface Topology {
  /** This member's ordinal (the StatefulSet pod's index). */
  readonly ordinal: number;
  /**
   * Where this member's etcd listens for clients and for peers (addresses, where the URLs below may be names), and
   * the URL its own manager reaches it at (loopback in a pod: its DNS name may not resolve before it is ready).
   */
  readonly listen: { readonly client: string; readonly peer: string; readonly local: string };
  /** Member name of an ordinal (`POD` names in Kubernetes). */
  name(ordinal: number): string;
  /** Client URL of an ordinal. */
  clientUrl(ordinal: number): string;
  /** Peer URL of an ordinal. */
  peerUrl(ordinal: number): string;
  /** The ordinal a member belongs to, from its name, or undefined for a foreign member. */
  ordinalOf(name: string): number | undefined;
  /** The ordinal whose peer URL this is, or undefined: names a member added but not started yet (it has no name). */
  ordinalOfPeerUrl(url: string): number | undefined;
  /** How many members the cluster should have now. */
  desiredReplicas(): Promise<number>;
  /** Every DNS name and IP address this member is reached at, for its certificate. */
  certificateNames(): string[];
}

/** Loopback names, which the manager and a pod's own containers use. */
const LOOPBACK = ['localhost', '127.0.0.1'];

function ordinalWithPrefix(prefix: string, name: string): number | undefined {
  if (!name.startsWith(`${prefix}-`)) return undefined;
  const n = Number(name.slice(prefix.length + 1));
  return Number.isInteger(n) && n >= 0 ? n : undefined;
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

  public get listen(): { client: string; peer: string; local: string } {
    return { client: this.clientUrl(this.ordinal), peer: this.peerUrl(this.ordinal), local: this.clientUrl(this.ordinal) };
  }

  public clientUrl(ordinal: number): string {
    return this.clientUrls[ordinal];
  }

  public peerUrl(ordinal: number): string {
    return this.peerUrls[ordinal];
  }

  public ordinalOf(name: string): number | undefined {
    return ordinalWithPrefix(this.prefix, name);
  }

  public ordinalOfPeerUrl(url: string): number | undefined {
    const i = this.peerUrls.indexOf(url);
    return i < 0 ? undefined : i;
  }

  public async desiredReplicas(): Promise<number> {
    const text = readFileSync(this.replicasFile, 'utf-8').trim();
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${this.replicasFile}: expected a replica count of at least 1, found "${text}"`);
    return Math.min(n, this.clientUrls.length);
  }

  public certificateNames(): string[] {
    const hosts = [this.clientUrl(this.ordinal), this.peerUrl(this.ordinal)].map((url) => new URL(url).hostname.replace(/^\[(.*)\]$/, '$1'));
    return [...new Set([...hosts, ...LOOPBACK])];
  }
}

/**
 * In a StatefulSet pod: the identity from the pod (`POD_NAME` ends in the ordinal), every member reached at its stable
 * DNS name under the headless Service, and the desired replica count read from the StatefulSet through the
 * Kubernetes API at every reconciliation.
 */
export class StatefulSetTopology implements Topology {
  public readonly ordinal: number;

  public constructor(
    podName: string,
    private readonly namespace: string,
    private readonly statefulSet: string,
    private readonly headlessService: string,
    private readonly ports: { readonly client: number; readonly peer: number },
    private readonly replicas: () => Promise<number>,
    /** The pod's IP, which peers connect from (etcd checks a peer's address against its certificate). */
    private readonly podIp?: string,
  ) {
    if (!podName.startsWith(`${statefulSet}-`)) {
      throw new Error(`pod ${podName} is not a pod of the StatefulSet ${statefulSet}: check POD_NAME and VCK_STATEFULSET`);
    }
    this.ordinal = ordinalOfPod(podName);
  }

  public get listen(): { client: string; peer: string; local: string } {
    return {
      client: `https://0.0.0.0:${this.ports.client}`,
      peer: `https://0.0.0.0:${this.ports.peer}`,
      local: `https://127.0.0.1:${this.ports.client}`,
    };
  }

  public name(ordinal: number): string {
    return `${this.statefulSet}-${ordinal}`;
  }

  private host(ordinal: number): string {
    return `${this.name(ordinal)}.${this.headlessService}.${this.namespace}.svc`;
  }

  public clientUrl(ordinal: number): string {
    return `https://${this.host(ordinal)}:${this.ports.client}`;
  }

  public peerUrl(ordinal: number): string {
    return `https://${this.host(ordinal)}:${this.ports.peer}`;
  }

  public ordinalOf(name: string): number | undefined {
    return ordinalWithPrefix(this.statefulSet, name);
  }

  public ordinalOfPeerUrl(url: string): number | undefined {
    const ordinal = this.ordinalOf(new URL(url).hostname.split('.')[0]);
    return ordinal !== undefined && this.peerUrl(ordinal) === url ? ordinal : undefined;
  }

  public async desiredReplicas(): Promise<number> {
    return this.replicas();
  }

  public certificateNames(): string[] {
    const host = this.host(this.ordinal);
    const short = `${this.name(this.ordinal)}.${this.headlessService}`;
    return [host, `${host}.cluster.local`, short, `${short}.${this.namespace}`, ...LOOPBACK, ...(this.podIp ? [this.podIp] : [])];
  }
}
