import type { KubeObject, Release } from '../../src/model';

/**
 * What the vCluster v0.21.6 syncer derives from its config.yaml, and what the rendered objects imply it must derive,
 * for the check every rendered config Secret goes through (syncer-schema-setup.ts). The rules follow the syncer's
 * source at tag v0.21.6 (loft-sh/vcluster), cited at each one. A key missing from config.yaml is Go's zero value
 * there: the syncer fills in no defaults (pkg/config/parse.go parses strictly; pkg/config/validation.go only checks).
 */

type Json = Record<string, any>;

/** The settings the checks compare. */
export interface SyncerSettings {
  /** config/config.go, BackingStoreType(): embedded etcd, then deployed etcd, then the databases; none is embedded-database. */
  readonly storeType: 'embedded-etcd' | 'external-etcd' | 'embedded-database' | 'external-database';
  /** pkg/k8s/k8s.go, StartK8S: the Service whose name the apiserver's --etcd-servers holds, for a deployed etcd. */
  readonly etcdService?: string;
  /** Whether the chart's etcd StatefulSet is meant to exist (`etcd.deploy.statefulSet.enabled`). */
  readonly etcdStatefulSet?: boolean;
  /** config/config.go, ControlPlaneHighAvailability.Replicas (leader election when > 1, pkg/config/config.go). */
  readonly replicas: number;
  /** pkg/config/config.go, LegacyOptions: Port, where the syncer serves the API the Service and probes reach. */
  readonly proxyPort: number;
  /** pkg/config/config.go, LegacyOptions: ClusterDomain, used in the DNS of every synced pod. */
  readonly clusterDomain: string;
  /** pkg/config/validation.go: the workload ServiceAccount's name, `vc-workload-NAME` when empty. */
  readonly workloadServiceAccount: string;
  /** Whether a ServiceAccount of that name is to be rendered (`controlPlane.advanced.workloadServiceAccount.enabled`). */
  readonly workloadServiceAccountRendered: boolean;
}

const at = (value: unknown, path: readonly string[]): any => path.reduce<any>((node, key) => node?.[key], value);

/** The syncer's side: what it derives from config.yaml for the vCluster `name`. */
export function deriveFromConfig(values: Json, name: string): SyncerSettings {
  const store = values.controlPlane?.backingStore ?? {};
  const deploy = store.etcd?.deploy ?? {};
  const storeType = store.etcd?.embedded?.enabled ? 'embedded-etcd'
    : deploy.enabled ? 'external-etcd'
      : store.database?.embedded?.enabled ? 'embedded-database'
        : store.database?.external?.enabled ? 'external-database' : 'embedded-database';
  const workload = values.controlPlane?.advanced?.workloadServiceAccount ?? {};
  return {
    storeType,
    ...(storeType === 'external-etcd' ? {
      etcdService: deploy.service?.enabled ? `${name}-etcd` : `${name}-etcd-headless`,
      etcdStatefulSet: Boolean(deploy.statefulSet?.enabled),
    } : {}),
    replicas: values.controlPlane?.statefulSet?.highAvailability?.replicas ?? 0,
    proxyPort: values.controlPlane?.proxy?.port ?? 0,
    clusterDomain: values.networking?.advanced?.clusterDomain ?? '',
    workloadServiceAccount: workload.name || `vc-workload-${name}`,
    workloadServiceAccountRendered: Boolean(workload.enabled),
  };
}

/**
 * The objects' side: what the syncer must derive for the rendered objects to work, given the user's values (a key
 * the user set wins over the chart's default).
 */
