import { spawn, type ChildProcess } from 'child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { containerEnv, type BaseEnv } from './container-env';
import type { EmulatedImage } from './images';
import type { KubeClient, Obj } from './kube-client';
import type { Sandbox } from './network';
import { ProbeState, runProbe } from './probes';
import { materializeVolumes, type VolumeRoots } from './volumes';

/** What a pod runtime needs from its node. */
export interface PodRuntimeDeps {
  readonly client: KubeClient;
  readonly images: (image: string) => EmulatedImage;
  readonly base: BaseEnv;
  readonly roots: VolumeRoots;
  /** The pod's /etc/hosts, kept current by the node. */
  readonly hostsFile: string;
  readonly sandbox: Sandbox;
  readonly log: (line: string) => void;
}

const quote = (s: string) => `'${s.replace(/'/g, '\'\\\'\'')}'`;

/** The kubelet's restart back-off: 10 s doubling to 5 min, forgotten after 10 min of running. */
function backoffMs(restarts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, restarts - 1), 300_000);
}

/** One running (or restarting) container of a pod. */
class ContainerRun {
  public child?: ChildProcess;
  public restarts = 0;
  public startedAt = 0;
  public started = false;
  public ready = false;
  private startup?: ProbeState;
  private readiness?: ProbeState;
  private liveness?: ProbeState;
  private probing = false;

  public constructor(public readonly spec: Obj) {}

  /** The PID, in the host's namespace, of the container's first process (PID 1 of its own PID namespace). */
  public nsPid(): number | undefined {
    const pid = this.child?.pid;
    if (!pid || this.child?.exitCode !== null) return undefined;
    try {
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf-8').trim().split(/\s+/).filter(Boolean);
      return children.length > 0 ? Number(children[0]) : undefined;
    } catch {
      return undefined;
    }
  }

  public running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  public began(now: number): void {
    this.startedAt = now;
    this.started = !this.spec.startupProbe;
    this.ready = false;
    this.startup = this.spec.startupProbe ? new ProbeState(this.spec.startupProbe, now) : undefined;
    this.readiness = this.spec.readinessProbe ? new ProbeState(this.spec.readinessProbe, now) : undefined;
    this.liveness = this.spec.livenessProbe ? new ProbeState(this.spec.livenessProbe, now) : undefined;
  }

  /** Runs the probes that are due; answers true when the container must be restarted (startup or liveness failed). */
  public async probe(podIp: string, exec: (command: string[]) => Promise<boolean>): Promise<boolean> {
    if (this.probing || !this.running()) return false;
    this.probing = true;
    try {
      const now = Date.now();
      if (!this.started) {
        if (this.startup!.due(now)) {
          const failed = this.startup!.record(await runProbe(this.spec.startupProbe, podIp, this.spec, exec), Date.now());
          if (this.startup!.passing) this.started = true;
          return failed;
        }
        return false;
      }
      if (!this.readiness) {this.ready = true;} else if (this.readiness.due(now)) {
        this.readiness.record(await runProbe(this.spec.readinessProbe, podIp, this.spec, exec), Date.now());
        this.ready = this.readiness.passing;
      }
      if (this.liveness?.due(now)) {
        return this.liveness.record(await runProbe(this.spec.livenessProbe, podIp, this.spec, exec), Date.now());
      }
      return false;
    } finally {
      this.probing = false;
    }
  }
}

/**
 * A pod run as a kubelet runs it: volumes materialized, init containers in order, then every container, each as a
 * process in the pod's network namespace with its own mount and PID namespaces, the image's files and the pod's
 * volumes mounted at their paths; probes decide readiness and restarts; deletion runs preStop hooks, then SIGTERM, then
 * SIGKILL after the grace period.
 */
export class PodRuntime {
  private readonly containers: ContainerRun[];
  private volumes = new Map<string, string>();
  private phase: 'Pending' | 'Running' = 'Pending';
  private initialized = false;
  private terminating = false;
  private lastStatus = '';
  private readonly startTime = new Date().toISOString();
  private timer?: NodeJS.Timeout;

  public constructor(public pod: Obj, private readonly deps: PodRuntimeDeps) {
    this.containers = (pod.spec.containers as Obj[]).map((c) => new ContainerRun(c));
  }

  public get name(): string {
    return `${this.pod.metadata.namespace}/${this.pod.metadata.name}`;
  }

  public get ready(): boolean {
    return this.initialized && this.containers.every((c) => c.ready);
  }

  private logFile(container: string): string {
    const dir = join(this.deps.roots.pod, 'logs');
    mkdirSync(dir, { recursive: true });
    return join(dir, `${container}.log`);
  }

  /** The last lines a container wrote, for failure messages. */
  public logs(container: string, lines = 40): string {
    const file = this.logFile(container);
    return existsSync(file) ? readFileSync(file, 'utf-8').split('\n').slice(-lines).join('\n') : '';
  }

