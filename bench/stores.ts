/**
 * The stores the benchmarks compare, as processes they can stop and start again on the same data and port: real etcd,
 * and `vck storage` on SQLite and on PostgreSQL run from the compiled CLI (`lib/`) with the image's Node.js
 * options, as the runtime image runs it, so a start is timed without the TypeScript compiler in it.
 */
import { existsSync, readFileSync, rmSync } from 'fs';
import { connect } from 'net';
import { join } from 'path';
import { RUNTIME_NODE_OPTIONS } from '../src/contract';
import { etcdClient } from '../src/runtime/etcd-client';
import { ETCD_ENV, etcdArgs } from '../test/support/etcd-server';
import { freePort } from '../test/support/ports';
import { startPostgres } from '../test/support/postgres-server';
import { requireBinary, scratchDir, startProcess, type Started } from '../test/support/processes';

const root = join(__dirname, '..');
const CLI = join(root, 'lib', 'src', 'cli', 'main.js');
/**
 * With `--profile`, each `vck storage` process writes a V8 CPU profile (open it in Chrome's DevTools) under
 * bench/out/profiles when it stops: where the shim's time goes under the workload.
 */
export const PROFILE_DIR = process.argv.includes('--profile') ? join(root, 'bench', 'out', 'profiles') : undefined;

/** How long a (re)start of a store took, in milliseconds from the spawn. */
export interface StartTimes {
  /** Until the client port accepted a connection. */
  readonly listening: number;
  /** Until a Range answered. */
  readonly firstRange: number;
}

/** A store under test: one process, restartable on the same data and client port. */
export interface BenchStore {
  readonly name: string;
  /** `host:port` of its etcd API. */
  readonly endpoint: string;
  /** Starts the process and waits for its first answered Range. `onListening` is called as soon as the port accepts. */
  start(onListening?: () => void): Promise<StartTimes>;
  /** Stops the process (SIGTERM), keeping its data. */
  stop(): Promise<void>;
  /** Stops it for good and removes its data. */
  destroy(): Promise<void>;
  /**
   * The CPU time its processes have used so far, in ms (user and system, from /proc): the store's, and for the shim
   * on PostgreSQL the database server's too, whose backends do much of each operation's work.
   */
  cpuMs(): number;
}

/**
 * The CPU time of processes, from /proc/PID/stat (clock ticks of 10 ms, as on every Linux this runs on): their own,
 * and their children's that ended (PostgreSQL's backends, once their connection closed).
 */
function processesCpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // exited meanwhile: its parent counts it from now on
    }
  }
  return ticks * 10;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `port` accepts a TCP connection; a cheap poll that no client's reconnect backoff slows down. */
async function listening(port: number, exited: () => string | undefined): Promise<void> {
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    const why = exited();
    if (why) throw new Error(why);
    await sleep(2);
  }
}

/** Times one start of `spawn`'s process: until its port accepts, then until a Range answers (a fresh client each try). */
async function timedStart(port: number, spawn: () => Started, onListening?: () => void): Promise<{ started: Started; times: StartTimes }> {
  const t0 = performance.now();
  const started = spawn();
  const exited = () => (started.process.exitCode !== null ? `exited with ${started.process.exitCode}:\n${started.output()}` : undefined);
  await listening(port, exited);
  const listeningMs = performance.now() - t0;
  onListening?.();
  for (let deadline = Date.now() + 60_000; ; await sleep(2)) {
    const client = etcdClient(`http://127.0.0.1:${port}`, 2000);
    try {
      await client.kv.range({ key: Buffer.from('/registry/health') });
      return { started, times: { listening: listeningMs, firstRange: performance.now() - t0 } };
    } catch (err) {
      const why = exited();
      if (why || Date.now() > deadline) throw new Error(why ?? `no Range answered within 60 s: ${(err as Error).message}`);
    } finally {
      client.close();
    }
  }
}

/**
 * A restartable process on a fixed client port; `spawn` starts it on its data. `others` are the processes of a
 * database it uses, measured with it.
 */
function restartable(name: string, port: number, spawn: () => Started, cleanup: () => Promise<void>, others: () => number[] = () => []): BenchStore {
  let current: Started | undefined;
  return {
    name,
    endpoint: `127.0.0.1:${port}`,
    async start(onListening) {
      const { started, times } = await timedStart(port, spawn, onListening);
      current = started;
      return times;
    },
    async stop() {
      await current?.stop();
      current = undefined;
    },
    async destroy() {
      await current?.stop();
      await cleanup();
    },
    cpuMs: () => (current?.process.pid ? processesCpuMs([current.process.pid, ...others()]) : NaN),
  };
}

/** Real etcd, the reference. */
export async function etcdStore(): Promise<BenchStore> {
  const binary = requireBinary('etcd');
  const [client, peer] = [await freePort(), await freePort()];
  const dir = scratchDir('bench-etcd');
  const store = restartable('etcd (reference)', client,
    () => startProcess(binary, etcdArgs(join(dir, 'data'), client, peer), dir, { env: ETCD_ENV, keepDir: true }),
    async () => rmSync(dir, { recursive: true, force: true }));
  await store.start();
  return store;
}

/**
 * `vck storage` from the compiled CLI on `endpoint` (a SQLite file in its directory when undefined); `database` is the
 * database server's processes, measured with it.
 */
async function shimStore(name: string, endpoint: string | undefined, cleanup: () => Promise<void>,
  database: () => number[] = () => []): Promise<BenchStore> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx projen compile\` first (the benchmark runs the compiled vck)`);
  const port = await freePort();
  const dir = scratchDir('bench-storage');
  let starts = 0;
  const profile = () => (PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name.replace(/\W+/g, '-')}-${++starts}.cpuprofile`]
    : []);
  const store = restartable(name, port, () => startProcess(process.execPath, [
    ...RUNTIME_NODE_OPTIONS, ...profile(), CLI, 'storage', `--endpoint=${endpoint ?? `sqlite://${join(dir, 'state.db')}`}`,
    `--listen-address=127.0.0.1:${port}`, '--metrics-bind-address=0',
  ], dir, { keepDir: true }), async () => {
    rmSync(dir, { recursive: true, force: true });
    await cleanup();
  }, database);
  await store.start();
  return store;
}

export function sqliteStore(): Promise<BenchStore> {
  return shimStore('vck storage (sqlite)', undefined, async () => undefined);
}

export async function postgresStore(): Promise<BenchStore> {
  const database = await startPostgres();
  return shimStore('vck storage (postgres)', database.url, () => database.stop(), () => database.processes());
}
