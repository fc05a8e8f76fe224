import { posix } from 'path';
import type { ConfigProblem, StoreChoice } from './types';
import type { ResolvedControlPlane } from './value-types';

const EXTERNAL = 'controlPlane.backingStore.database.external';
const ADD_VOLUME_MOUNTS = 'controlPlane.statefulSet.persistence.addVolumeMounts';

/** The TLS files of an external database, in the order `vck storage` is given them. */
export const DATABASE_TLS_FILES = ['caFile', 'certFile', 'keyFile'] as const;

/**
 * The added volume mount a file is read through: the deepest whose mount path is the file's path or one of its
 * directories, as in the container. Undefined for a relative path, which no mount covers.
 */
export function coveringMount(file: string, mounts: readonly Record<string, unknown>[]): Record<string, unknown> | undefined {
  if (!posix.isAbsolute(file)) return undefined;
  const path = posix.normalize(file);
  const covers = (mountPath: string) => path === mountPath || path.startsWith(`${mountPath.replace(/\/+$/, '')}/`);
  return mounts
    .filter((m) => typeof m.mountPath === 'string' && posix.isAbsolute(m.mountPath) && covers(posix.normalize(m.mountPath)))
    .sort((a, b) => String(b.mountPath).length - String(a.mountPath).length)[0];
}

/**
 * The external database's TLS files are read by the storage container through the volumes the user added to the
 * syncer (see the model's database-tls.ts): each must lie in one, and a client certificate needs its key.
 */
export function databaseTlsProblems(cp: ResolvedControlPlane, store: StoreChoice): ConfigProblem[] {
  if (store !== 'database.external') return [];
  const external = cp.backingStore.database.external;
  const problems: ConfigProblem[] = [];
  if (!external.certFile !== !external.keyFile) {
    problems.push({
      path: `${EXTERNAL}.${external.certFile ? 'keyFile' : 'certFile'}`,
      message: 'certFile and keyFile go together (the client certificate presented to the database and its key): set both, or neither',
    });
  }
  for (const field of DATABASE_TLS_FILES) {
    const file = external[field];
    if (file === '' || coveringMount(file, cp.statefulSet.persistence.addVolumeMounts)) continue;
    problems.push({
      path: `${EXTERNAL}.${field}`,
      message: `${file} is in no volume mounted with ${ADD_VOLUME_MOUNTS}: give an absolute path inside one, after adding the `
        + `Secret that holds the file to persistence.addVolumes and mounting it there (e.g. at ${posix.isAbsolute(file) ? posix.dirname(file) : '/db-tls'})`,
    });
  }
  return problems;
}
