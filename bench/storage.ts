/**
 * `npm run bench:storage`: a kube-apiserver-shaped workload against `vck storage` on SQLite and on PostgreSQL, and
 * against real etcd, started side by side and measured in alternating rounds. Preload 10,000 objects of 1-2 KB; 16 clients doing
 * 60% get-then-CAS update, 20% create, 10% paginated list (limit 500), 10% get; 4 watchers measuring the lag from
 * a write's acknowledgement to its event. Prints ops/s, p50/p99 per operation, watch lag, and the ratios to etcd.
 * Then how soon each store answers after a restart on those objects, and the apiserver-level workload (apiserver.ts)
 * when $VCK_BENCH_KUBE_APISERVER names a kube-apiserver. `--quick` runs shorter rounds; `--sqlite-only` leaves
 * PostgreSQL out; `--profile` writes the shim's CPU profiles (stores.ts).
 */
import { Etcd3 } from 'etcd3';
import { apiserverBench } from './apiserver';
import { etcdStore, postgresStore, sqliteStore, type BenchStore } from './stores';

const QUICK = process.argv.includes('--quick');
const ROUND_MS = QUICK ? 3_000 : 10_000;
const ROUNDS = QUICK ? 1 : 3;
const OBJECTS = 10_000;
const CLIENTS = 16;
const WATCHERS = 4;
const PREFIX = '/registry/pods/bench/';

type Op = 'cas' | 'create' | 'list' | 'get';

interface RoundResult {
  ops: number;
  seconds: number;
  /** CPU time used during the round, in ms: by the store's process, and by this process's clients and watchers. */
  storeCpuMs: number;
  clientCpuMs: number;
  latencies: Record<Op, number[]>;
  watchLag: number[];
}

const b = (s: string) => Buffer.from(s);
const objectValue = (i: number) => b(JSON.stringify({ kind: 'Pod', name: `pod-${i}`, pad: 'x'.repeat(1000 + (i % 1000)) }));
const prefixEnd = (p: string) => {
  const end = Buffer.from(p);
  end[end.length - 1]++;
  return end;
};

async function preload(c: Etcd3): Promise<void> {
  for (let i = 0; i < OBJECTS; i += 500) {
    await Promise.all(Array.from({ length: 500 }, (_, j) => c.kv.put({ key: b(`${PREFIX}${i + j}`), value: objectValue(i + j) })));
  }
}

