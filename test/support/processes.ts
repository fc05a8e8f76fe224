import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { scaled } from './time-scale';

/** A child process started by a test: stopped (and its scratch directory removed) by `stop`. */
export interface Started {
  readonly process: ChildProcess;
  readonly dir: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `vck-${prefix}-`));
}

/** Starts a process, keeping its output for failure messages. `dir` is removed on stop unless `keepDir`. */
export function startProcess(command: string, args: string[], dir: string, options: {
  env?: NodeJS.ProcessEnv;
  keepDir?: boolean;
  /** How long a stop waits after SIGTERM before SIGKILL. */
  graceMs?: number;
} = {}): Started {
  const child = spawn(command, args, { cwd: dir, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.on('error', (err) => keep(Buffer.from(`spawn error: ${err.message}\n`)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    dir,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), options.graceMs ?? 5000);
        await exited;
        clearTimeout(timer);
      }
      if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it resolves true, failing with `describe()` after `timeoutMs` (scaled for this machine). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, describe: () => string | Promise<string>): Promise<void> {
  const bound = scaled(timeoutMs);
  const deadline = Date.now() + bound;
  for (;;) {
    let done = false;
    try {
      done = await check();
    } catch (err) {
      // A check that knows the wait is hopeless (its process exited) says so; other errors mean "not yet".
      if ((err as Error).message.includes('exited with')) throw err;
    }
    if (done) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${bound} ms: ${await describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Path of a binary from Debian's packages, or a failure that says how to install it. */
export function requireBinary(name: string): string {
  try {
    return execFileSync('which', [name], { encoding: 'utf-8' }).trim();
  } catch {
    throw new Error(`${name} is not installed: run scripts/test-deps.sh (installs etcd, PostgreSQL and MariaDB from Debian's packages)`);
  }
}
