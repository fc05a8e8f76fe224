import type { ResolvedConfig } from '../config';
import { serviceAccountName } from './control-plane';
import { names, objectMeta } from './metadata';
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

function serviceAccountValues(config: ResolvedConfig): ServiceAccountValues {
  const cp = config.values.controlPlane as { advanced?: { serviceAccount?: ServiceAccountValues } } | undefined;
  return cp?.advanced?.serviceAccount ?? {};
}

/** ServiceAccount `vc-NAME` (or the name set in controlPlane.advanced.serviceAccount). */
export function serviceAccount(config: ResolvedConfig, release: Release): KubeObject | undefined {
  const sa = serviceAccountValues(config);
  if (sa.enabled === false) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta(config, release, serviceAccountName(config, release), { labels: sa.labels, annotations: sa.annotations }),
    ...(sa.imagePullSecrets?.length ? { imagePullSecrets: sa.imagePullSecrets } : {}),
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
