import type { ResolvedConfig } from '../config';
import { chartValues } from './config-secret';
import { names, objectMeta, serviceAccountName } from './metadata';
import { binding, declaredExtraRules, extraRules, rule, RBAC_API_VERSION, VERBS, type PolicyRule } from './rbac-rules';
import { isTrue, truthy } from './template-truth';
import type { KubeObject, Release } from './types';

/**
 * Whether ClusterRole `vc-NAME-v-NAMESPACE` is rendered (chart/templates/_rbac.tpl at v0.21.6): `rbac.clusterRole.enabled`
 * true, or `auto` (the default) with any setting that needs cluster-scoped access: host nodes, storage classes and the
 * like synced, the virtual scheduler, services replicated from the host, integrations, custom resources, rules.
 */
export function clusterRoleEnabled(config: ResolvedConfig): boolean {
  const values = chartValues(config);
  const enabled = String(values.rbac.clusterRole.enabled);
  if (enabled === 'true') return true;
  if (enabled !== 'auto') return false;
  const { sync, integrations } = values;
  return [
    values.rbac.clusterRole.overwriteRules,
    declaredExtraRules(values, 'clusterRole'),
    values.networking.replicateServices.fromHost,
    values.pro,
    sync.toHost.storageClasses.enabled,
    values.experimental.isolatedControlPlane.enabled,
    sync.toHost.persistentVolumes.enabled,
    sync.toHost.priorityClasses.enabled,
    sync.fromHost.priorityClasses.enabled,
    sync.toHost.volumeSnapshotContents.enabled,
    sync.fromHost.volumeSnapshotClasses.enabled,
    values.controlPlane.advanced.virtualScheduler.enabled,
    sync.fromHost.ingressClasses.enabled,
    sync.fromHost.runtimeClasses.enabled,
    isTrue(sync.fromHost.storageClasses.enabled),
    isTrue(sync.fromHost.csiNodes.enabled),
    isTrue(sync.fromHost.csiDrivers.enabled),
    isTrue(sync.fromHost.csiStorageCapacities.enabled),
    sync.fromHost.nodes.enabled,
    sync.toHost.customResources,
    sync.fromHost.customResources,
    integrations.kubeVirt.enabled,
    integrations.externalSecrets.enabled,
    truthy(integrations.metricsServer.enabled) && truthy(integrations.metricsServer.nodes),
    values.experimental.multiNamespaceMode.enabled,
  ].some(truthy);
}

/** ClusterRole `vc-NAME-v-NAMESPACE`: the syncer's cluster-scoped access; `rbac.clusterRole.overwriteRules` replaces every rule. */
export function clusterRole(config: ResolvedConfig, release: Release): KubeObject | undefined {
  if (!clusterRoleEnabled(config)) return undefined;
  const overwrite = chartValues(config).rbac.clusterRole.overwriteRules;
  return {
    apiVersion: RBAC_API_VERSION,
    kind: 'ClusterRole',
    metadata: objectMeta(config, release, names(release).clusterRole, { namespace: null }),
    rules: truthy(overwrite) ? overwrite : clusterRoleRules(config),
  };
}

/** ClusterRoleBinding `vc-NAME-v-NAMESPACE`: binds the ClusterRole to the control plane's ServiceAccount. */
export function clusterRoleBinding(config: ResolvedConfig, release: Release): KubeObject | undefined {
  if (!clusterRoleEnabled(config)) return undefined;
  const name = names(release).clusterRole;
  return binding(
    'ClusterRoleBinding',
    objectMeta(config, release, name, { namespace: null }),
    { name: serviceAccountName(config, release), namespace: release.namespace },
    { kind: 'ClusterRole', name },
  );
}

