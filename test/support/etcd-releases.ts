import { existsSync } from 'fs';
import { join } from 'path';
import { requireBinary } from './processes';

/** The binaries of one etcd release; etcdutl, in a release that has it (3.5 on), sits beside etcdctl. */
export interface EtcdRelease {
  readonly etcd: string;
  readonly etcdctl: string;
  /** The tool of offline snapshot commands (status, restore): etcdutl where the release has it, else etcdctl. */
  readonly snapshotTool: string;
}

/**
 * The releases the etcd tests run on: Debian 12's etcd 3.4 (installed on the PATH), and 3.5, the minor the runtime
 * image ships, which moved snapshot restores into etcdutl. scripts/test-deps.sh unpacks Debian 13's 3.5 packages
 * into the project's node_modules cache, beside nothing else of the machine's.
 */
export const ETCD_RELEASES = ['3.4', '3.5'] as const;
export type EtcdReleaseName = (typeof ETCD_RELEASES)[number];

const ETCD_35_BIN = join(__dirname, '..', '..', 'node_modules', '.cache', 'vck-test', 'etcd-3.5', 'usr', 'bin');

/** A release's binaries; one that is missing fails the test with the command that provides it. */
export function etcdRelease(name: EtcdReleaseName = '3.4'): EtcdRelease {
  if (name === '3.4') {
    const etcdctl = requireBinary('etcdctl');
    return { etcd: requireBinary('etcd'), etcdctl, snapshotTool: etcdctl };
  }
  const release = { etcd: join(ETCD_35_BIN, 'etcd'), etcdctl: join(ETCD_35_BIN, 'etcdctl'), snapshotTool: join(ETCD_35_BIN, 'etcdutl') };
  for (const binary of [release.etcd, release.etcdctl, release.snapshotTool]) {
    if (!existsSync(binary)) throw new Error(`${binary} is missing: run scripts/test-deps.sh (it unpacks Debian 13's etcd 3.5 there)`);
  }
  return release;
}
