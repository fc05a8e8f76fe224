/**
 * The apiserver-level benchmark: a real kube-apiserver (the binary named by $VCK_BENCH_KUBE_APISERVER, v1.28) on
 * etcd, on `vck storage` over SQLite and over PostgreSQL, one after the other, running the same workload through the
 * API: namespaces, ConfigMaps and Secrets, paginated lists, gets, updates that conflict, a restart of the store under
 * the running apiserver, deletes, and a watch throughout whose view must end equal to a list. Prints the times and
 * their ratios to etcd's. Without the variable it says so and runs nothing.
 */
import { readFileSync, rmSync } from 'fs';
import { request } from 'https';
import { join } from 'path';
import { etcdStore, postgresStore, sqliteStore, type BenchStore } from './stores';
import { kubeApiserverArgs, makeHostPki, type HostPki } from '../test/e2e/host-cluster';
import { KubeClient, KubeError, type Obj } from '../test/e2e/kube-client';
import { freePort } from '../test/support/ports';
import { scratchDir, startProcess } from '../test/support/processes';

export const APISERVER_ENV = 'VCK_BENCH_KUBE_APISERVER';

const NAMESPACES = 10;
const CONFIGMAPS = 2000;
const SECRETS = 200;
const GETS = 1000;
const CONFLICTS = 200;
const DELETES = 1000;
const CONCURRENCY = 16;

/** The figures of one store. */
interface Figures {
  workload: number;
  storeStart: number;
  readyAfterRestart: number;
  firstWriteAfterRestart: number;
  getP50: number;
  deletes: number;
  problems: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Runs `fn` on every item, `CONCURRENCY` at a time. */
async function pool<T>(items: readonly T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const namespaceOf = (i: number) => `bench-${i % NAMESPACES}`;
const configMapPath = (i: number) => `/api/v1/namespaces/${namespaceOf(i)}/configmaps/cm-${i}`;
const configMap = (i: number, generation = 1) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: `cm-${i}`, namespace: namespaceOf(i), labels: { bench: 'yes' } },
  data: { generation: String(generation), pad: 'x'.repeat(500 + (i % 500)) },
});

/** A client's view of HTTP: the status of a GET (for /readyz, whose body is not JSON). */
function status(pki: HostPki, server: string, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(new URL(path, server), {
      ca: readFileSync(pki.ca), cert: readFileSync(pki.adminCert), key: readFileSync(pki.adminKey), timeout: 5000,
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/**
 * A watch of the bench's ConfigMaps from a list's resourceVersion to the end: resumed from the last event when the
 * apiserver ends the stream (a store restart does), listed again when told its version is gone. `live` is its view.
 */
class ConfigMapWatch {
  public readonly live = new Map<string, string>();
  public restarts = 0;
  private resourceVersion = '';
  private stopped = false;
  private current?: { destroy(): void };

  public constructor(private readonly client: KubeClient, private readonly pki: HostPki, private readonly server: string) {}

  public async start(): Promise<void> {
    await this.relist();
    void this.loop();
  }

  private async relist(): Promise<void> {
    const { items, resourceVersion } = await listAll(this.client);
    this.live.clear();
    for (const cm of items) this.live.set(key(cm), cm.metadata.resourceVersion);
    this.resourceVersion = resourceVersion;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const gone = await this.stream().catch(() => false);
      if (this.stopped) return;
      this.restarts++;
      if (gone) await this.relist().catch(() => undefined);
      await sleep(50);
    }
  }

  /** One watch request; resolves true when the apiserver said the version is gone (410). */
  private stream(): Promise<boolean> {
    const path = `/api/v1/configmaps?watch=1&labelSelector=bench%3Dyes&resourceVersion=${this.resourceVersion}`;
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.server), {
        ca: readFileSync(this.pki.ca), cert: readFileSync(this.pki.adminCert), key: readFileSync(this.pki.adminKey),
      }, (res) => {
        if (res.statusCode === 410) resolve(true);
        let buffered = '';
        let gone = false;
        res.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
            const event = JSON.parse(buffered.slice(0, nl)) as { type: string; object: Obj };
            buffered = buffered.slice(nl + 1);
            if (event.type === 'ERROR') {
              gone ||= event.object.code === 410;
              continue;
            }
            this.resourceVersion = event.object.metadata.resourceVersion;
            if (event.type === 'DELETED') this.live.delete(key(event.object));
            else if (event.type !== 'BOOKMARK') this.live.set(key(event.object), event.object.metadata.resourceVersion);
          }
        });
        res.on('end', () => resolve(gone));
        res.on('error', reject);
      });
      this.current = req;
      req.on('error', reject);
      req.end();
    });
  }

  public stop(): void {
    this.stopped = true;
    this.current?.destroy();
  }
}

