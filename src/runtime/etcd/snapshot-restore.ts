import { execFile } from 'child_process';
import { existsSync } from 'fs';
import { delimiter, dirname, join } from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

/** The member a snapshot is restored as: a one-member cluster of it, with its data in `dataDir`. */
export interface RestoredMember {
  readonly name: string;
  readonly peerUrl: string;
  readonly clusterToken: string;
  readonly dataDir: string;
}

/**
 * Restores a snapshot file (its SHA-256 appended, as `etcdctl snapshot save` writes it, and checked) as a new
 * one-member cluster. etcd 3.5 moved restore into `etcdutl` (its `etcdctl snapshot restore` is deprecated); etcd 3.4
 * has only `etcdctl`: the tool is `etcdutl` when one sits beside `etcdctl`, else `etcdctl`.
 */
export async function restoreSnapshot(etcdctl: string, snapshot: string, member: RestoredMember): Promise<void> {
  const etcdutl = sibling(etcdctl, 'etcdutl');
  const tool = etcdutl ?? etcdctl;
  const args = ['snapshot', 'restore', snapshot, `--name=${member.name}`, `--data-dir=${member.dataDir}`,
    `--initial-cluster=${member.name}=${member.peerUrl}`, `--initial-cluster-token=${member.clusterToken}`,
    `--initial-advertise-peer-urls=${member.peerUrl}`];
  await run(tool, args, { env: { ...process.env, ETCDCTL_API: '3' }, maxBuffer: 16 * 1024 * 1024 }).catch((err: { stderr?: string; message: string }) => {
    throw new Error(`${tool} snapshot restore ${snapshot} failed: ${err.stderr?.trim() || err.message}`);
  });
}

/** `name` in the directory of `binary`, or on the PATH when `binary` is a bare name; undefined when absent. */
function sibling(binary: string, name: string): string | undefined {
  const dirs = binary.includes('/') ? [dirname(binary)] : (process.env.PATH ?? '').split(delimiter).filter((d) => d);
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
}
