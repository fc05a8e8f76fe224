import type { ResolvedConfig } from '../config';
import { chartValues } from './config-secret';
import { names, objectMeta, serviceAccountName } from './metadata';
import { binding, extraRules, rule, RBAC_API_VERSION, VERBS, type PolicyRule } from './rbac-rules';
import { truthy } from './template-truth';
import type { KubeObject, Release } from './types';

/**
 * The syncer's access to its own namespace (chart/templates/role.yaml at v0.21.6): Role `vc-NAME`, or in
 * multi-namespace mode ClusterRole `vc-mn-NAME-v-NAMESPACE`, since the syncer then writes to namespaces it creates.
 * `rbac.role.overwriteRules` replaces every rule; `rbac.role.enabled: false` leaves both the role and its binding to
 * the user. Reading StatefulSets is also what the etcd manager needs to learn the desired member count.
 */
export function role(config: ResolvedConfig, release: Release): KubeObject | undefined {
  const values = chartValues(config);
  if (!truthy(values.rbac.role.enabled)) return undefined;
  const multiNamespace = multiNamespaceMode(config);
  const overwrite = values.rbac.role.overwriteRules;
  return {
    apiVersion: RBAC_API_VERSION,
    kind: multiNamespace ? 'ClusterRole' : 'Role',
    metadata: roleMeta(config, release),
    rules: truthy(overwrite) ? overwrite : roleRules(config),
  };
}

/** The binding of the role to the control plane's ServiceAccount: RoleBinding `vc-NAME`, or the multi-namespace ClusterRoleBinding. */
export function roleBinding(config: ResolvedConfig, release: Release): KubeObject | undefined {
  if (!truthy(chartValues(config).rbac.role.enabled)) return undefined;
  const multiNamespace = multiNamespaceMode(config);
  return binding(
    multiNamespace ? 'ClusterRoleBinding' : 'RoleBinding',
    roleMeta(config, release),
    { name: serviceAccountName(config, release), namespace: release.namespace },
    { kind: multiNamespace ? 'ClusterRole' : 'Role', name: roleName(config, release) },
  );
}

function multiNamespaceMode(config: ResolvedConfig): boolean {
  return truthy(chartValues(config).experimental.multiNamespaceMode.enabled);
}

function roleName(config: ResolvedConfig, release: Release): string {
  return multiNamespaceMode(config) ? names(release).multiNamespaceRole : names(release).role;
}

function roleMeta(config: ResolvedConfig, release: Release) {
  return objectMeta(config, release, roleName(config, release), { namespace: multiNamespaceMode(config) ? null : undefined });
}

/** The chart's rules, each where the setting it serves is on. */
function roleRules(config: ResolvedConfig): PolicyRule[] {
  const values = chartValues(config);
  const toHost = values.sync.toHost;
  const { metricsServer, kubeVirt, externalSecrets } = values.integrations;
  const when = (condition: unknown, ...rules: PolicyRule[]) => (truthy(condition) ? rules : []);
  const all = (apiGroup: string, ...resources: string[]) => rule([apiGroup], resources, VERBS.all);
  return [
    rule([''], ['configmaps', 'secrets', 'services', 'pods', 'pods/attach', 'pods/portforward', 'pods/exec', 'persistentvolumeclaims'], VERBS.all),
    rule([''], ['pods/status', 'pods/ephemeralcontainers'], ['patch', 'update']),
    rule(['apps'], ['statefulsets', 'replicasets', 'deployments'], VERBS.read),
    rule([''], ['endpoints', 'events', 'pods/log'], VERBS.read),
    // The syncer writes the endpoints of the Service it points at the virtual apiserver (and, synced, the guests').
    ...when(truthy(toHost.endpoints.enabled) || truthy(values.experimental.isolatedControlPlane.headless), rule([''], ['endpoints'], VERBS.write)),
    // Leader election between replicas.
    ...when(Number(config.controlPlane.statefulSet.highAvailability.replicas) > 1, all('coordination.k8s.io', 'leases')),
    ...when(truthy(metricsServer.enabled) && truthy(metricsServer.pods), rule(['metrics.k8s.io'], ['pods'], VERBS.getList)),
    ...when(toHost.ingresses.enabled, all('networking.k8s.io', 'ingresses')),
    ...when(toHost.networkPolicies.enabled, all('networking.k8s.io', 'networkpolicies')),
    ...when(toHost.volumeSnapshots.enabled, all('snapshot.storage.k8s.io', 'volumesnapshots')),
    ...when(toHost.serviceAccounts.enabled, all('', 'serviceaccounts')),
    ...when(toHost.podDisruptionBudgets.enabled, all('policy', 'poddisruptionbudgets')),
    ...when(kubeVirt.enabled,
      all('subresources.kubevirt.io', '*'),
      all('pool.kubevirt.io', 'virtualmachinepools', 'virtualmachinepools/status'),
      all('clone.kubevirt.io', 'virtualmachineclones', 'virtualmachineclones/status'),
      all('cdi.kubevirt.io', 'datavolumes', 'datavolumes/status'),
      all('kubevirt.io', 'virtualmachines', 'virtualmachines/status', 'virtualmachineinstances', 'virtualmachineinstances/status',
        'virtualmachineinstancemigrations', 'virtualmachineinstancemigrations/status')),
    ...when(truthy(externalSecrets.enabled) && truthy(externalSecrets.sync.externalSecrets.enabled), all('external-secrets.io', 'externalsecrets')),
    ...when(truthy(externalSecrets.enabled) && truthy(externalSecrets.sync.stores.enabled), all('external-secrets.io', 'secretstores')),
    ...extraRules(values, 'role'),
  ];
}
