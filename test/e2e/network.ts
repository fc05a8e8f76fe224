import { execFileSync } from 'child_process';
import { createHash } from 'crypto';

/**
 * The suite's own test network: a bridge on the host with one address, and one network namespace per emulated pod,
 * joined to the bridge by a veth pair. The whole range is routed nowhere else (an `unreachable` route), pods have no
 * default route, and Service cluster IPs (allocated from the same range) are never a destination: Service names
 * resolve to the pods behind them (see hosts.ts), as kube-proxy would forward to them.
 */
export const NETWORK = {
  bridge: 'vcke2e0',
  /** The host's address on the bridge: the host apiserver and the test databases listen here. */
  hostIp: '10.123.0.1',
  prefix: 24,
  /** Pods get 10.123.0.10 and up. */
  podBase: 10,
  /** Everything the suite uses; nothing in it leaves the machine. */
  range: '10.123.0.0/16',
  /** Cluster IPs the host apiserver allocates: inside the range, reachable from nowhere. */
  serviceCidr: '10.123.128.0/20',
} as const;

/** The pods' subnet, as a database server's client filter takes it. */
export const POD_SUBNET = `${NETWORK.hostIp.replace(/\.1$/, '.0')}/${NETWORK.prefix}`;

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryIp(...args: string[]): void {
  try {
    ip(...args);
  } catch {
    // already gone
  }
}

/** Creates the bridge and the route that keeps the range on this machine. */
export function setUpHostNetwork(): void {
  tearDownHostNetwork();
  ip('link', 'add', NETWORK.bridge, 'type', 'bridge');
  ip('addr', 'add', `${NETWORK.hostIp}/${NETWORK.prefix}`, 'dev', NETWORK.bridge);
  ip('link', 'set', NETWORK.bridge, 'up');
  ip('route', 'add', 'unreachable', NETWORK.range);
}

export function tearDownHostNetwork(): void {
  for (const ns of ip('netns', 'list').split('\n').map((l) => l.split(' ')[0]).filter((n) => n.startsWith('vcke2e-'))) tryIp('netns', 'del', ns);
  tryIp('link', 'del', NETWORK.bridge);
  tryIp('route', 'del', 'unreachable', NETWORK.range);
}

/** Hands out pod addresses; an address is reused only after its pod's sandbox is gone. */
export class AddressPool {
  private readonly used = new Set<number>();

  public take(): string {
    for (let n = NETWORK.podBase; n < 250; n++) {
      if (!this.used.has(n)) {
        this.used.add(n);
        return NETWORK.hostIp.replace(/\.1$/, `.${n}`);
      }
    }
    throw new Error('no pod address left in the test network');
  }

  public release(address: string): void {
    this.used.delete(Number(address.split('.')[3]));
  }
}

/** A pod's network sandbox: its own namespace with loopback and one address on the bridge. */
export interface Sandbox {
  readonly netns: string;
  readonly ip: string;
  destroy(): void;
}

export function createSandbox(podUid: string, address: string): Sandbox {
  const id = createHash('sha256').update(podUid).digest('hex').slice(0, 8);
  const netns = `vcke2e-${id}`;
  const hostSide = `vh${id}`;
  tryIp('netns', 'del', netns);
  tryIp('link', 'del', hostSide);
  ip('netns', 'add', netns);
  ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', `vp${id}`);
  ip('link', 'set', `vp${id}`, 'netns', netns);
  ip('link', 'set', hostSide, 'master', NETWORK.bridge);
  ip('link', 'set', hostSide, 'up');
  ip('-n', netns, 'link', 'set', 'lo', 'up');
  ip('-n', netns, 'link', 'set', `vp${id}`, 'name', 'eth0');
  ip('-n', netns, 'addr', 'add', `${address}/${NETWORK.prefix}`, 'dev', 'eth0');
  ip('-n', netns, 'link', 'set', 'eth0', 'up');
  return {
    netns,
    ip: address,
    destroy() {
      tryIp('netns', 'del', netns);
      tryIp('link', 'del', hostSide);
    },
  };
}