  public containerNames(): string[] {
    return this.containers.map((c) => c.spec.name as string);
  }

  /** Sets the pod up and starts it; retries what the kubelet retries (missing Secrets, failing init containers). */
  public async start(): Promise<void> {
    let attempt = 0;
    while (!this.terminating) {
      try {
        this.volumes = await materializeVolumes(this.deps.client, this.pod, this.deps.roots);
        break;
      } catch (err) {
        if (attempt++ % 10 === 0) this.deps.log(`${this.name}: volumes not ready: ${(err as Error).message}`);
        await sleep(2000);
      }
    }
    for (const init of (this.pod.spec.initContainers ?? []) as Obj[]) {
      for (let restarts = 0; !this.terminating; restarts++) {
        const code = await this.runToCompletion(init);
        if (code === 0) break;
        this.deps.log(`${this.name}: init container ${init.name} exited ${code}:\n${this.logs(init.name, 10)}`);
        await sleep(backoffMs(restarts + 1));
      }
    }
    if (this.terminating) return;
    this.initialized = true;
    this.phase = 'Running';
    for (const run of this.containers) await this.launch(run);
    this.timer = setInterval(() => void this.tick(), 1000);
  }

  private async tick(): Promise<void> {
    const exec = (run: ContainerRun) => (command: string[]) => this.execIn(run, command, 10_000).then((code) => code === 0);
    await Promise.all(this.containers.map(async (run) => {
      if (this.terminating) return;
      if (await run.probe(this.deps.sandbox.ip, exec(run))) {
        this.deps.log(`${this.name}: container ${run.spec.name} failed its ${run.started ? 'liveness' : 'startup'} probe; restarting`);
        run.child?.kill('SIGKILL');
        const pid = run.nsPid();
        if (pid) process.kill(pid, 'SIGKILL');
      }
    }));
  }

  /** The argv of a container: its command (or the image's entry point) and args. */
  private argv(spec: Obj): string[] {
    const command = (spec.command as string[] | undefined) ?? this.deps.images(spec.image).entrypoint;
    if (!command) throw new Error(`container ${spec.name}: no command and no known entry point for ${spec.image}`);
    return [...command, ...((spec.args ?? []) as string[])];
  }

