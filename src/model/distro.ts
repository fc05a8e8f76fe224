import type { ResolvedConfig } from '../config';
import { DATA_DIR, PKI, SQLITE_PATH } from '../contract';

/** The Kubernetes distro the syncer runs in the control plane pod. */
export type DistroName = 'k8s' | 'k3s' | 'k0s';

/** The chart's `vcluster.distro`: the enabled distro, k8s when none is (the config refuses more than one). */
export function distroOf(config: ResolvedConfig): DistroName {
  const d = config.controlPlane.distro;
  if (d.k3s.enabled) return 'k3s';
  if (d.k0s.enabled) return 'k0s';
  return 'k8s';
}

/** Certificate paths the store is served with: the syncer's etcd CA and server certificate (docs/runtime-contract.md). */
export interface StorePki {
  readonly etcdCa: string;
  readonly etcdCaKey: string;
  readonly etcdServerCert: string;
  readonly etcdServerKey: string;
}

/** Where a distro's files are on the data volume: what our runtime must read or keep where the distro would. */
interface DistroPaths {
  /** Where the syncer generates the certificates for this distro (`GenerateCerts` in pkg/setup/initialize.go). */
  readonly pkiDir: string;
  /** Where the distro, run as the chart runs it, keeps its SQLite database: a volume moved over opens as it is. */
  readonly sqlite: string;
}

const PATHS: Readonly<Record<DistroName, DistroPaths>> = {
  // The syncer's own kine (pkg/k8s/k8s.go).
  k8s: { pkiDir: PKI.dir, sqlite: SQLITE_PATH },
  // `k3s server --data-dir=/data` (pkg/k3s/k3s.go) keeps its kine database under server/db.
  k3s: { pkiDir: PKI.dir, sqlite: `${DATA_DIR}/server/db/state.db` },
  // `k0s controller --data-dir=/data/k0s` (pkg/k0s/k0s.go): certificates in its pki, kine's database in db.
  k0s: { pkiDir: `${DATA_DIR}/k0s/pki`, sqlite: `${DATA_DIR}/k0s/db/state.db` },
};

/** The SQLite database of the control plane's distro: what `vck storage` serves, and what embedded etcd migrates from. */
export function sqlitePath(config: ResolvedConfig): string {
  return PATHS[distroOf(config)].sqlite;
}

/** The syncer's etcd certificates for the control plane's distro. */
export function storePki(config: ResolvedConfig): StorePki {
  const dir = PATHS[distroOf(config)].pkiDir;
  const relocate = (path: string) => `${dir}${path.slice(PKI.dir.length)}`;
  return {
    etcdCa: relocate(PKI.etcdCa),
    etcdCaKey: relocate(PKI.etcdCaKey),
    etcdServerCert: relocate(PKI.etcdServerCert),
    etcdServerKey: relocate(PKI.etcdServerKey),
  };
}

/** The distro's scratch volume, as the chart adds it to the pod and mounts it in the syncer, if it has one. */
const SCRATCH: Readonly<Partial<Record<DistroName, { name: string; mountPath: string }>>> = {
  // k0s's status socket and run state (`--status-socket=/run/k0s/status.sock`), cleared by the syncer on start.
  k0s: { name: 'run-k0s', mountPath: '/run/k0s' },
  // k3s's configuration directory (/etc/rancher/k3s), writable whatever the syncer image's filesystem.
  k3s: { name: 'k3s-config', mountPath: '/etc/rancher' },
};

/** The pod volumes the distro needs beside the chart's common ones. */
export function distroVolumes(config: ResolvedConfig): Record<string, unknown>[] {
  const scratch = SCRATCH[distroOf(config)];
  return scratch ? [{ name: scratch.name, emptyDir: {} }] : [];
}

/** The syncer's mounts of {@link distroVolumes}. */
export function distroVolumeMounts(config: ResolvedConfig): Record<string, unknown>[] {
  const scratch = SCRATCH[distroOf(config)];
  return scratch ? [{ name: scratch.name, mountPath: scratch.mountPath }] : [];
}

/** The distro's `env`, appended to the syncer's environment (the syncer starts the distro as its child). */
export function distroEnv(config: ResolvedConfig): readonly Record<string, unknown>[] {
  return config.controlPlane.distro[distroOf(config)].env;
}
