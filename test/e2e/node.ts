import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { E2eEnvironment } from './environment';
import type { HostCluster } from './host-cluster';
import { namespaceHosts, podHosts } from './hosts';
import { imageCatalog } from './images';
import type { Obj } from './kube-client';
import { AddressPool, createSandbox, NETWORK, type Sandbox } from './network';
import { PodRuntime } from './pod-runtime';

export const NODE_NAME = 'e2e-node';

interface Running {
  readonly runtime: PodRuntime;
  readonly sandbox: Sandbox;
  readonly hostsFile: string;
  deleting?: Promise<void>;
}

/**
 * The suite's node: it plays the scheduler for the pods it is given (by a label selector) and the kubelet for them,
 * reports their status (IP, readiness) to the host apiserver, finishes their deletion after the grace period, and keeps
 * each pod's /etc/hosts equal to what cluster DNS would answer. Pods it is not given (the synced workloads) stay
 * Pending, as in a cluster without capacity.
 */
export class E2eNode {
  private readonly pods = new Map<string, Running>();
  private readonly addresses = new AddressPool();
  private readonly images;
  private timer?: NodeJS.Timeout;
  private syncing = false;
  private readonly events: string[] = [];

  public constructor(private readonly env: E2eEnvironment, private readonly host: HostCluster, private readonly selector: string) {
    this.images = imageCatalog(env);
  }

  public log(line: string): void {
    const stamped = `${new Date().toISOString()} ${line}`;
    this.events.push(stamped);
    if (process.env.VCK_E2E_VERBOSE) process.stderr.write(`${stamped}\n`);
  }

  /** What the node saw and did, for failure messages. */
  public history(lines = 60): string {
    return this.events.slice(-lines).join('\n');
  }

