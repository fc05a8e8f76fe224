import { execFile, execFileSync } from 'child_process';
import { readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { promisify } from 'util';
import { Etcd3 } from 'etcd3';
import { etcdClient, tlsCredentials, type ClientTls } from '../../src/runtime/etcd-client';
import type { Pki } from '../support/pki';
import { freePort } from '../support/ports';
import { requireBinary, scratchDir, startProcess, waitFor, type Started } from '../support/processes';

const root = join(__dirname, '..', '..');
const run = promisify(execFile);

/** Up to `size` ordinals of `vck etcd --local` on loopback, with the desired replica count in a file. */
export class LocalCluster {
  /** `pki`: members serve clients and peers over TLS with its certificate `member`, and require client certificates. */
  public static async create(size: number, pki?: Pki): Promise<LocalCluster> {
    const cluster = new LocalCluster(pki);
    const scheme = pki ? 'https' : 'http';
    for (let i = 0; i < size; i++) {
      cluster.clientUrls.push(`${scheme}://127.0.0.1:${await freePort()}`);
      cluster.peerUrls.push(`${scheme}://127.0.0.1:${await freePort()}`);
      cluster.healthPorts.push(await freePort());
    }
    return cluster;
  }

  public readonly dir = scratchDir('etcd-cluster');
  /** What a client presents to the members (undefined without TLS). */
  public readonly tls?: ClientTls;
  private readonly members = new Map<number, Started>();
  private clientUrls: string[] = [];
  private peerUrls: string[] = [];
  private healthPorts: number[] = [];

  private constructor(private readonly pki?: Pki) {
    if (pki) this.tls = { ca: readFileSync(pki.ca), cert: readFileSync(pki.cert('member')), key: readFileSync(pki.key('member')) };
  }

  /** A client of one member, without retries. */
  public client(ordinal: number): Etcd3 {
    return etcdClient(this.clientUrls[ordinal], 5000, this.tls);
  }

  public setReplicas(n: number): void {
    writeFileSync(join(this.dir, 'replicas'), `${n}\n`);
  }

  public clientUrl(ordinal: number): string {
    return this.clientUrls[ordinal];
  }

  /** Starts ordinal's manager; `args` are extra `vck etcd` flags (a repeated flag's last value wins). */
  public start(ordinal: number, args: readonly string[] = []): void {
    this.members.set(ordinal, startProcess(process.execPath, this.command(ordinal, args), this.dir,
      { keepDir: true, graceMs: 20_000, env: { TS_NODE_PROJECT: join(root, 'tsconfig.json') } }));
  }

  /** Starts ordinals 0..n-1 with n desired replicas and waits until all are voting members. */
  public async startAll(n: number, args: readonly string[] = []): Promise<void> {
    this.setReplicas(n);
    const ordinals = Array.from({ length: n }, (_, o) => o);
    for (const o of ordinals) this.start(o, args);
    for (const o of ordinals) await this.ready(o);
    await this.waitForMembers(ordinals.map((o) => `etcd-${o}`));
  }

  /** Runs `vck etcd leave` for an ordinal, as its preStop hook does, and returns what it printed. */
  public async leave(ordinal: number): Promise<string> {
    try {
      const { stderr } = await run(process.execPath, this.command(ordinal, ['leave']), {
        cwd: this.dir, env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') }, timeout: 60_000,
      });
      return stderr;
    } catch (err) {
      const e = err as { code?: number; signal?: string; stderr?: string };
      throw new Error(`vck etcd leave of ordinal ${ordinal} failed (${e.signal ?? e.code}): ${e.stderr}`);
    }
  }

  private command(ordinal: number, args: readonly string[]): string[] {
    return [
      '-r', require.resolve('ts-node/register/transpile-only'), join(root, 'src', 'cli', 'main.ts'), 'etcd', '--local',
      `--ordinal=${ordinal}`, `--client-urls=${this.clientUrls.join(',')}`, `--peer-urls=${this.peerUrls.join(',')}`,
      `--replicas-file=${join(this.dir, 'replicas')}`, `--data-dir=${join(this.dir, `member-${ordinal}`)}`, `--etcd-binary=${requireBinary('etcd')}`,
      '--etcd-arg=--logger=zap', '--etcd-arg=--log-level=error', '--reconcile-interval=500', '--rebuild-after=3000',
      `--metrics-bind-address=127.0.0.1:${this.healthPorts[ordinal]}`, ...this.tlsArgs(), ...args,
    ];
  }

  private tlsArgs(): string[] {
    const pki = this.pki;
    if (!pki) return [];
    return [`--ca-file=${pki.ca}`, `--cert-file=${pki.cert('member')}`, `--key-file=${pki.key('member')}`,
      `--peer-cert-file=${pki.cert('member')}`, `--peer-key-file=${pki.key('member')}`];
  }

  public async stop(ordinal: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.members.get(ordinal)?.stop(signal);
    this.members.delete(ordinal);
  }

  /** Kills the etcd processes of a member (not its manager) with SIGKILL, as a crash would. */
  public killEtcd(ordinal: number): void {
    execFileSync('pkill', ['-KILL', '-f', '--', `--data-dir=${join(this.dir, `member-${ordinal}`)}/`]);
  }

  /** The ordinal of the current leader, as member `via` sees it. */
  public async leaderOrdinal(via = 0): Promise<number> {
    const c = this.client(via);
    try {
      const status = await c.maintenance.status();
      const members = (await c.cluster.memberList({})).members;
      const leader = members.find((m) => m.ID === status.leader);
      if (!leader) throw new Error(`no leader among ${members.map((m) => m.name).join(', ')}`);
      return Number(leader.name.slice(leader.name.lastIndexOf('-') + 1));
    } finally {
      c.close();
    }
  }

  /** Removes a member's data directory (the manager must be stopped). */
  public wipe(ordinal: number): void {
    rmSync(join(this.dir, `member-${ordinal}`), { recursive: true, force: true });
  }

  public output(ordinal: number): string {
    return this.members.get(ordinal)?.output() ?? '';
  }

  /** Waits for the member's /readyz: a started voting member that sees a leader. */
  public async ready(ordinal: number, timeoutMs = 60_000): Promise<void> {
    await waitFor(async () => {
      const exit = this.members.get(ordinal)?.process.exitCode;
      if (exit !== null && exit !== undefined) throw new Error(`member ${ordinal} exited with ${exit}:\n${this.output(ordinal)}`);
      return (await fetch(`http://127.0.0.1:${this.healthPorts[ordinal]}/readyz`)).ok;
    }, timeoutMs,
    () => `member ${ordinal} not ready:\n${this.output(ordinal)}`);
  }

  /** The voting members' names, as member 0 sees them. */
  public async votingMembers(via = 0): Promise<string[]> {
    const c = this.client(via);
    try {
      const list = await c.cluster.memberList({});
      return list.members.filter((m) => !m.isLearner && m.name).map((m) => m.name).sort();
    } finally {
      c.close();
    }
  }

  public async waitForMembers(names: string[], timeoutMs = 60_000): Promise<void> {
    let last: string[] = [];
    await waitFor(async () => {
      last = await this.votingMembers();
      return JSON.stringify(last) === JSON.stringify([...names].sort());
    }, timeoutMs, () => `members are ${last.join(',')}, expected ${names.join(',')}`);
  }

  public async stopAll(): Promise<void> {
    await Promise.all([...this.members.keys()].map((o) => this.stop(o)));
    // A manager killed before it could stop its etcd would leave the etcd running: stop any still here.
    try {
      execFileSync('pkill', ['-KILL', '-f', '--', `--data-dir=${this.dir}/`]);
    } catch {
      // none left, as it should be
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A writer acknowledging each write, and the list of what was acknowledged. */
export function startWriter(clientUrl: string, tls?: ClientTls) {
  const c = new Etcd3({ hosts: clientUrl, ...tlsCredentials(tls) });
  const acked: string[] = [];
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      const key = `/load/${String(i).padStart(7, '0')}`;
      try {
        await c.put(key).value(String(i));
        acked.push(key);
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  })();
  return {
    acked,
    async stop() {
      running = false;
      await done;
      c.close();
    },
  };
}

/** Keys of `acked` that are not readable (with their value) through `clientUrl`. */
export async function lostWrites(clientUrl: string, acked: readonly string[], tls?: ClientTls): Promise<string[]> {
  const c = new Etcd3({ hosts: clientUrl, ...tlsCredentials(tls) });
  try {
    const all = await c.getAll().prefix('/load/').strings();
    return acked.filter((k) => all[k] === undefined);
  } finally {
    c.close();
  }
}

/** A LocalCluster for the enclosing describe block, stopped (every process, every file) after it. */
export function useLocalCluster(size: number, pki?: () => Pki): { readonly cluster: LocalCluster } {
  const fixture = {} as { cluster: LocalCluster };
  beforeAll(async () => {
    fixture.cluster = await LocalCluster.create(size, pki?.());
  });
  afterAll(async () => {
    await fixture.cluster?.stopAll();
  });
  return fixture;
}
