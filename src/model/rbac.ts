import type { ResolvedConfig } from '../config';
import { names, objectMeta, serviceAccountName } from './metadata';
import type { KubeObject, Release } from './types';

const ALL = ['create', 'delete', 'patch', 'update', 'get', 'list', 'watch'];
const READ = ['get', 'list', 'watch'];

interface ServiceAccountValues {
  enabled?: boolean;
  name?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  imagePullSecrets?: Record<string, unknown>[];
}

function advancedValues(config: ResolvedConfig): { serviceAccount?: ServiceAccountValues; workloadServiceAccount?: ServiceAccountValues } {
  const cp = config.values.controlPlane as { advanced?: ReturnType<typeof advancedValues> } | undefined;
  return cp?.advanced ?? {};
}

/** ServiceAccount `vc-NAME` (or the name set in controlPlane.advanced.serviceAccount), as chart/templates/serviceaccount.yaml. */
export function serviceAccount(config: ResolvedConfig, release: Release): KubeObject | undefined {
  const sa = advancedValues(config).serviceAccount ?? {};
  return sa.enabled === false ? undefined : serviceAccountObject(config, release, serviceAccountName(config, release), sa, sa.imagePullSecrets ?? []);
}

/**
 * ServiceAccount `vc-workload-NAME` (or `controlPlane.advanced.workloadServiceAccount.name`), as the chart renders it
 * (chart/templates/workload-serviceaccount.yaml at v0.21.6, with the control plane's pull secrets before its own). The
 * syncer puts every pod it syncs to the host on this account (the same name by default: pkg/config/validation.go), so
 * without it every synced pod is refused.
 */
export function workloadServiceAccount(config: ResolvedConfig, release: Release): KubeObject | undefined {
  const advanced = advancedValues(config);
  const sa = advanced.workloadServiceAccount ?? {};
  if (sa.enabled === false) return undefined;
  const pullSecrets = [...advanced.serviceAccount?.imagePullSecrets ?? [], ...sa.imagePullSecrets ?? []];
  return serviceAccountObject(config, release, sa.name || names(release).workloadServiceAccount, sa, pullSecrets);
}

function serviceAccountObject(
  config: ResolvedConfig, release: Release, name: string, sa: ServiceAccountValues, imagePullSecrets: readonly Record<string, unknown>[],
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta(config, release, name, { labels: sa.labels, annotations: sa.annotations }),
    ...(imagePullSecrets.length > 0 ? { imagePullSecrets } : {}),
  };
}

/**
 * Role `vc-NAME`: what the syncer needs in its namespace (the chart's default rules). Reading StatefulSets is also
 * what the etcd manager needs to learn the desired replica count; leases are needed for leader election in HA.
 */
export function role(config: ResolvedConfig, release: Release): KubeObject {
  const ha = config.controlPlane.statefulSet.highAvailability.replicas > 1;
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: objectMeta(config, release, names(release).role),
    rules: [
      {
        apiGroups: [''],
        resources: ['configmaps', 'secrets', 'services', 'pods', 'pods/attach', 'pods/portforward', 'pods/exec', 'persistentvolumeclaims'],
        verbs: ALL,
      },
      { apiGroups: [''], resources: ['pods/status', 'pods/ephemeralcontainers'], verbs: ['patch', 'update'] },
      { apiGroups: ['apps'], resources: ['statefulsets', 'replicasets', 'deployments'], verbs: READ },
      { apiGroups: [''], resources: ['endpoints', 'events', 'pods/log'], verbs: READ },
      ...(ha ? [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ALL }] : []),
    ],
  };
}

/** RoleBinding `vc-NAME`: binds the Role to the control plane's ServiceAccount. */
export function roleBinding(config: ResolvedConfig, release: Release): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: objectMeta(config, release, names(release).role),
    subjects: [{ kind: 'ServiceAccount', name: serviceAccountName(config, release), namespace: release.namespace }],
    roleRef: { kind: 'Role', name: names(release).role, apiGroup: 'rbac.authorization.k8s.io' },
  };
}