  public async start(): Promise<void> {
    const node = await this.host.client.find(`/api/v1/nodes/${NODE_NAME}`);
    if (!node) {
      await this.host.client.post('/api/v1/nodes', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: NODE_NAME, labels: { 'kubernetes.io/hostname': NODE_NAME, 'kubernetes.io/os': 'linux' } },
      });
    }
    await this.host.client.call('PATCH', `/api/v1/nodes/${NODE_NAME}/status`, {
      status: {
        addresses: [{ type: 'InternalIP', address: NETWORK.hostIp }, { type: 'Hostname', address: NODE_NAME }],
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: new Date().toISOString() }],
      },
    }, 'application/merge-patch+json');
    this.timer = setInterval(() => void this.sync(), 1000);
  }

  /** The runtime of a pod by name, while it runs. */
  public runtime(namespace: string, name: string): PodRuntime | undefined {
    return [...this.pods.values()].find((r) => r.runtime.pod.metadata.namespace === namespace && r.runtime.pod.metadata.name === name)?.runtime;
  }

  private async sync(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    try {
      await this.syncOnce();
    } catch (err) {
      this.log(`node sync failed: ${(err as Error).message}`);
    } finally {
      this.syncing = false;
    }
  }

  private async syncOnce(): Promise<void> {
    const client = this.host.client;
    const pods = await client.list(`/api/v1/pods?labelSelector=${encodeURIComponent(this.selector)}`);
    // A pod removed without a grace period (a forced deletion) is killed at once, and gone before its successor,
    // which may have the same name and volumes, starts.
    const seen = new Set(pods.map((p) => p.metadata.uid as string));
    for (const [uid, running] of this.pods) {
      if (!seen.has(uid) && !running.deleting) {
        this.log(`${running.runtime.name}: gone from the apiserver; killing`);
        await running.runtime.kill();
        this.release(uid, running);
      }
    }
    for (const pod of pods) {
      const uid = pod.metadata.uid as string;
      const path = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`;
      if (!pod.spec.nodeName) {
        if (pod.metadata.deletionTimestamp) continue;
        await client.post(`${path}/binding`, {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name: pod.metadata.name },
          target: { apiVersion: 'v1', kind: 'Node', name: NODE_NAME },
        }).catch((err: Error) => this.log(`bind ${pod.metadata.name}: ${err.message}`));
        continue;
      }
      if (pod.spec.nodeName !== NODE_NAME) continue;
      let running = this.pods.get(uid);
      if (pod.metadata.deletionTimestamp) {
        if (running && !running.deleting) {
          const grace = Number(pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30);
          this.log(`${pod.metadata.name}: deleting (grace ${grace} s)`);
          running.deleting = this.finishDeletion(uid, running, grace, path);
        } else if (!running) {
          await client.delete(path, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid } }).catch(() => undefined);
        }
        continue;
      }
      if (!running) {
        running = this.admit(pod);
        this.pods.set(uid, running);
      }
      running.runtime.pod = { ...running.runtime.pod, metadata: pod.metadata };
      const status = running.runtime.changedStatus(NETWORK.hostIp);
      if (status) {
        await client.mergePatch(`${path}/status`, { status }).catch((err: Error) => {
          this.log(`status of ${pod.metadata.name}: ${err.message}`);
          running!.runtime.reportFailed();
        });
      }
    }
    await this.refreshHosts();
  }

  /** Takes a pod bound to this node: a sandbox, its hosts file, and its containers started in the background. */
  private admit(pod: Obj): Running {
    const uid = pod.metadata.uid as string;
    const sandbox = createSandbox(uid, this.addresses.take());
    const podDir = join(this.env.workDir, 'pods', `${pod.metadata.namespace}_${pod.metadata.name}_${uid.slice(0, 8)}`);
    mkdirSync(podDir, { recursive: true });
    const hostsFile = join(podDir, 'hosts');
    writeFileSync(hostsFile, podHosts(pod, sandbox.ip, []));
    const withIp = { ...pod, status: { ...pod.status, podIP: sandbox.ip, hostIP: NETWORK.hostIp } };
    const runtime = new PodRuntime(withIp, {
      client: this.host.client,
      images: this.images,
      base: { apiHost: NETWORK.hostIp, apiPort: Number(new URL(this.host.credentials.server).port) },
      roots: { pod: podDir, claims: join(this.env.workDir, 'claims') },
      hostsFile,
      sandbox,
      log: (line) => this.log(line),
    });
    this.log(`${runtime.name}: starting on ${sandbox.ip}`);
    runtime.start().catch((err: Error) => this.log(`${runtime.name}: start failed: ${err.message}`));
    return { runtime, sandbox, hostsFile };
  }

  private async finishDeletion(uid: string, running: Running, grace: number, path: string): Promise<void> {
    await running.runtime.terminate(grace);
    this.release(uid, running);
    await this.host.client.delete(path, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid } })
      .catch((err: Error) => this.log(`delete ${path}: ${err.message}`));
    this.log(`${running.runtime.name}: deleted`);
  }

  private release(uid: string, running: Running): void {
    running.sandbox.destroy();
    this.addresses.release(running.sandbox.ip);
    this.pods.delete(uid);
  }

  private async refreshHosts(): Promise<void> {
    const namespaces = new Set([...this.pods.values()].map((r) => r.runtime.pod.metadata.namespace as string));
    for (const ns of namespaces) {
      const [services, endpoints] = await Promise.all([
        this.host.client.list(`/api/v1/namespaces/${ns}/services`),
        this.host.client.list(`/api/v1/namespaces/${ns}/endpoints`),
      ]);
      const lines = namespaceHosts(ns, services, endpoints, { host: NETWORK.hostIp });
      for (const running of this.pods.values()) {
        if (running.runtime.pod.metadata.namespace !== ns) continue;
        const text = podHosts(running.runtime.pod, running.sandbox.ip, lines);
        // Rewritten in place: the file is bind-mounted, so it must stay the same inode.
        if (!existsSync(running.hostsFile) || readFileSync(running.hostsFile, 'utf-8') !== text) writeFileSync(running.hostsFile, text);
      }
    }
  }

  /** Stops every pod at once and leaves the node. */
  public async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.syncing) await new Promise((r) => setTimeout(r, 100));
    for (const [uid, running] of this.pods) {
      await running.runtime.kill();
      this.release(uid, running);
    }
  }
}
