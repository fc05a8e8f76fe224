/**
 * The control plane really runs: each backing store's rendered manifests applied to a host cluster and their pods
 * run by the suite's node with the real vCluster syncer, kube-apiserver and kube-controller-manager (see
 * environment.ts for what the suite needs, and README "End-to-end suite"). Figures go to stderr and to
 * VCK_E2E_WORK_DIR/results.json.
 */
import { appendFileSync } from 'fs';
import { join } from 'path';
import { BASE_VALUES, ControlPlaneUnderTest, startBench, type Bench } from './harness';
import type { Obj } from './kube-client';
import { NETWORK, POD_SUBNET } from './network';
import { mergeValues } from '../../src/config/values';
import { startMariadb } from '../support/mariadb-server';
import { startPostgres } from '../support/postgres-server';
import { waitFor } from '../support/processes';
import type { ServerNetwork, SqlServer } from '../support/sql-server';

const READY_TIMEOUT = 10 * 60_000;
/** Runs only the scenarios whose names contain one of these comma-separated words (all when unset). */
const SCENARIOS = process.env.VCK_E2E_SCENARIO?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);

let bench: Bench;

beforeAll(async () => {
  bench = await startBench();
}, 300_000);

afterAll(async () => {
  await bench?.stop();
}, 120_000);

function record(store: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ store, ...figures });
  process.stderr.write(`e2e ${line}\n`);
  appendFileSync(join(bench.env.workDir, 'results.json'), `${line}\n`);
}

/** The objects every scenario creates in the virtual cluster. */
const WORKLOAD = `
apiVersion: v1
kind: Namespace
metadata: { name: e2e }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings-1, namespace: e2e }
data: { color: blue }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings-2, namespace: e2e }
data: { size: large }
---
apiVersion: v1
kind: Secret
metadata: { name: credentials, namespace: e2e }
stringData: { password: s3cret }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: e2e }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - { name: web, image: nginx:1.27 }
`;

/** Creates the workload and waits for the controller-manager's Pod and the syncer's translated Pod in the host. */
async function createWorkload(cp: ControlPlaneUnderTest): Promise<number> {
  const started = Date.now();
  await cp.vkubectl(['apply', '-f', '-'], WORKLOAD);
  await waitFor(async () => {
    const pods = JSON.parse(await cp.vkubectl(['get', 'pods', '-n', 'e2e', '-l', 'app=web', '-o', 'json'])).items as Obj[];
    return pods.length === 1;
  }, 180_000, () => 'the virtual controller-manager made no Pod for Deployment e2e/web');
  await waitFor(async () => (await syncedPods(cp)).length === 1, 180_000, async () => `the syncer created no Pod in the host namespace:\n${await cp.diagnose()}`);
  return (Date.now() - started) / 1000;
}

async function syncedPods(cp: ControlPlaneUnderTest): Promise<Obj[]> {
  const pods = await bench.host.client.list(`/api/v1/namespaces/${cp.namespace}/pods?labelSelector=${encodeURIComponent(`vcluster.loft.sh/managed-by=${cp.name}`)}`);
  return pods.filter((p) => p.metadata.annotations?.['vcluster.loft.sh/object-namespace'] === 'e2e' && String(p.metadata.annotations?.['vcluster.loft.sh/object-name']).startsWith('web-'));
}

/** Everything the workload created is still served by the virtual cluster. */
async function expectWorkload(cp: ControlPlaneUnderTest): Promise<void> {
  const config = JSON.parse(await cp.vkubectl(['get', 'configmap', 'settings-1', '-n', 'e2e', '-o', 'json']));
  expect(config.data).toEqual({ color: 'blue' });
  expect(JSON.parse(await cp.vkubectl(['get', 'configmap', 'settings-2', '-n', 'e2e', '-o', 'json'])).data).toEqual({ size: 'large' });
  const secret = JSON.parse(await cp.vkubectl(['get', 'secret', 'credentials', '-n', 'e2e', '-o', 'json']));
  expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('s3cret');
  const deployment = JSON.parse(await cp.vkubectl(['get', 'deployment', 'web', '-n', 'e2e', '-o', 'json']));
  expect(deployment.spec.replicas).toBe(1);
}

/**
 * Deletes (or kills) every pod of the control plane and of a deployed etcd at once, and waits until the virtual
 * cluster serves again from the same data.
 */
async function restartAll(cp: ControlPlaneUnderTest, replicas: number, etcdReplicas: number, kill: boolean): Promise<number> {
  const started = Date.now();
  await Promise.all([cp.deletePods('vcluster', kill), ...(etcdReplicas > 0 ? [cp.deletePods('vcluster-etcd', kill)] : [])]);
  if (etcdReplicas > 0) await cp.waitReady(etcdReplicas, READY_TIMEOUT, 'vcluster-etcd');
  await cp.waitReady(replicas, READY_TIMEOUT);
  await waitFor(async () => {
    await cp.vkubectl(['get', 'namespace', 'e2e']);
    return true;
  }, 120_000, () => 'the virtual API did not answer after the restart');
  return (Date.now() - started) / 1000;
}

