import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { waitFor } from './processes';

/** A throw-away database server on 127.0.0.1, for the store's tests. */
export interface SqlServer {
  /** The data source as `vck storage --endpoint` takes it. */
  readonly url: string;
  readonly port: number;
  /** Started with TLS: the data source of a user that must also present a client certificate signed by the CA. */
  readonly clientCertUrl?: string;
  /** Freezes the server (SIGSTOP): connections stay open and nothing answers, as with a hung database. */
  pause(): void;
  resume(): void;
  /** Stops the server (the database "goes away"); `start` brings it back on the same port with its data. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server for good and removes its files. */
  stop(): Promise<void>;
  /** The server's processes (its backends included), for what the benchmarks measure of it. */
  processes(): number[];
}

/**
 * TLS a test server requires of every TCP client: its certificate and key, and the CA that verifies client
 * certificates (for `clientCertUrl`'s user).
 */
export interface ServerTls {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** Where a test server listens and whom it admits: loopback by default, or a test network's address and subnet. */
export interface ServerNetwork {
  /** The address the server listens on. */
  readonly listen: string;
  /** The clients' subnet (CIDR) admitted besides loopback. */
  readonly clients: string;
}

export const LOOPBACK: ServerNetwork = { listen: '127.0.0.1', clients: '127.0.0.1/32' };

/** A server process, signalled together with every process it forked. Output is kept for failure messages. */
export class ServerProcess {
  private child?: ChildProcess;
  private output = '';

  public constructor(private readonly command: string, private readonly args: readonly string[], private readonly describe: string) {}

  public spawn(): void {
    this.output = '';
    const child = spawn(this.command, [...this.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-10_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
  }

  public async ready(check: () => Promise<boolean>): Promise<void> {
    await waitFor(async () => {
      if (this.child?.exitCode !== null) throw new Error(`${this.describe} exited with ${this.child?.exitCode}:\n${this.output}`);
      return check();
    }, 60_000, () => `${this.describe} did not start:\n${this.output}`);
  }

  /** The server's process and every process under it. */
  public processes(): number[] {
    return this.child?.pid && this.child.exitCode === null ? [this.child.pid, ...descendants(this.child.pid)] : [];
  }

  /**
   * Signals the server and every process under it (PostgreSQL's backends each start a session of their own). The
   * processes are listed again until a listing finds none not yet signalled: a backend the server forked while the
   * first listing ran (the pool opening a connection) would otherwise go on serving a "paused" database. Parents come
   * before their children in a listing, so once SIGSTOP has reached the server no later process can appear.
   */
  public signal(signal: NodeJS.Signals): void {
    const signalled = new Set<number>();
    for (let pass = 0; pass < 10; pass++) {
      const found = this.processes().filter((pid) => !signalled.has(pid));
      if (found.length === 0) return;
      for (const pid of found) {
        signalled.add(pid);
        try {
          process.kill(pid, signal);
        } catch {
          // exited meanwhile
        }
      }
    }
  }

  /** Stops the whole group: SIGCONT first (a paused server cannot act on SIGTERM), SIGKILL after a grace period. */
  public async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.signal('SIGCONT');
    this.signal(signal);
    const timer = setTimeout(() => this.signal('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

function descendants(pid: number): number[] {
  let children: number[];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf-8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    children = [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}
