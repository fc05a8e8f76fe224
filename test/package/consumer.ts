/**
 * The package as a user receives it: `npm pack` of this repository, then fresh projects that install the tarball
 * with npm, from npm's cache when it holds every package (offline) and from the registry otherwise.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join, posix } from 'path';

export const root = join(__dirname, '..', '..');

/** Runs a command to completion, failing with its output; every command is bounded by `timeoutMs`. */
export function run(command: string, args: string[], cwd: string, timeoutMs: number): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf-8',
      timeout: timeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', NO_UPDATE_NOTIFIER: '1' },
    });
  } catch (err: any) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

/** `npm pack` of the repository into `dir` (its prepack compiles lib/ first); returns the tarball's path. */
export function packTarball(dir: string): string {
  run('npm', ['pack', '--pack-destination', dir], root, 300_000);
  const tarballs = readdirSync(dir).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`npm pack wrote ${tarballs.length} tarballs in ${dir}`);
  return join(dir, tarballs[0]);
}

/** The paths inside a tarball, relative to its package folder. */
export function tarballFiles(tarball: string): string[] {
  return run('tar', ['-tzf', tarball], root, 30_000).split('\n').filter(Boolean).map((path) => path.replace(/^package\//, ''));
}

/** The version of a package this repository installed: the consumers install the same, so npm's cache has it. */
export function installedVersion(name: string): string {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf-8')).version;
}

/** A fresh npm project in `dir` with `files` written into it, installed with its install scripts enabled. */
export function installConsumer(dir: string, dependencies: Record<string, string>, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies }, null, 2));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts=false'], dir, 300_000);
}

/** A package's entry in a lock file: what it depends on. */
interface LockedPackage {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/**
 * Which of `names` npm installed in the project `dir` for the library alone: what the project's other dependencies
 * reach (Pulumi's own gRPC) is not the library's doing. Walks the project's lock file from its root, around the library.
 */
export function installedForTheLibrary(dir: string, library: string, names: string[]): string[] {
  const packages: Record<string, LockedPackage> = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf-8')).packages;
  // Node's resolution: the closest node_modules/<name> from the dependent's folder up to the project's.
  const locate = (from: string, name: string): string | undefined => {
    for (let folder = from; ; folder = folder.slice(0, Math.max(folder.lastIndexOf('/node_modules/'), 0))) {
      const path = `${folder ? `${folder}/` : ''}node_modules/${name}`;
      if (packages[path]) return path;
      if (!folder) return undefined;
    }
  };
  const reached = new Set<string>();
  const visit = (path: string) => {
    const entry = packages[path];
    const required = [entry.dependencies, entry.optionalDependencies].flatMap((deps) => Object.keys(deps ?? {}))
      .concat(Object.keys(entry.peerDependencies ?? {}).filter((name) => !entry.peerDependenciesMeta?.[name]?.optional));
    for (const name of required) {
      const target = path === '' && name === library ? undefined : locate(path, name);
      if (target && !reached.has(target)) {
        reached.add(target);
        visit(target);
      }
    }
  };
  visit('');
  const installed = Object.keys(packages);
  return names.filter((name) => installed.some((path) => path.endsWith(`node_modules/${name}`) && !reached.has(path)));
}

/** Compiled native code or what node-gyp compiles it from, anywhere under `dir`. */
export function nativeArtifacts(dir: string): string[] {
  const found: string[] = [];
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (entry.name.endsWith('.node') || entry.name === 'binding.gyp' || entry.name === 'config.gypi') found.push(child);
    }
  };
  visit(dir);
  return found;
}

/** Relative links of the Markdown files in `files` whose target is not among `files` (links must resolve in the package). */
export function linksOutside(files: string[], read: (path: string) => string): string[] {
  const shipped = new Set(files);
  const isShipped = (target: string) => shipped.has(target) || files.some((file) => file.startsWith(`${target}/`));
  const broken: string[] = [];
  for (const file of files.filter((path) => path.endsWith('.md'))) {
    for (const [, link] of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(link) || link.startsWith('#')) continue;
      const target = posix.normalize(posix.join(posix.dirname(file), decodeURI(link.split('#')[0])));
      if (!isShipped(target)) broken.push(`${file} -> ${link}`);
    }
  }
  return broken;
}