/** The common run of a store: Ready, a workload, every pod deleted, then every pod killed, each time back on the same data. */
async function exercise(store: string, cp: ControlPlaneUnderTest, values: Obj, replicas: number, etcdReplicas = 0): Promise<void> {
  const applied = Date.now();
  cp.apply(mergeValues(BASE_VALUES, values));
  if (etcdReplicas > 0) await cp.waitReady(etcdReplicas, READY_TIMEOUT, 'vcluster-etcd');
  await cp.waitReady(replicas, READY_TIMEOUT);
  const readySeconds = (Date.now() - applied) / 1000;
  const workloadSeconds = await createWorkload(cp);
  await expectWorkload(cp);
  const restartSeconds = await restartAll(cp, replicas, etcdReplicas, false);
  await expectWorkload(cp);
  const killSeconds = await restartAll(cp, replicas, etcdReplicas, true);
  await expectWorkload(cp);
  record(store, { readySeconds, workloadSeconds, restartSeconds, killSeconds });
}

/** Runs a scenario on a control plane of its own, removed at the end so that it uses no CPU in the next ones. */
async function withControlPlane(name: string, namespace: string, run: (cp: ControlPlaneUnderTest) => Promise<void>): Promise<void> {
  const cp = new ControlPlaneUnderTest(bench, name, namespace);
  try {
    await run(cp);
  } finally {
    await cp.remove();
  }
}

const selected = (name: string) => !SCENARIOS || SCENARIOS.some((word) => name.toLowerCase().includes(word));
const scenario = (name: string, fn: () => Promise<void>) => (selected(name) ? test : test.skip)(name, fn, 40 * 60_000);

describe('the rendered control plane with the real syncer', () => {
  scenario('embedded SQLite (the default)', async () => {
    await withControlPlane('lite', 'tenant-sqlite', (cp) => exercise('sqlite', cp, {}, 1));
  });

  scenario('external PostgreSQL', () => onExternalDatabase(startPostgres, 'postgres', 'pg'));

  scenario('external MariaDB', () => onExternalDatabase(startMariadb, 'mariadb', 'maria'));

  scenario('embedded etcd, 1 replica, scaled 1 -> 3 -> 1', async () => {
    await withControlPlane('solo', 'tenant-etcd1', async (cp) => {
      const values = { controlPlane: { backingStore: { etcd: { embedded: { enabled: true } } } } };
      await exercise('etcd-embedded-1', cp, values, 1);
      const scaled = Date.now();
      cp.apply(mergeValues(BASE_VALUES, values, { controlPlane: { statefulSet: { highAvailability: { replicas: 3 } } } }));
      await cp.waitReady(3, READY_TIMEOUT);
      await waitFor(async () => (await voters(cp)) === 3, 180_000, async () => `etcd did not reach 3 voting members: ${JSON.stringify(await cp.etcdMembers())}`);
      await expectWorkload(cp);
      const upSeconds = (Date.now() - scaled) / 1000;
      const down = Date.now();
      cp.apply(mergeValues(BASE_VALUES, values));
      await cp.waitReady(1, READY_TIMEOUT);
      await waitFor(async () => (await cp.etcdMembers()).length === 1, 180_000, async () => `etcd kept members after scaling down: ${JSON.stringify(await cp.etcdMembers())}`);
      await waitFor(async () => {
        await expectWorkload(cp);
        return true;
      }, 120_000, () => 'the virtual cluster did not serve its objects after scaling down');
      record('etcd-embedded-1', { scaleUpSeconds: upSeconds, scaleDownSeconds: (Date.now() - down) / 1000 });
    });
  });

  scenario('embedded etcd, 3 replicas', async () => {
    const values = { controlPlane: { backingStore: { etcd: { embedded: { enabled: true } } }, statefulSet: { highAvailability: { replicas: 3 } } } };
    await withControlPlane('trio', 'tenant-etcd3', async (cp) => {
      await exercise('etcd-embedded-3', cp, values, 3);
      expect(await voters(cp)).toBe(3);
    });
  });

  scenario('deployed etcd, 3 replicas', async () => {
    const values = { controlPlane: { backingStore: { etcd: { deploy: { enabled: true, statefulSet: { highAvailability: { replicas: 3 } } } } } } };
    await withControlPlane('ext', 'tenant-deployed', (cp) => exercise('etcd-deploy-3', cp, values, 1, 3));
  });
});

/** Voting members of the control plane's embedded etcd. */
async function voters(cp: ControlPlaneUnderTest): Promise<number> {
  return (await cp.etcdMembers()).filter((m) => !m.isLearner).length;
}

/** A database server on the test network (the pods reach it at the host's bridge address) for one scenario. */
async function onExternalDatabase(start: (network: ServerNetwork) => Promise<SqlServer>, store: string, name: string): Promise<void> {
  const db = await start({ listen: NETWORK.hostIp, clients: POD_SUBNET });
  try {
    await withControlPlane(name, `tenant-${store}`, (cp) => exercise(store, cp, externalDatabase(db), 1));
  } finally {
    await db.stop();
  }
}

/** An external database given inline, as vcluster.yaml gives it (the rendered Secret keeps it out of pod specs). */
function externalDatabase(db: SqlServer): Obj {
  return { controlPlane: { backingStore: { database: { external: { enabled: true, dataSource: db.url } } } } };
}