export function expectedFromObjects(objects: readonly KubeObject[], release: Release, userValues: Json): SyncerSettings {
  const find = (kind: string, name: string): Json | undefined => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const workload = objects.find((o) => /^(StatefulSet|Deployment)$/.test(o.kind) && o.metadata.name === release.name) as Json | undefined;
  if (!workload) throw new Error(`no control plane StatefulSet or Deployment ${release.name} was rendered`);
  const pod = workload.spec.template.spec;
  const servedInPod = pod.containers.some((c: Json) => c.name === 'storage');
  const etcdStatefulSet = Boolean(find('StatefulSet', `${release.name}-etcd`));
  if (!servedInPod && !etcdStatefulSet) throw new Error('nothing serves the store: no storage container and no StatefulSet NAME-etcd');
  // The Service the apiserver dials must exist and select the pods that serve the store.
  const storePods = servedInPod ? 'vcluster' : 'vcluster-etcd';
  const etcdService = [`${release.name}-etcd`, `${release.name}-etcd-headless`]
    .find((name) => find('Service', name)?.spec.selector?.app === storePods);
  const serviceAccounts = objects.filter((o) => o.kind === 'ServiceAccount' && o.metadata.name !== pod.serviceAccountName);
  const workloadAccount = at(userValues, ['controlPlane', 'advanced', 'workloadServiceAccount']) ?? {};
  return {
    storeType: 'external-etcd',
    etcdService,
    etcdStatefulSet,
    replicas: workload.spec.replicas,
    proxyPort: at(userValues, ['controlPlane', 'proxy', 'port']) ?? 8443,
    clusterDomain: at(userValues, ['networking', 'advanced', 'clusterDomain']) ?? 'cluster.local',
    workloadServiceAccount: serviceAccounts[0]?.metadata.name ?? (workloadAccount.name || `vc-workload-${release.name}`),
    workloadServiceAccountRendered: serviceAccounts.length > 0,
  };
}

/**
 * What pkg/config/validation.go (ValidateConfigAndSetDefaults) refuses, for the rules a rendered config could break:
 * the syncer stops at start with these.
 */
export function validationErrors(values: Json): string[] {
  const sync = values.sync ?? {};
  const virtualScheduler = Boolean(values.controlPlane?.advanced?.virtualScheduler?.enabled);
  const distros = ['k3s', 'k0s', 'k8s'].filter((d) => values.controlPlane?.distro?.[d]?.enabled);
  const pss = values.policies?.podSecurityStandard ?? '';
  const rules: [boolean, string][] = [
    [pss !== '' && !['privileged', 'baseline', 'restricted'].includes(pss), `invalid policies.podSecurityStandard ${pss}`],
    [deriveFromConfig(values, '').storeType === 'embedded-database' && (values.controlPlane?.statefulSet?.highAvailability?.replicas ?? 0) > 1,
      'embedded database is not supported with multiple replicas'],
    [virtualScheduler && !sync.fromHost?.nodes?.enabled, 'sync.fromHost.nodes.enabled is false, but required if using virtual scheduler'],
    [sync.fromHost?.storageClasses?.enabled === 'true' && Boolean(sync.toHost?.storageClasses?.enabled), 'storage classes synced both ways'],
    [Boolean(sync.fromHost?.priorityClasses?.enabled && sync.toHost?.priorityClasses?.enabled), 'priority classes synced both ways'],
    [Boolean(sync.toHost?.volumeSnapshots?.enabled) !== Boolean(sync.toHost?.volumeSnapshotContents?.enabled),
      'sync.toHost.volumeSnapshots and volumeSnapshotContents must be enabled together'],
    [distros.length > 1, 'only one distribution can be enabled'],
  ];
  return rules.filter(([broken]) => broken).map(([, message]) => message);
}

/**
 * The chart's sync switches (every `enabled` under `sync` in its values.yaml) whose value in config.yaml is not the
 * user's value, or the chart's default where the user set none: `path: found, expected`.
 */
export function syncSwitchMismatches(values: Json, userValues: Json, chartDefaults: Json): string[] {
  const mismatches: string[] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    for (const [key, child] of Object.entries(node)) {
      const here = [...path, key];
      if (key === 'enabled') {
        const expected = at(userValues, here) ?? child;
        const found = at(values, here);
        if (found !== expected) mismatches.push(`${here.join('.')}: ${JSON.stringify(found)}, expected ${JSON.stringify(expected)}`);
      } else {
        walk(child, here);
      }
    }
  };
  walk(chartDefaults.sync, ['sync']);
  return mismatches;
}
