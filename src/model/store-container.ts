import type { ResolvedConfig } from '../config';
import {
  DATA_DIR, ETCD_LEAVE_COMMAND, ETCD_PEER_PORT, PKI, RUNTIME_ENTRYPOINT, RUNTIME_ENV, RUNTIME_METRICS_PORT,
  STORAGE_CONTAINER_NAME, STORE_CLIENT_PORT, STORE_ENDPOINT_SECRET_KEY,
} from '../contract';
import { databaseTlsWiring } from './database-tls';
import { sqlitePath, storePki, type StorePki } from './distro';
import { optional } from './fields';
import { imageName } from './images';
import { names } from './metadata';
import type { Release } from './types';

/**
 * The runtime container that serves the store: `vck storage` (SQLite, PostgreSQL, MySQL) or `vck etcd` (an etcd
 * member managed by the etcd manager). It serves the etcd API with TLS on STORE_CLIENT_PORT using the certificates
 * the syncer generates on the shared data volume (see docs/runtime-contract.md), where the syncer puts them for the
 * control plane's distro; a SQLite database is kept where that distro keeps it. An external database's own TLS files
 * come from the volumes the user added (see database-tls.ts).
 */
export function storeContainer(config: ResolvedConfig, release: Release, statefulSetName: string): Record<string, unknown> | undefined {
  const pki = storePki(config);
  // kine's names for the TLS of the etcd API it serves; --ca-file, --cert-file and --key-file are the database's.
  const tls = [`--trusted-ca-file=${pki.etcdCa}`, `--server-cert-file=${pki.etcdServerCert}`, `--server-key-file=${pki.etcdServerKey}`];
  const listen = [`--listen-address=https://0.0.0.0:${STORE_CLIENT_PORT}`, `--metrics-bind-address=0.0.0.0:${RUNTIME_METRICS_PORT}`];
  switch (config.store) {
    case 'database.embedded':
      return runtimeContainer(config, ['storage', `--endpoint=sqlite://${sqlitePath(config)}`, ...listen, ...tls], []);
    case 'database.external': {
      const database = databaseTlsWiring(config);
      return runtimeContainer(config, ['storage', ...listen, ...tls, ...database.args],
        [{ name: RUNTIME_ENV.storeEndpoint, valueFrom: { secretKeyRef: dataSourceRef(config, release) } }], database.volumeMounts);
    }
    case 'etcd.embedded':
      return etcdManagerContainer(config, release, {
        statefulSet: statefulSetName,
        headlessService: names(release).headlessService,
        migrate: config.controlPlane.backingStore.etcd.embedded.migrateFromDeployedEtcd,
        pki,
        // A control plane that had the SQLite store keeps its database on the same volume: the manager moves it into
        // etcd on ordinal 0's first start and renames it `state.db.migrated`; when the file is absent it does nothing.
        migrateFromSqlite: sqlitePath(config),
      });
    default:
      return undefined;
  }
}

/** Where `vck storage` reads an external database's data source: the user's Secret, or our copy in the config Secret. */
function dataSourceRef(config: ResolvedConfig, release: Release): { name: string; key: string } {
  const external = config.controlPlane.backingStore.database.external;
  return external.dataSourceSecret
    ? { name: external.dataSourceSecret.name, key: external.dataSourceSecret.key }
    : { name: names(release).configSecret, key: STORE_ENDPOINT_SECRET_KEY };
}

/** Where an etcd manager runs and what it adds to the runtime container. */
export interface EtcdManagerOptions {
  /** The StatefulSet whose replica count is the desired cluster size. */
  readonly statefulSet: string;
  /** The headless Service that gives each member its DNS name. */
  readonly headlessService: string;
  /** The etcd CA the member's certificate is issued from. @default PKI (the k8s and k3s layout) */
  readonly pki?: StorePki;
  /** Migrate the deployed etcd's data in on first start. */
  readonly migrate?: boolean;
  /** The volume root where a chart-installed etcd kept its data, adopted on first start. */
  readonly adoptDataFrom?: string;
  /** A kine SQLite database on the member's volume to move into etcd on first start, when it exists. */
  readonly migrateFromSqlite?: string;
  /** Extra etcd flags (`etcd.deploy.statefulSet.extraArgs`). */
  readonly etcdArgs?: readonly string[];
  /** Path of the etcd binary when it is not in the runtime image. */
  readonly etcdBinary?: string;
  readonly extraEnv?: readonly Record<string, unknown>[];
  readonly extraVolumeMounts?: readonly Record<string, unknown>[];
}