async function round(store: BenchStore): Promise<RoundResult> {
  const endpoint = store.endpoint;
  const clients = Array.from({ length: CLIENTS }, () => new Etcd3({ hosts: `http://${endpoint}` }));
  const watchers = Array.from({ length: WATCHERS }, () => new Etcd3({ hosts: `http://${endpoint}` }));
  const latencies: Record<Op, number[]> = { cas: [], create: [], list: [], get: [] };
  const acked = new Map<string, number>();
  const received: { rev: string; at: number }[] = [];
  const watches = await Promise.all(watchers.map(async (w, i) => {
    const watch = await w.watch().prefix(PREFIX).create();
    if (i === 0) watch.on('data', (res) => res.events.forEach((e) => received.push({ rev: e.kv.mod_revision, at: performance.now() })));
    return watch;
  }));
  let ops = 0;
  let created = 0;
  const [storeCpu, clientCpu] = [store.cpuMs(), process.cpuUsage()];
  const deadline = performance.now() + ROUND_MS;
  const started = performance.now();
  await Promise.all(clients.map(async (c, ci) => {
    let seq = ci;
    while (performance.now() < deadline) {
      const roll = (seq = (seq * 1103515245 + 12345) % 2 ** 31) % 100;
      const t0 = performance.now();
      if (roll < 60) {
        const key = b(`${PREFIX}${seq % OBJECTS}`);
        const current = (await c.kv.range({ key })).kvs[0];
        const res = await c.kv.txn({
          compare: [{ key, target: 'Mod', result: 'Equal', mod_revision: current?.mod_revision ?? 0 }],
          success: [{ request_put: { key, value: objectValue(seq) } }],
          failure: [{ request_range: { key } }],
        });
        if (res.succeeded) acked.set(res.header.revision, performance.now());
        latencies.cas.push(performance.now() - t0);
      } else if (roll < 80) {
        const key = b(`${PREFIX}new-${ci}-${created++}-${Math.round(t0)}`);
        const res = await c.kv.txn({
          compare: [{ key, target: 'Mod', result: 'Equal', mod_revision: 0 }],
          success: [{ request_put: { key, value: objectValue(seq) } }],
          failure: [{ request_range: { key } }],
        });
        acked.set(res.header.revision, performance.now());
        latencies.create.push(performance.now() - t0);
      } else if (roll < 90) {
        await c.kv.range({ key: b(PREFIX), range_end: prefixEnd(PREFIX), limit: 500 });
        latencies.list.push(performance.now() - t0);
      } else {
        await c.kv.range({ key: b(`${PREFIX}${seq % OBJECTS}`) });
        latencies.get.push(performance.now() - t0);
      }
      ops++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const storeCpuMs = store.cpuMs() - storeCpu;
  const used = process.cpuUsage(clientCpu);
  const clientCpuMs = (used.user + used.system) / 1000;
  await new Promise((r) => setTimeout(r, 200));
  const watchLag = received.filter((e) => acked.has(e.rev)).map((e) => Math.max(0, e.at - acked.get(e.rev)!));
  await Promise.all(watches.map((w) => w.cancel()));
  [...clients, ...watchers].forEach((c) => c.close());
  return { ops, seconds, storeCpuMs, clientCpuMs, latencies, watchLag };
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, c) => a - c);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

function merge(results: RoundResult[]): RoundResult {
  const out: RoundResult = { ops: 0, seconds: 0, storeCpuMs: 0, clientCpuMs: 0, latencies: { cas: [], create: [], list: [], get: [] }, watchLag: [] };
  for (const r of results) {
    out.ops += r.ops;
    out.seconds += r.seconds;
    out.storeCpuMs += r.storeCpuMs;
    out.clientCpuMs += r.clientCpuMs;
    for (const op of Object.keys(r.latencies) as Op[]) out.latencies[op].push(...r.latencies[op]);
    out.watchLag.push(...r.watchLag);
  }
  return out;
}

function report(name: string, r: RoundResult, reference?: RoundResult): void {
  const rate = r.ops / r.seconds;
  const ratio = reference ? ` (${(rate / (reference.ops / reference.seconds)).toFixed(2)}x etcd)` : '';
  console.log(`${name}: ${rate.toFixed(0)} ops/s${ratio}`);
  // Both processes share the machine's cores: the store's CPU per operation is what the ratio is made of.
  const perOp = (ms: number) => (ms / r.ops).toFixed(2);
  console.log(`  CPU per op: store ${perOp(r.storeCpuMs)} ms (${(r.storeCpuMs / r.seconds / 10).toFixed(0)}% of a core; with its database server), `
    + `benchmark clients ${perOp(r.clientCpuMs)} ms`);
  for (const op of Object.keys(r.latencies) as Op[]) {
    const p99 = pct(r.latencies[op], 99);
    const vs = reference ? ` (p99 ${(p99 / pct(reference.latencies[op], 99)).toFixed(2)}x etcd)` : '';
    console.log(`  ${op.padEnd(6)} p50 ${pct(r.latencies[op], 50).toFixed(2)} ms  p99 ${p99.toFixed(2)} ms${vs}`);
  }
  console.log(`  watch lag p50 ${pct(r.watchLag, 50).toFixed(2)} ms  p99 ${pct(r.watchLag, 99).toFixed(2)} ms (${r.watchLag.length} events)`);
}

const SQLITE_ONLY = process.argv.includes('--sqlite-only');
/** Restarts per store for the start figure (the median is shown). */
const STARTS = 3;

/** How soon each store serves again after a restart on the preloaded data: the median of `STARTS` restarts. */
async function startTimes(servers: readonly BenchStore[]): Promise<void> {
  console.log(`start on ${OBJECTS} objects, spawn to port open / to first answered Range (median of ${STARTS}):`);
  const median = (xs: number[]) => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)];
  let reference = 0;
  for (const server of servers) {
    const listening: number[] = [];
    const firstRange: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      await server.stop();
      const times = await server.start();
      listening.push(times.listening);
      firstRange.push(times.firstRange);
    }
    reference ||= median(firstRange);
    const ratio = server === servers[0] ? '' : ` (${(median(firstRange) / reference).toFixed(2)}x etcd)`;
    console.log(`  ${server.name}: ${median(listening).toFixed(0)} ms / ${median(firstRange).toFixed(0)} ms${ratio}`);
  }
  console.log('target: the shim answers within 500 ms of its spawn');
}

async function main(): Promise<void> {
  const servers: BenchStore[] = [await etcdStore(), await sqliteStore(), ...(SQLITE_ONLY ? [] : [await postgresStore()])];
  try {
    for (const server of servers) {
      const c = new Etcd3({ hosts: `http://${server.endpoint}` });
      await preload(c);
      c.close();
    }
    const results = servers.map((): RoundResult[] => []);
    for (let i = 0; i < ROUNDS; i++) {
      for (const [k, server] of servers.entries()) results[k].push(await round(server));
    }
    const merged = results.map(merge);
    console.log(`storage benchmark: ${OBJECTS} objects, ${CLIENTS} clients, ${WATCHERS} watchers, ${ROUNDS} x ${ROUND_MS / 1000}s alternating rounds`);
    servers.forEach((server, k) => report(server.name, merged[k], k === 0 ? undefined : merged[0]));
    console.log('targets: sqlite >= 1.0x etcd throughput, CAS p99 <= 1.5x etcd, watch lag p99 <= 20 ms; postgres >= 0.7x etcd throughput');
    await startTimes(servers);
  } finally {
    for (const server of servers) await server.destroy();
  }
  // The same stores under a real kube-apiserver, when one is at hand.
  if (!await apiserverBench({ sqliteOnly: SQLITE_ONLY })) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