const key = (cm: Obj) => `${cm.metadata.namespace}/${cm.metadata.name}`;

/** Every bench ConfigMap, in pages of 500, and the resourceVersion of the first page (the list's snapshot). */
async function listAll(client: KubeClient): Promise<{ items: Obj[]; resourceVersion: string; pages: number }> {
  const items: Obj[] = [];
  let token = '';
  let resourceVersion = '';
  let pages = 0;
  do {
    const page = await client.get(`/api/v1/configmaps?labelSelector=bench%3Dyes&limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
    pages++;
    resourceVersion ||= page.metadata.resourceVersion;
    items.push(...page.items);
    token = page.metadata.continue ?? '';
  } while (token);
  return { items, resourceVersion, pages };
}

/** Retries `fn` every 10 ms until it succeeds; resolves with the time since `from`. */
async function until(from: number, fn: () => Promise<boolean>, what: string): Promise<number> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(10)) {
    if (await fn().catch(() => false)) return performance.now() - from;
  }
  throw new Error(`${what}: not within 120 s`);
}

/** The workload on a running apiserver over `store`. */
async function workload(store: BenchStore, client: KubeClient, pki: HostPki, server: string): Promise<Figures> {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const figures: Figures = { workload: 0, storeStart: 0, readyAfterRestart: 0, firstWriteAfterRestart: 0, getP50: 0, deletes: 0, problems };
  const watch = new ConfigMapWatch(client, pki, server);
  figures.workload = await timed(async () => {
    await pool(range(NAMESPACES), (i) => client.post('/api/v1/namespaces', { metadata: { name: `bench-${i}` } }));
    await watch.start();
    await pool(range(CONFIGMAPS), (i) => client.post(`/api/v1/namespaces/${namespaceOf(i)}/configmaps`, configMap(i)));
    await pool(range(SECRETS), (i) => client.post(`/api/v1/namespaces/${namespaceOf(i)}/secrets`, {
      metadata: { name: `secret-${i}` }, type: 'Opaque', data: { token: Buffer.from(`token-${i}`).toString('base64') },
    }));
    const listed = await listAll(client);
    check(listed.items.length === CONFIGMAPS && new Set(listed.items.map(key)).size === CONFIGMAPS,
      `paginated list: ${listed.items.length} items (${new Set(listed.items.map(key)).size} distinct), ${CONFIGMAPS} expected`);
    check(listed.pages >= CONFIGMAPS / 500, `paginated list: ${listed.pages} pages of 500 for ${CONFIGMAPS} items`);
    const latencies: number[] = [];
    await pool(range(GETS), async (i) => {
      const t0 = performance.now();
      const cm = await client.get(configMapPath((i * 7919) % CONFIGMAPS));
      latencies.push(performance.now() - t0);
      check(cm.metadata.name === `cm-${(i * 7919) % CONFIGMAPS}`, `get ${configMapPath(i)}: another object came back`);
    });
    figures.getP50 = latencies.sort((a, b) => a - b)[Math.floor(latencies.length / 2)];
    await pool(range(CONFLICTS), async (i) => {
      const cm = await client.get(configMapPath(i));
      const outcomes = await Promise.all([2, 3].map((generation) => client.call('PUT', configMapPath(i), {
        ...configMap(i, generation), metadata: { ...configMap(i).metadata, resourceVersion: cm.metadata.resourceVersion },
      }).then(() => 200, (err) => (err instanceof KubeError ? err.status : 0))));
      check(outcomes.sort().join() === '200,409', `conflicting updates of ${configMapPath(i)}: ${outcomes.join(', ')}, one 200 and one 409 expected`);
    });
    // The store restarts under the running apiserver: how soon is it ready, how soon does a write go through?
    await store.stop();
    let listenedAt = 0;
    const restart = store.start(() => {
      listenedAt = performance.now();
    });
    const times = await restart;
    figures.storeStart = times.firstRange;
    const [ready, write] = await Promise.all([
      until(listenedAt, async () => await status(pki, server, '/readyz') === 200, 'readyz after the restart'),
      // An attempt that timed out on our side may have been made: AlreadyExists then means it went through.
      until(listenedAt, () => client.post(`/api/v1/namespaces/${namespaceOf(0)}/configmaps`, configMap(CONFIGMAPS))
        .then(() => true, (err) => err instanceof KubeError && err.status === 409), 'a write after the restart'),
    ]);
    figures.readyAfterRestart = ready;
    figures.firstWriteAfterRestart = write;
    figures.deletes = await timed(() => pool(range(DELETES), (i) => client.delete(configMapPath(i))));
  });
  // The watch, through the restart, must end with the view a list gives.
  const expected = new Set((await listAll(client)).items.map(key));
  check(expected.size === CONFIGMAPS + 1 - DELETES, `final list: ${expected.size} ConfigMaps, ${CONFIGMAPS + 1 - DELETES} expected`);
  const agrees = () => watch.live.size === expected.size && [...expected].every((k) => watch.live.has(k));
  for (const deadline = Date.now() + 30_000; !agrees() && Date.now() < deadline;) await sleep(100);
  check(agrees(), `the watch sees ${watch.live.size} ConfigMaps, the list ${expected.size}`);
  watch.stop();
  return figures;
}

/** kube-apiserver on `store`, the workload through it, then the apiserver stopped. */
async function onStore(binary: string, pki: HostPki, store: BenchStore): Promise<Figures> {
  const port = await freePort();
  const dir = scratchDir('bench-apiserver');
  const apiserver = startProcess(binary, kubeApiserverArgs(pki, `http://${store.endpoint}`, '127.0.0.1', port), dir, { graceMs: 10_000 });
  const server = `https://127.0.0.1:${port}`;
  try {
    await until(performance.now(), async () => {
      if (apiserver.process.exitCode !== null) throw new Error(`kube-apiserver exited:\n${apiserver.output()}`);
      return await status(pki, server, '/readyz') === 200;
    }, 'kube-apiserver ready');
    return await workload(store, new KubeClient({ server, ca: pki.ca, cert: pki.adminCert, key: pki.adminKey }), pki, server);
  } finally {
    await apiserver.stop();
  }
}

function report(name: string, f: Figures, reference?: Figures): void {
  const vs = (pick: (x: Figures) => number) => (reference ? ` (${(pick(f) / pick(reference)).toFixed(2)}x etcd)` : '');
  console.log(`${name}:${f.problems.length === 0 ? ' every check passed' : ''}`);
  for (const problem of f.problems) console.log(`  FAILED: ${problem}`);
  console.log(`  whole workload ${seconds(f.workload)}${vs((x) => x.workload)}`);
  console.log(`  store start (spawn to first Range, ${CONFIGMAPS + SECRETS} objects) ${seconds(f.storeStart)}${vs((x) => x.storeStart)}`);
  console.log(`  after the restart, from the store listening: ready ${seconds(f.readyAfterRestart)}${vs((x) => x.readyAfterRestart)}, `
    + `first write ${seconds(f.firstWriteAfterRestart)}${vs((x) => x.firstWriteAfterRestart)}`);
  console.log(`  get p50 ${f.getP50.toFixed(2)} ms${vs((x) => x.getP50)}, ${DELETES} deletes ${seconds(f.deletes)}${vs((x) => x.deletes)}`);
}

/** Runs the apiserver-level workload on every store, or says why not. Returns false when a check failed. */
export async function apiserverBench(options: { sqliteOnly?: boolean } = {}): Promise<boolean> {
  const binary = process.env[APISERVER_ENV];
  if (!binary) {
    console.log(`apiserver-level workload skipped: set ${APISERVER_ENV} to a kube-apiserver v1.28 binary to run it`);
    return true;
  }
  const dir = scratchDir('bench-pki');
  const pki = makeHostPki(join(dir, 'pki'));
  const results: { name: string; figures: Figures }[] = [];
  try {
    for (const make of [etcdStore, sqliteStore, ...(options.sqliteOnly ? [] : [postgresStore])]) {
      const store = await make();
      try {
        results.push({ name: store.name, figures: await onStore(binary, pki, store) });
      } finally {
        await store.destroy();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`apiserver-level workload: ${NAMESPACES} namespaces, ${CONFIGMAPS} ConfigMaps, ${SECRETS} Secrets, lists of 500, `
    + `${GETS} gets, ${CONFLICTS} conflicting update pairs, a store restart, ${DELETES} deletes, a watch throughout`);
  results.forEach(({ name, figures }, k) => report(name, figures, k === 0 ? undefined : results[0].figures));
  console.log('targets: ready within 1 s of the store listening after its restart');
  return results.every(({ figures }) => figures.problems.length === 0);
}

if (require.main === module) {
  apiserverBench({ sqliteOnly: process.argv.includes('--sqlite-only') }).then((ok) => process.exit(ok ? 0 : 1), (err) => {
    console.error(err);
    process.exit(1);
  });
}
