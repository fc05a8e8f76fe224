import { execFileSync } from 'child_process';
import { existsSync, mkdirSync } from 'fs';
import { join, resolve } from 'path';

/**
 * What the end-to-end suite runs on. The syncer, kube-apiserver and kube-controller-manager are not in any package
 * registry: they come from the folder named by VCK_E2E_BIN, made by hand from their upstream sources. etcd, kubectl,
 * iproute2 and util-linux come from the machine.
 */
export const BIN_ENV = 'VCK_E2E_BIN';

/** The releases the suite proves the manifests with. */
export const PINNED = { vcluster: 'v0.21.6', kubernetes: 'v1.28.7' } as const;

/** Executables expected in the VCK_E2E_BIN folder. */
const REQUIRED_BINARIES = {
  'vcluster': `the vCluster syncer ${PINNED.vcluster}`,
  'kube-apiserver': `kube-apiserver ${PINNED.kubernetes}`,
  'kube-controller-manager': `kube-controller-manager ${PINNED.kubernetes}`,
} as const;

export type E2eBinary = keyof typeof REQUIRED_BINARIES;

/** Commands the suite takes from the machine, and the Debian package each comes from. */
const MACHINE_COMMANDS: Record<string, string> = {
  etcd: 'etcd-server',
  kubectl: 'kubectl',
  ip: 'iproute2',
  unshare: 'util-linux',
  nsenter: 'util-linux',
  openssl: 'openssl',
};

export interface E2eEnvironment {
  /** Root of this repository (the `vck` the pods run is its compiled `lib/`). */
  readonly repo: string;
  /** Scratch space of this run: volumes, logs, the host cluster's data. */
  readonly workDir: string;
  binary(name: E2eBinary): string;
  /** Absolute path of a machine command. */
  command(name: string): string;
}

function which(name: string): string | undefined {
  try {
    return execFileSync('which', [name], { encoding: 'utf-8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The suite's environment, or an error that lists everything missing and how to provide it. The suite needs root:
 * each emulated pod gets its own network, mount and PID namespaces.
 */
export function e2eEnvironment(): E2eEnvironment {
  const problems: string[] = [];
  const binDir = process.env[BIN_ENV];
  if (!binDir) {
    problems.push(`${BIN_ENV} is not set: point it at a folder holding ${Object.entries(REQUIRED_BINARIES).map(([f, what]) => `${f} (${what})`).join(', ')}`);
  } else {
    for (const [file, what] of Object.entries(REQUIRED_BINARIES)) {
      if (!existsSync(join(binDir, file))) problems.push(`${join(binDir, file)} is missing: ${what}`);
    }
  }
  const commands: Record<string, string> = {};
  for (const [name, pkg] of Object.entries(MACHINE_COMMANDS)) {
    const path = which(name);
    if (path) commands[name] = path;
    else problems.push(`${name} is not installed (Debian package ${pkg})`);
  }
  if (process.getuid?.() !== 0) problems.push('the suite must run as root (it creates network, mount and PID namespaces)');
  const repo = resolve(__dirname, '..', '..');
  if (!existsSync(join(repo, 'lib', 'src', 'cli', 'main.js'))) problems.push('lib/ is missing: run `npx projen compile` first (the pods run the compiled vck)');
  if (problems.length > 0) {
    throw new Error(`the end-to-end suite cannot run:\n- ${problems.join('\n- ')}`);
  }
  const workDir = process.env.VCK_E2E_WORK_DIR ?? join('/var/tmp', `vck-e2e-${process.pid}`);
  mkdirSync(workDir, { recursive: true });
  return {
    binary: (name) => join(binDir!, name),
    command: (name) => {
      const path = commands[name] ?? which(name);
      if (!path) throw new Error(`${name} is not installed`);
      return path;
    },
    repo,
    workDir,
  };
}
