import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { DataDirView } from './decisions';

/** Where etcd keeps the member's data under the manager's data directory. */
export function etcdDataDir(dataDir: string): string {
  return join(dataDir, 'data');
}

/** Beside the data: the member ID it was written as, so a member tells its own data from a removed member's. */
const memberIdFile = (dataDir: string) => join(dataDir, 'member-id');

/** What the start decision needs to know of the data directory. */
export function viewDataDir(dataDir: string): DataDirView {
  const exists = existsSync(join(etcdDataDir(dataDir), 'member'));
  const file = memberIdFile(dataDir);
  const memberId = exists && existsSync(file) ? readFileSync(file, 'utf-8').trim() || undefined : undefined;
  return { exists, ...(memberId && { memberId }) };
}

/** Records the member ID the data belongs to (written to a temporary name and renamed: never half-written). */
export function recordMemberId(dataDir: string, id: string): void {
  const file = memberIdFile(dataDir);
  writeFileSync(`${file}.tmp`, `${id}\n`);
  renameSync(`${file}.tmp`, file);
}

/**
 * Moves the data of a member the cluster removed out of etcd's way, keeping it (`data.removed-TIMESTAMP`): it may
 * hold the only copy of writes a cluster rebuilt elsewhere lost, so it is never deleted. Answers where it went.
 */
export function setAsideData(dataDir: string, now = new Date()): string {
  const target = join(dataDir, `data.removed-${now.toISOString().replace(/[:.]/g, '-')}`);
  renameSync(etcdDataDir(dataDir), target);
  rmSync(memberIdFile(dataDir), { force: true });
  return target;
}

/**
 * Takes over the data of an etcd that kept it at the root of the same volume, as the chart's deployed etcd does
 * (`--data-dir=/var/lib/etcd`, the volume's mount point): its `member/` is moved, by one rename, to where this
 * manager keeps it, when this member has no data yet. The member keeps its ID and name (the pod's, as in the chart),
 * so it rejoins as itself. Answers whether it adopted anything.
 */
export function adoptVolumeRootData(dataDir: string, volumeRoot: string): boolean {
  const found = join(volumeRoot, 'member');
  if (viewDataDir(dataDir).exists || !existsSync(join(found, 'snap'))) return false;
  mkdirSync(etcdDataDir(dataDir), { recursive: true });
  renameSync(found, join(etcdDataDir(dataDir), 'member'));
  return true;
}