/** `vck etcd` as the sidecar of a control plane replica, or as the container of a `NAME-etcd` pod. */
export function etcdManagerContainer(config: ResolvedConfig, release: Release, options: EtcdManagerOptions): Record<string, unknown> {
  const pki = options.pki ?? PKI;
  const args = [
    'etcd',
    `--data-dir=${DATA_DIR}/etcd`,
    `--client-port=${STORE_CLIENT_PORT}`,
    `--peer-port=${ETCD_PEER_PORT}`,
    `--metrics-bind-address=0.0.0.0:${RUNTIME_METRICS_PORT}`,
    // The member's certificate is issued by the manager from the syncer's etcd CA, for exactly the names it is
    // reached at: its own DNS names and the client Services the apiserver dials.
    `--ca-file=${pki.etcdCa}`,
    `--ca-key-file=${pki.etcdCaKey}`,
    ...clientServiceNames(release).map((n) => `--san=${n}`),
    ...(options.etcdBinary ? [`--etcd-binary=${options.etcdBinary}`] : []),
    ...(options.migrate ? [`--migrate-from=https://${names(release).etcdHeadless}:${STORE_CLIENT_PORT}`] : []),
    ...(options.migrateFromSqlite ? [`--migrate-from-sqlite=${options.migrateFromSqlite}`] : []),
    ...(options.adoptDataFrom ? [`--adopt-data-from=${options.adoptDataFrom}`] : []),
    ...(options.etcdArgs ?? []).map((a) => `--etcd-arg=${a}`),
  ];
  const env = [
    { name: RUNTIME_ENV.podName, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: RUNTIME_ENV.podIp, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    { name: RUNTIME_ENV.namespace, valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    { name: RUNTIME_ENV.statefulSet, value: options.statefulSet },
    { name: RUNTIME_ENV.headlessService, value: options.headlessService },
    ...(options.extraEnv ?? []),
  ];
  return {
    ...runtimeContainer(config, args, env, options.extraVolumeMounts),
    ports: [
      { name: 'etcd', containerPort: STORE_CLIENT_PORT, protocol: 'TCP' },
      { name: 'peer', containerPort: ETCD_PEER_PORT, protocol: 'TCP' },
      { name: 'metrics', containerPort: RUNTIME_METRICS_PORT, protocol: 'TCP' },
    ],
    // Leaves the etcd cluster only when this ordinal is being scaled away; a plain restart keeps the member.
    lifecycle: { preStop: { exec: { command: [RUNTIME_ENTRYPOINT, 'etcd', ...ETCD_LEAVE_COMMAND] } } },
  };
}

/** The names of Services `NAME-etcd` and `NAME-etcd-headless` (the syncer's apiserver dials one of them) in the cluster. */
function clientServiceNames(release: Release): string[] {
  const ns = release.namespace;
  return [names(release).etcd, names(release).etcdHeadless].flatMap((s) => [s, `${s}.${ns}`, `${s}.${ns}.svc`, `${s}.${ns}.svc.cluster.local`]);
}

function runtimeContainer(
  config: ResolvedConfig,
  args: string[],
  env: readonly Record<string, unknown>[],
  extraMounts: readonly Record<string, unknown>[] = [],
): Record<string, unknown> {
  const probe = (path: string, failureThreshold: number) => ({
    httpGet: { path, port: RUNTIME_METRICS_PORT, scheme: 'HTTP' },
    periodSeconds: 5,
    failureThreshold,
  });
  return {
    name: STORAGE_CONTAINER_NAME,
    image: imageName(config, config.runtime.image),
    ...optional('imagePullPolicy', config.runtime.imagePullPolicy || undefined),
    command: [RUNTIME_ENTRYPOINT],
    args,
    ...(env.length > 0 ? { env } : {}),
    ports: [
      { name: 'etcd', containerPort: STORE_CLIENT_PORT, protocol: 'TCP' },
      { name: 'metrics', containerPort: RUNTIME_METRICS_PORT, protocol: 'TCP' },
    ],
    startupProbe: probe('/readyz', 120),
    livenessProbe: probe('/healthz', 6),
    readinessProbe: probe('/readyz', 3),
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '1Gi' } },
    // Same uid as the syncer, which writes the certificates on the shared volume with mode 0600; every capability
    // is dropped and the root filesystem is read-only, so the uid grants nothing beyond reading those files.
    securityContext: {
      runAsUser: 0,
      runAsGroup: 0,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [{ name: 'data', mountPath: DATA_DIR }, ...extraMounts],
  };
}
