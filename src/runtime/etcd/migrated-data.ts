import { renameSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

/** Written into migrated etcd data: its presence means the copy was complete and verified before it was installed. */
export const MIGRATED_MARKER = 'vck-migrated';

/**
 * Installs the etcd data a migration prepared in `DATA_DIR/migrating/data` as the member's data, by one rename: the
 * member sees complete data or none. The marker says where the data came from.
 */
export function installMigratedData(dataDir: string, origin: string): void {
  const work = join(dataDir, 'migrating');
  writeFileSync(join(work, 'data', MIGRATED_MARKER), `${new Date().toISOString()} ${origin}\n`);
  renameSync(join(work, 'data'), join(dataDir, 'data'));
  rmSync(work, { recursive: true, force: true });
}