/** The chart's rules, each where the setting it serves is on, in its order. */
function clusterRoleRules(config: ResolvedConfig): PolicyRule[] {
  const values = chartValues(config);
  const { sync, integrations, experimental } = values;
  const { nodes } = sync.fromHost;
  const { kubeVirt, externalSecrets, metricsServer } = integrations;
  const when = (condition: unknown, ...rules: PolicyRule[]) => (truthy(condition) ? rules : []);
  const read = (apiGroup: string, ...resources: string[]) => rule([apiGroup], resources, VERBS.readWatchList);
  const storage = (resource: string) => read('storage.k8s.io', resource);
  return [
    ...when(values.pro,
      rule(['cluster.loft.sh', 'storage.loft.sh'], ['features', 'virtualclusters'], VERBS.read),
      rule(['management.loft.sh'], ['virtualclusterinstances'], ['get'])),
    ...when(truthy(values.pro) || truthy(nodes.enabled), read('', 'pods', 'nodes', 'nodes/status', 'nodes/metrics', 'nodes/stats', 'nodes/proxy')),
    ...when(experimental.isolatedControlPlane.enabled, read('', 'nodes')),
    ...when(truthy(nodes.enabled) && truthy(nodes.syncBackChanges), rule([''], ['nodes', 'nodes/status'], ['update', 'patch'])),
    ...when(values.controlPlane.advanced.virtualScheduler.enabled,
      read('storage.k8s.io', 'storageclasses', 'csinodes', 'csidrivers', 'csistoragecapacities')),
    ...when(isTrue(sync.fromHost.storageClasses.enabled), storage('storageclasses')),
    ...when(isTrue(sync.fromHost.csiNodes.enabled), storage('csinodes')),
    ...when(isTrue(sync.fromHost.csiDrivers.enabled), storage('csidrivers')),
    ...when(isTrue(sync.fromHost.csiStorageCapacities.enabled), storage('csistoragecapacities')),
    ...when(sync.toHost.persistentVolumes.enabled, rule([''], ['persistentvolumes'], VERBS.allWatchList)),
    ...when(sync.fromHost.ingressClasses.enabled, read('networking.k8s.io', 'ingressclasses')),
    // The chart writes `nodes.k8s.io`, a group that does not exist, so the syncer could not read RuntimeClasses
    // (fixed in the chart after v0.21.6): the real group here.
    ...when(sync.fromHost.runtimeClasses.enabled, read('node.k8s.io', 'runtimeclasses')),
    ...when(sync.toHost.storageClasses.enabled, rule(['storage.k8s.io'], ['storageclasses'], VERBS.allWatchList)),
    ...when(truthy(sync.toHost.priorityClasses.enabled) || truthy(sync.fromHost.priorityClasses.enabled),
      rule(['scheduling.k8s.io'], ['priorityclasses'], VERBS.all)),
    ...when(sync.fromHost.volumeSnapshotClasses.enabled, rule(['snapshot.storage.k8s.io'], ['volumesnapshotclasses'], VERBS.read)),
    ...when(sync.toHost.volumeSnapshotContents.enabled, rule(['snapshot.storage.k8s.io'], ['volumesnapshotcontents'], VERBS.all)),
    ...when(values.networking.replicateServices.fromHost, read('', 'services', 'endpoints')),
    ...when(experimental.multiNamespaceMode.enabled, rule([''], ['namespaces', 'serviceaccounts'], VERBS.allWatchList)),
    ...when(truthy(metricsServer.enabled) && truthy(metricsServer.nodes), rule(['metrics.k8s.io'], ['nodes'], VERBS.getList)),
    ...when([kubeVirt, externalSecrets].some((integration) => truthy(integration.enabled) && truthy(integration.webhook.enabled)),
      rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], VERBS.read)),
    ...when([kubeVirt.enabled, externalSecrets.enabled, sync.toHost.customResources, sync.fromHost.customResources].some(truthy),
      rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], VERBS.read)),
    ...when(truthy(externalSecrets.enabled) && truthy(externalSecrets.sync.clusterStores.enabled),
      rule(['external-secrets.io'], ['clustersecretstores'], VERBS.read)),
    ...extraRules(values, 'clusterRole'),
  ];
}
