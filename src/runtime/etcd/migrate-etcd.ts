import { execFile } from 'child_process';
import { existsSync, mkdirSync, rmSync } from 'fs';
import { join } from 'path';
import { promisify } from 'util';
import { installMigratedData } from './migrated-data';
import { restoreSnapshot } from './snapshot-restore';

const run = promisify(execFile);

export interface EtcdMigration {
  /** Client URL of the deployed etcd (`https://NAME-etcd-headless:2379`). */
  readonly source: string;
  /** The member's data directory (etcd's own data is its `data` subdirectory). */
  readonly dataDir: string;
  readonly etcdctl: string;
  readonly name: string;
  readonly peerUrl: string;
  readonly clusterToken: string;
  /** Client certificate for the deployed etcd (the same CA signs both). */
  readonly tls?: { readonly caFile: string; readonly certFile: string; readonly keyFile: string };
  readonly log: (line: string) => void;
}

/**
 * Moves a deployed etcd's data into this member before its first start: a snapshot of the running etcd, restored as
 * a one-member cluster of this member (revisions, compaction point and leases are kept), in a scratch directory
 * that becomes the member's data by one rename. A member that already has data has nothing to migrate; a crash at any
 * step leaves no data, and the next start begins again. The deployed etcd is left as it is, to be removed by hand.
 */
export async function migrateDeployedEtcd(m: EtcdMigration): Promise<void> {
  if (existsSync(join(m.dataDir, 'data', 'member'))) return;
  const work = join(m.dataDir, 'migrating');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const snapshot = join(work, 'snapshot.db');
  const tls = m.tls ? [`--cacert=${m.tls.caFile}`, `--cert=${m.tls.certFile}`, `--key=${m.tls.keyFile}`] : [];
  const etcdctl = (args: string[]) => run(m.etcdctl, args, { env: { ...process.env, ETCDCTL_API: '3' }, maxBuffer: 16 * 1024 * 1024 })
    .catch((err: { stderr?: string; message: string }) => {
      throw new Error(`migration from ${m.source}: etcdctl ${args[0]} ${args[1] ?? ''} failed: ${err.stderr?.trim() || err.message}`);
    });
  m.log(`migration: taking a snapshot of ${m.source}`);
  await etcdctl([`--endpoints=${m.source}`, ...tls, '--command-timeout=10m', 'snapshot', 'save', snapshot]);
  await restoreSnapshot(m.etcdctl, snapshot, { name: m.name, peerUrl: m.peerUrl, clusterToken: m.clusterToken, dataDir: join(work, 'data') });
  installMigratedData(m.dataDir, `from the deployed etcd ${m.source}`);
  m.log(`migration: the deployed etcd's data restored as ${m.name}; remove the deployed etcd once the control plane is healthy`);
}
