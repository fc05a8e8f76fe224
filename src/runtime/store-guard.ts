import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import { STORE_KIND_FILE, type StoreKind } from '../contract';

/**
 * Records which kind of store owns a data directory, and refuses to start another kind against it: a cluster
 * whose store changed would come up empty (or worse, half-migrated), so the mistake is stopped at start-up.
 */
export function claimDataDir(dir: string, kind: StoreKind): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, STORE_KIND_FILE);
  if (existsSync(file)) {
    const recorded = readFileSync(file, 'utf-8').trim();
    if (recorded !== kind) {
      throw new Error(`the data directory ${dir} belongs to the ${recorded} store, not to ${kind}: `
        + 'changing the backing store of an existing virtual cluster is not supported (its data would not follow). '
        + `Keep the ${recorded} backing store in the configuration; the only supported changes are the migrations `
        + 'from SQLite and from a deployed etcd into embedded etcd, which the etcd manager performs.');
    }
    return;
  }
  // Written to a temporary name and renamed, so a crash never leaves a half-written record.
  writeFileSync(`${file}.tmp`, `${kind}\n`);
  renameSync(`${file}.tmp`, file);
}
