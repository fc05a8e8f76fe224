import { spawn, type ChildProcess } from 'child_process';
import { nextRestart } from './decisions';

/**
 * The real etcd binary as a child process: started with the flags the manager chose, restarted with backoff when it
 * dies, stopped with the signal the manager received.
 */
export class EtcdProcess {
  private child?: ChildProcess;
  private stopping = false;
  /** Crashes since the last healthy run (see `nextRestart`). */
  private crashes = 0;

  public constructor(
    private readonly binary: string,
    private args: string[],
    private readonly log: (line: string) => void,
  ) {}

  public start(): void {
    this.stopping = false;
    const child = spawn(this.binary, this.args, { stdio: ['ignore', 'inherit', 'inherit'] });
    this.child = child;
    const startedAt = Date.now();
    // etcd must not outlive its manager: a manager that exits takes its member down with it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    child.on('exit', (code, signal) => {
      if (this.stopping || this.child !== child) return;
      // A crash loop must not spin: back off like a kubelet restarting a container, from scratch after a healthy run.
      const next = nextRestart(this.crashes, Date.now() - startedAt);
      this.crashes = next.crashes;
      const delay = next.delayMs;
      this.log(`etcd exited (${signal ?? code}); restarting in ${delay} ms`);
      setTimeout(() => {
        if (!this.stopping) this.start();
      }, delay).unref();
    });
  }

  /** Restarts etcd with other flags (e.g. after joining with `--initial-cluster-state=existing`). */
  public async restartWith(args: string[]): Promise<void> {
    await this.stop();
    this.args = args;
    this.start();
  }

  /** Restarts etcd with the same flags (e.g. to load certificates that were issued anew). */
  public async restart(): Promise<void> {
    await this.restartWith(this.args);
  }

  public get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  public async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill(signal);
    });
  }
}
