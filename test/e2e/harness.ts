import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { e2eEnvironment, PINNED, type E2eEnvironment } from './environment';
import { startHostCluster, type HostCluster } from './host-cluster';
import type { Obj } from './kube-client';
import { setUpHostNetwork, tearDownHostNetwork } from './network';
import { E2eNode } from './node';
import { waitFor } from '../support/processes';

/** The labels of every pod the suite runs: the control plane's and a deployed etcd's (chart labels app/release). */
const RUN_SELECTOR = 'app in (vcluster,vcluster-etcd),release';

/** Values every scenario sets: the pinned Kubernetes release, and no telemetry (the test network has no way out). */
export const BASE_VALUES = {
  controlPlane: { distro: { k8s: { enabled: true, version: PINNED.kubernetes } } },
  telemetry: { enabled: false },
};

/** Whether a pod's Ready condition is true (what Services and the scenarios go by). */
const isReady = (pod: Obj): boolean => ((pod.status?.conditions ?? []) as Obj[]).some((c) => c.type === 'Ready' && c.status === 'True');

/** The whole bench: the test network, the host cluster and its node. */
export interface Bench {
  readonly env: E2eEnvironment;
  readonly host: HostCluster;
  readonly node: E2eNode;
  stop(): Promise<void>;
}

export async function startBench(): Promise<Bench> {
  const env = e2eEnvironment();
  setUpHostNetwork();
  const host = await startHostCluster(env);
  const node = new E2eNode(env, host, RUN_SELECTOR);
  await node.start();
  return {
    env,
    host,
    node,
    async stop() {
      await node.stop();
      await host.stop();
      tearDownHostNetwork();
    },
  };
}

/** A control plane rendered by `vck template` from a vcluster.yaml and applied to the host cluster with kubectl. */
export class ControlPlaneUnderTest {
  private virtualKubeconfig?: string;

  public constructor(private readonly bench: Bench, public readonly name: string, public readonly namespace: string) {}