  /** Writes the script that sets up a container's mount namespace and then execs its command. */
  private launcher(spec: Obj): string {
    const lines = ['set -e'];
    const files = this.deps.images(spec.image as string).files;
    // The image's own files: each directory they live in (not /) becomes a fresh tmpfs, as the image's view of it.
    const dirs = [...new Set(Object.keys(files).map((f) => dirname(f)).filter((d) => d !== '/'))];
    for (const dir of dirs) lines.push(`mkdir -p ${quote(dir)}`, `mount -t tmpfs tmpfs ${quote(dir)}`);
    for (const [path, source] of Object.entries(files)) {
      lines.push(`[ -e ${quote(path)} ] || touch ${quote(path)}`, `mount --bind ${quote(source)} ${quote(path)}`);
    }
    for (const mount of (spec.volumeMounts ?? []) as Obj[]) {
      const volume = this.volumes.get(mount.name);
      if (!volume) throw new Error(`container ${spec.name}: volumeMount ${mount.name} has no volume`);
      const source = mount.subPath ? join(volume, mount.subPath) : volume;
      if (mount.subPath && !existsSync(source)) mkdirSync(source, { recursive: true });
      const isFile = statSync(source).isFile();
      lines.push(isFile ? `mkdir -p ${quote(dirname(mount.mountPath))}; [ -e ${quote(mount.mountPath)} ] || touch ${quote(mount.mountPath)}`
        : `mkdir -p ${quote(mount.mountPath)}`);
      lines.push(`mount --bind ${quote(source)} ${quote(mount.mountPath)}`);
      if (mount.readOnly) lines.push(`mount -o remount,bind,ro ${quote(mount.mountPath)}`);
    }
    lines.push(`mount --bind ${quote(this.deps.hostsFile)} /etc/hosts`);
    lines.push(`hostname ${quote(this.pod.spec.hostname ?? this.pod.metadata.name)}`);
    lines.push(`cd ${quote(spec.workingDir ?? '/')}`);
    lines.push('exec "$@"');
    const file = join(this.deps.roots.pod, 'launch', `${spec.name}.sh`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  private async spawnContainer(spec: Obj): Promise<ChildProcess> {
    const env = await containerEnv(this.deps.client, this.pod, spec, this.deps.base);
    const launcher = this.launcher(spec);
    const log = openSync(this.logFile(spec.name), 'a');
    const child = spawn('ip', ['netns', 'exec', this.deps.sandbox.netns, 'unshare', '--mount', '--uts', '--pid', '--fork', '--mount-proc',
      '--propagation', 'private', '/bin/sh', launcher, ...this.argv(spec)], { env, stdio: ['ignore', log, log] });
    closeSync(log);
    return child;
  }

  private async runToCompletion(spec: Obj): Promise<number> {
    try {
      const child = await this.spawnContainer(spec);
      return await new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
    } catch (err) {
      writeFileSync(this.logFile(spec.name), `${(err as Error).message}\n`, { flag: 'a' });
      return 1;
    }
  }

  /** Starts a container and restarts it whenever it exits (restartPolicy Always), with the kubelet's back-off. */
  private async launch(run: ContainerRun): Promise<void> {
    if (this.terminating) return;
    try {
      run.child = await this.spawnContainer(run.spec);
    } catch (err) {
      this.deps.log(`${this.name}: container ${run.spec.name} cannot start: ${(err as Error).message}`);
      run.restarts++;
      setTimeout(() => void this.launch(run), backoffMs(run.restarts)).unref();
      return;
    }
    run.began(Date.now());
    run.child.once('exit', (code, signal) => {
      run.ready = false;
      if (this.terminating) return;
      const ranFor = Date.now() - run.startedAt;
      if (ranFor > 600_000) run.restarts = 0;
      run.restarts++;
      this.deps.log(`${this.name}: container ${run.spec.name} exited (${signal ?? code}) after ${Math.round(ranFor / 1000)} s; restart ${run.restarts}:\n${this.logs(run.spec.name, 15)}`);
      setTimeout(() => void this.launch(run), backoffMs(run.restarts)).unref();
    });
  }

  /** Runs a command inside a running container's namespaces (exec probes, preStop hooks); answers its exit code. */
  private async execIn(run: ContainerRun, command: string[], timeoutMs: number): Promise<number> {
    const pid = run.nsPid();
    if (!pid) return 1;
    const env = await containerEnv(this.deps.client, this.pod, run.spec, this.deps.base);
    const log = openSync(this.logFile(`${run.spec.name}.exec`), 'a');
    const child = spawn('nsenter', ['--target', String(pid), '--mount', '--net', '--pid', '--uts', '--', ...command], { env, stdio: ['ignore', log, log] });
    closeSync(log);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
    clearTimeout(timer);
    return code;
  }

  /**
   * Stops the pod as the kubelet does on deletion: preStop hooks, then SIGTERM to every container, SIGKILL for what
   * is left when the grace period ends.
   */
  public async terminate(graceSeconds: number): Promise<void> {
    if (this.terminating) return;
    this.terminating = true;
    clearInterval(this.timer);
    const deadline = Date.now() + graceSeconds * 1000;
    await Promise.all(this.containers.map(async (run) => {
      const preStop = run.spec.lifecycle?.preStop?.exec?.command as string[] | undefined;
      if (preStop && run.running()) {
        const code = await this.execIn(run, preStop, Math.max(0, deadline - Date.now()));
        if (code !== 0) this.deps.log(`${this.name}: preStop hook of ${run.spec.name} exited ${code} (FailedPreStopHook):\n${this.logs(`${run.spec.name}.exec`, 10)}`);
      }
      const pid = run.nsPid();
      if (pid) process.kill(pid, 'SIGTERM');
    }));
    while (Date.now() < deadline && this.containers.some((c) => c.running())) await sleep(200);
    await this.kill();
  }

  /** Kills every container at once (a crash, or the end of the grace period) and waits until they are gone. */
  public async kill(): Promise<void> {
    this.terminating = true;
    clearInterval(this.timer);
    for (const run of this.containers) {
      const pid = run.nsPid();
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      run.child?.kill('SIGKILL');
    }
    while (this.containers.some((c) => c.running())) await sleep(100);
  }

  /** The pod's status as the kubelet reports it. */
  public status(nodeIp: string): Obj {
    const condition = (type: string, ok: boolean) => ({ type, status: ok ? 'True' : 'False' });
    return {
      phase: this.phase,
      hostIP: nodeIp,
      podIP: this.deps.sandbox.ip,
      podIPs: [{ ip: this.deps.sandbox.ip }],
      startTime: this.startTime,
      conditions: [
        condition('PodScheduled', true),
        condition('Initialized', this.initialized),
        condition('ContainersReady', this.ready),
        condition('Ready', this.ready),
      ],
      containerStatuses: this.containers.map((run) => ({
        name: run.spec.name,
        image: run.spec.image,
        imageID: '',
        ready: run.ready,
        started: run.started,
        restartCount: run.restarts,
        state: run.running() ? { running: { startedAt: new Date(run.startedAt).toISOString() } } : { waiting: { reason: this.initialized ? 'CrashLoopBackOff' : 'PodInitializing' } },
      })),
    };
  }

  /** Forgets what was reported, so that the next `changedStatus` returns the status again (a report that failed). */
  public reportFailed(): void {
    this.lastStatus = '';
  }

  /** The status when it changed since the last call (what the node must report), else undefined. */
  public changedStatus(nodeIp: string): Obj | undefined {
    const status = this.status(nodeIp);
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return undefined;
    this.lastStatus = key;
    return status;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
