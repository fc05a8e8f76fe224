import type { ResolvedConfig } from '../config';
import { coveringMount, DATABASE_TLS_FILES } from '../config/database-tls';

/** The `vck storage` flag of each file: kine's names, as vCluster passes them. */
const FLAGS = { caFile: '--ca-file', certFile: '--cert-file', keyFile: '--key-file' } as const;

/** What the external database's TLS adds to the storage container: its flags, and the mounts its files come from. */
export interface DatabaseTlsWiring {
  readonly args: readonly string[];
  readonly volumeMounts: readonly Record<string, unknown>[];
}

/**
 * The TLS files of an external database (`database.external.caFile`, `certFile`, `keyFile`), which vCluster v0.21.6
 * passes to kine as `--ca-file`, `--cert-file`, `--key-file` (pkg/k8s/k8s.go), for `vck storage`. The files are never
 * inline: as with the chart, the user adds the volume (a Secret) with `persistence.addVolumes` and mounts it in the
 * syncer with `persistence.addVolumeMounts`; the storage container mounts the same volume at the same path, read-only,
 * so each path means the same file in both. (Resolving refused a file outside every added mount.)
 */
export function databaseTlsWiring(config: ResolvedConfig): DatabaseTlsWiring {
  const external = config.controlPlane.backingStore.database.external;
  const mounts = config.controlPlane.statefulSet.persistence.addVolumeMounts;
  const args: string[] = [];
  const volumeMounts: Record<string, unknown>[] = [];
  for (const field of DATABASE_TLS_FILES) {
    const mount = external[field] === '' ? undefined : coveringMount(external[field], mounts);
    if (!mount) continue;
    args.push(`${FLAGS[field]}=${external[field]}`);
    if (!volumeMounts.some((m) => m.mountPath === mount.mountPath)) volumeMounts.push({ ...mount, readOnly: true });
  }
  return { args, volumeMounts };
}