  /** Renders `values` with this repository's `vck template`, as a user would, and applies the result. */
  public apply(values: Obj): string {
    const dir = join(this.bench.env.workDir, 'releases', this.name);
    mkdirSync(dir, { recursive: true });
    const valuesFile = join(dir, 'vcluster.yaml');
    writeFileSync(valuesFile, stringify(values));
    const manifests = execFileSync(process.execPath, [join(this.bench.env.repo, 'lib', 'src', 'cli', 'main.js'), 'template', '-f', valuesFile,
      '--name', this.name, '--namespace', this.namespace], { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
    writeFileSync(join(dir, 'manifests.yaml'), manifests);
    try {
      this.bench.host.kubectl(['get', 'namespace', this.namespace]);
    } catch {
      this.bench.host.kubectl(['create', 'namespace', this.namespace]);
    }
    return this.bench.host.kubectl(['apply', '-n', this.namespace, '-f', '-'], manifests);
  }

  /** The pods of this release that the node runs (control plane and deployed etcd). */
  public async pods(app = 'vcluster'): Promise<Obj[]> {
    return this.bench.host.client.list(`/api/v1/namespaces/${this.namespace}/pods?labelSelector=${encodeURIComponent(`app=${app},release=${this.name}`)}`);
  }

  /** Waits until exactly `replicas` pods of `app` exist and all are Ready; answers the seconds it took. */
  public async waitReady(replicas: number, timeoutMs: number, app = 'vcluster'): Promise<number> {
    const started = Date.now();
    await waitFor(async () => {
      const pods = (await this.pods(app)).filter((p) => !p.metadata.deletionTimestamp);
      return pods.length === replicas && pods.every(isReady);
    }, timeoutMs, () => this.diagnose(app));
    return (Date.now() - started) / 1000;
  }

  /**
   * Deletes every pod of `app` of this release and waits until they are gone: gracefully as `kubectl delete pod` does
   * (preStop hooks, SIGTERM), or killed at once with `kill` (`--grace-period=0 --force`: every process gets SIGKILL).
   */
  public async deletePods(app = 'vcluster', kill = false): Promise<void> {
    const uids = new Set((await this.pods(app)).map((p) => p.metadata.uid as string));
    this.bench.host.kubectl(['delete', 'pod', '-n', this.namespace, '-l', `app=${app},release=${this.name}`, '--wait=false',
      ...(kill ? ['--grace-period=0', '--force'] : [])]);
    await waitFor(async () => (await this.pods(app)).every((p) => !uids.has(p.metadata.uid)), 180_000, () => this.diagnose(app));
  }

  /** Deletes the release's namespace, as `kubectl delete namespace` does, and waits until its pods are gone. */
  public async remove(): Promise<void> {
    this.bench.host.kubectl(['delete', 'namespace', this.namespace, '--wait=false']);
    await waitFor(async () => (await this.bench.host.client.list(`/api/v1/namespaces/${this.namespace}/pods`)).length === 0, 180_000,
      () => this.diagnose());
  }

  /** What the pods and their containers say, for a failure message. */
  public async diagnose(app = 'vcluster'): Promise<string> {
    const pods = await this.pods(app).catch(() => [] as Obj[]);
    const parts = [`pods of ${app}/${this.name}: ${pods.map((p) => `${p.metadata.name} ${JSON.stringify(p.status?.conditions?.map((c: Obj) => `${c.type}=${c.status}`))}`).join('; ')}`];
    for (const pod of pods) {
      const runtime = this.bench.node.runtime(this.namespace, pod.metadata.name);
      for (const container of runtime?.containerNames() ?? []) parts.push(`--- ${pod.metadata.name}/${container}:\n${runtime!.logs(container)}`);
    }
    parts.push(`--- node:\n${this.bench.node.history()}`);
    return parts.join('\n');
  }

  /** The ready control plane pods. */
  private async readyPods(): Promise<Obj[]> {
    const pods = (await this.pods()).filter(isReady);
    if (pods.length === 0) throw new Error(`no ready control plane pod:\n${await this.diagnose()}`);
    return pods;
  }

  /**
   * The members of embedded etcd as etcd lists them, asked with etcdctl through a ready pod, with the apiserver's own
   * client certificate from that pod's volume.
   */
  public async etcdMembers(): Promise<Obj[]> {
    const pod = (await this.readyPods())[0];
    const claim = ((pod.spec.volumes ?? []) as Obj[]).find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName;
    const pki = join(this.bench.env.workDir, 'claims', this.namespace, claim, 'pki');
    const out = execFileSync(this.bench.env.command('etcdctl'), [`--endpoints=https://${pod.status.podIP}:2379`, `--cacert=${join(pki, 'etcd', 'ca.crt')}`,
      `--cert=${join(pki, 'apiserver-etcd-client.crt')}`, `--key=${join(pki, 'apiserver-etcd-client.key')}`, 'member', 'list', '-w', 'json'],
    { encoding: 'utf-8', env: { ...process.env, ETCDCTL_API: '3' }, timeout: 30_000 });
    return (JSON.parse(out).members ?? []) as Obj[];
  }

  /**
   * kubectl against the virtual cluster, with the kubeconfig the syncer wrote into Secret `vc-NAME`, pointed at a
   * ready control plane pod (the certificate is for localhost, so the server name stays localhost).
   */
  public async vkubectl(args: string[], input?: string): Promise<string> {
    const pods = await this.readyPods();
    const secret = await this.bench.host.client.get(`/api/v1/namespaces/${this.namespace}/secrets/vc-${this.name}`);
    const kubeconfig = parse(Buffer.from(secret.data.config, 'base64').toString()) as Obj;
    for (const cluster of kubeconfig.clusters as Obj[]) {
      cluster.cluster['tls-server-name'] = new URL(cluster.cluster.server).hostname;
      cluster.cluster.server = `https://${pods[0].status.podIP}:8443`;
    }
    const dir = join(this.bench.env.workDir, 'releases', this.name);
    mkdirSync(dir, { recursive: true });
    this.virtualKubeconfig = join(dir, 'virtual.kubeconfig');
    writeFileSync(this.virtualKubeconfig, stringify(kubeconfig));
    return execFileSync(this.bench.env.command('kubectl'), ['--kubeconfig', this.virtualKubeconfig, '--request-timeout=30s', ...args], {
      encoding: 'utf-8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000,
    });
  }
}
