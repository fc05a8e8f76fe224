/**
 * The runtime contract: every name, port, path and flag that the rendered objects (model) and the runtime
 * image (`vck storage`, `vck etcd`) must agree on. Both sides import these constants; neither repeats them.
 *
 * @packageDocumentation
 */

/** The runtime image that runs `vck storage` and `vck etcd`. */
export const RUNTIME_IMAGE = {
  registry: 'ghcr.io',
  repository: 'vcluster-constructs/runtime',
  tag: '0.1.0',
} as const;

/** The vCluster release whose chart and syncer this library is compatible with (the syncer image tag). */
export const VCLUSTER_VERSION = '0.21.6';

/** The `vck` entry point inside the runtime image. */
export const RUNTIME_ENTRYPOINT = '/usr/local/bin/vck';

/**
 * Node.js options the runtime's processes start with. `--single-threaded-gc`: garbage is collected on the thread that
 * made it. With V8's default, four helper threads mark and sweep beside it and, on the one or two cores a store gets,
 * wait on one another: under the storage benchmark they spent a third of the shim's CPU (0.3 ms of its 0.9 ms per
 * operation). They are V8 flags, read once when the process starts: the entry point must pass them, the CLI cannot set
 * them itself.
 */
export const RUNTIME_NODE_OPTIONS = ['--single-threaded-gc'] as const;

/** The runtime image's entry point (RUNTIME_ENTRYPOINT): a shell script that runs the CLI `main` with `node`. */
export function runtimeEntrypointScript(node: string, main: string): string {
  return `#!/bin/sh\nexec ${[node, ...RUNTIME_NODE_OPTIONS, main].join(' ')} "$@"\n`;
}

/** Name of the sidecar container that serves the store in the control plane pod. */
export const STORAGE_CONTAINER_NAME = 'storage';

/** Port the store serves etcd clients on (the apiserver reaches it on 127.0.0.1 inside the pod). */
export const STORE_CLIENT_PORT = 2379;

/** Port etcd members talk to each other on. */
export const ETCD_PEER_PORT = 2380;

/** Port of the runtime's health (`/healthz`, `/readyz`) and Prometheus (`/metrics`) endpoints. */
export const RUNTIME_METRICS_PORT = 2381;

/** Where the control plane's (or an etcd pod's) data volume is mounted. */
export const DATA_DIR = '/data';

/** The embedded SQLite database, at the path vCluster and k3s use so existing volumes keep working. */
export const SQLITE_PATH = `${DATA_DIR}/state.db`;

/** The name a migrated SQLite database is renamed to once its data lives in etcd. */
export const SQLITE_MIGRATED_SUFFIX = '.migrated';

/** File in the data directory recording which kind of store owns it (the store guard). */
export const STORE_KIND_FILE = '.vck-store-kind';

/** The kinds of store a data directory can belong to. */
export type StoreKind = 'sqlite' | 'postgres' | 'mysql' | 'etcd';

/** etcd endpoint the apiserver uses when the store runs in the same pod. */
export const LOCAL_STORE_ENDPOINT = `http://127.0.0.1:${STORE_CLIENT_PORT}`;

/** Environment variables the runtime reads its identity and wiring from (set by the rendered pod spec). */
export const RUNTIME_ENV = {
  podName: 'POD_NAME',
  podIp: 'POD_IP',
  namespace: 'POD_NAMESPACE',
  /** Name of the StatefulSet whose replica count drives etcd membership. */
  statefulSet: 'VCK_STATEFULSET',
  /** Headless Service that gives each member a stable DNS name. */
  headlessService: 'VCK_HEADLESS_SERVICE',
  /** Data source of `vck storage`, when taken from a Secret rather than the command line. */
  storeEndpoint: 'VCK_STORE_ENDPOINT',
} as const;

/**
 * Certificates the syncer generates on the shared data volume (kubeadm layout). `vck storage` serves its clients with
 * the etcd server certificate, and `vck etcd` with a certificate it issues from the etcd CA's key; both trust the
 * etcd CA, so the apiserver's existing etcd client certificate works.
 */
export const PKI = {
  dir: `${DATA_DIR}/pki`,
  etcdCa: `${DATA_DIR}/pki/etcd/ca.crt`,
  etcdCaKey: `${DATA_DIR}/pki/etcd/ca.key`,
  etcdServerCert: `${DATA_DIR}/pki/etcd/server.crt`,
  etcdServerKey: `${DATA_DIR}/pki/etcd/server.key`,
} as const;

/** Key of the config Secret that holds an external database's data source when it was given inline. */
export const STORE_ENDPOINT_SECRET_KEY = 'store-endpoint';

/** `vck etcd` subcommand run by the preStop hook: leaves the cluster only when this ordinal is scaled away. */
export const ETCD_LEAVE_COMMAND = ['leave'] as const;
