import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
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
