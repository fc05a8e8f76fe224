import type { ConfigProblem } from './types';
import { isPlainObject } from './values';

/**
 * Keys of the values format before vCluster v0.20 (`syncer.*`, `embeddedEtcd.*`, `isolation`, `sync.<resource>`...),
 * which the v0.21.6 syncer no longer reads. A key with one new home is moved there, with a warning that shows the new
 * form; a key whose meaning spreads over several new keys (or has none) is refused with the new form to write. The
 * table follows vCluster's own conversion of such values (config/legacyconfig/migrate.go at v0.21.6).
 */

const SOURCE = 'key of vCluster < 0.20';

/** A key moved as is, or through `convert` where the new key spells the same setting differently. */
interface Move {
  readonly to: string;
  readonly convert?: (value: unknown) => unknown;
}

/** Old path to its new home. */
const MOVES: Readonly<Record<string, Move>> = {
  ...prefixed('embeddedEtcd', {
    enabled: 'controlPlane.backingStore.etcd.embedded.enabled',
    migrateFromEtcd: 'controlPlane.backingStore.etcd.embedded.migrateFromDeployedEtcd',
  }),
  ...prefixed('syncer', {
    'replicas': 'controlPlane.statefulSet.highAvailability.replicas',
    'imagePullPolicy': 'controlPlane.statefulSet.imagePullPolicy',
    'env': 'controlPlane.statefulSet.env',
    'resources': 'controlPlane.statefulSet.resources',
    'labels': 'controlPlane.statefulSet.labels',
    'annotations': 'controlPlane.statefulSet.annotations',
    'podLabels': 'controlPlane.statefulSet.pods.labels',
    'podAnnotations': 'controlPlane.statefulSet.pods.annotations',
    'priorityClassName': 'controlPlane.statefulSet.scheduling.priorityClassName',
    'nodeSelector': 'controlPlane.statefulSet.scheduling.nodeSelector',
    'affinity': 'controlPlane.statefulSet.scheduling.affinity',
    'tolerations': 'controlPlane.statefulSet.scheduling.tolerations',
    'securityContext': 'controlPlane.statefulSet.security.containerSecurityContext',
    'podSecurityContext': 'controlPlane.statefulSet.security.podSecurityContext',
    'volumes': 'controlPlane.statefulSet.persistence.addVolumes',
    'extraVolumeMounts': 'controlPlane.statefulSet.persistence.addVolumeMounts',
    'livenessProbe.enabled': 'controlPlane.statefulSet.probes.livenessProbe.enabled',
    'storage.size': 'controlPlane.statefulSet.persistence.volumeClaim.size',
    'storage.className': 'controlPlane.statefulSet.persistence.volumeClaim.storageClass',
    'storage.persistence': 'controlPlane.statefulSet.persistence.volumeClaim.enabled',
    'storage.binariesVolume': 'controlPlane.statefulSet.persistence.binariesVolume',
    'serviceAnnotations': 'controlPlane.service.annotations',
    'kubeConfigContextName': 'exportKubeConfig.context',
  }),
  ...prefixed('storage', {
    size: 'controlPlane.statefulSet.persistence.volumeClaim.size',
    className: 'controlPlane.statefulSet.persistence.volumeClaim.storageClass',
    persistence: 'controlPlane.statefulSet.persistence.volumeClaim.enabled',
    binariesVolume: 'controlPlane.statefulSet.persistence.binariesVolume',
  }),
  ...prefixed('api', { extraArgs: 'controlPlane.distro.k8s.apiServer.extraArgs', imagePullPolicy: 'controlPlane.distro.k8s.apiServer.imagePullPolicy' }),
  ...prefixed('controller', {
    extraArgs: 'controlPlane.distro.k8s.controllerManager.extraArgs',
    imagePullPolicy: 'controlPlane.distro.k8s.controllerManager.imagePullPolicy',
  }),
  ...prefixed('scheduler', { extraArgs: 'controlPlane.distro.k8s.scheduler.extraArgs', imagePullPolicy: 'controlPlane.distro.k8s.scheduler.imagePullPolicy' }),
  ...prefixed('etcd', {
    'replicas': 'controlPlane.backingStore.etcd.deploy.statefulSet.highAvailability.replicas',
    'imagePullPolicy': 'controlPlane.backingStore.etcd.deploy.statefulSet.imagePullPolicy',
    'extraArgs': 'controlPlane.backingStore.etcd.deploy.statefulSet.extraArgs',
    'resources': 'controlPlane.backingStore.etcd.deploy.statefulSet.resources',
    'volumes': 'controlPlane.backingStore.etcd.deploy.statefulSet.persistence.addVolumes',
    'priorityClassName': 'controlPlane.backingStore.etcd.deploy.statefulSet.scheduling.priorityClassName',
    'nodeSelector': 'controlPlane.backingStore.etcd.deploy.statefulSet.scheduling.nodeSelector',
    'affinity': 'controlPlane.backingStore.etcd.deploy.statefulSet.scheduling.affinity',
    'tolerations': 'controlPlane.backingStore.etcd.deploy.statefulSet.scheduling.tolerations',
    'podAnnotations': 'controlPlane.backingStore.etcd.deploy.statefulSet.pods.annotations',
    'podLabels': 'controlPlane.backingStore.etcd.deploy.statefulSet.pods.labels',
    'securityContext': 'controlPlane.backingStore.etcd.deploy.statefulSet.security.containerSecurityContext',
    'serviceAnnotations': 'controlPlane.backingStore.etcd.deploy.service.annotations',
    'labels': 'controlPlane.backingStore.etcd.deploy.statefulSet.labels',
    'annotations': 'controlPlane.backingStore.etcd.deploy.statefulSet.annotations',
    'storage.persistence': 'controlPlane.backingStore.etcd.deploy.statefulSet.persistence.volumeClaim.enabled',
    'storage.size': 'controlPlane.backingStore.etcd.deploy.statefulSet.persistence.volumeClaim.size',
    'storage.className': 'controlPlane.backingStore.etcd.deploy.statefulSet.persistence.volumeClaim.storageClass',
  }),
  ...prefixed('coredns', {
    'enabled': 'controlPlane.coredns.enabled',
    'integrated': 'controlPlane.coredns.embedded',
    'fallback': 'policies.networkPolicy.fallbackDns',
    'replicas': 'controlPlane.coredns.deployment.replicas',
    'nodeSelector': 'controlPlane.coredns.deployment.nodeSelector',
    'image': 'controlPlane.coredns.deployment.image',
    'config': 'controlPlane.coredns.overwriteConfig',
    'manifests': 'controlPlane.coredns.overwriteManifests',
    'podLabels': 'controlPlane.coredns.deployment.pods.labels',
    'podAnnotations': 'controlPlane.coredns.deployment.pods.annotations',
    'resources': 'controlPlane.coredns.deployment.resources',
    'service.annotations': 'controlPlane.coredns.service.annotations',
    'service.type': 'controlPlane.coredns.service.spec.type',
    'service.externalTrafficPolicy': 'controlPlane.coredns.service.spec.externalTrafficPolicy',
    'service.externalIPs': 'controlPlane.coredns.service.spec.externalIPs',
  }),
  ...prefixed('ingress', {
    enabled: 'controlPlane.ingress.enabled',
    host: 'controlPlane.ingress.host',
    pathType: 'controlPlane.ingress.pathType',
    annotations: 'controlPlane.ingress.annotations',
    ingressClassName: 'controlPlane.ingress.spec.ingressClassName',
    tls: 'controlPlane.ingress.spec.tls',
  }),
  ...prefixed('service', {
    type: 'controlPlane.service.spec.type',
    externalIPs: 'controlPlane.service.spec.externalIPs',
    externalTrafficPolicy: 'controlPlane.service.spec.externalTrafficPolicy',
  }),
  ...prefixed('serviceAccount', {
    create: 'controlPlane.advanced.serviceAccount.enabled',
    name: 'controlPlane.advanced.serviceAccount.name',
    imagePullSecrets: 'controlPlane.advanced.serviceAccount.imagePullSecrets',
  }),
  'workloadServiceAccount.annotations': { to: 'controlPlane.advanced.workloadServiceAccount.annotations' },
  'globalAnnotations': { to: 'controlPlane.advanced.globalMetadata.annotations' },
  // The old key took a trailing slash (it was prepended to image names); the new one is a registry host.
  'defaultImageRegistry': { to: 'controlPlane.advanced.defaultImageRegistry', convert: (v) => (typeof v === 'string' ? v.replace(/\/+$/, '') : v) },
  'headless': { to: 'experimental.isolatedControlPlane.headless' },
  'fallbackHostDns': { to: 'networking.advanced.fallbackHostCluster' },
  'mapServices.fromHost': { to: 'networking.replicateServices.fromHost' },
  'mapServices.fromVirtual': { to: 'networking.replicateServices.toHost' },
  'multiNamespaceMode.enabled': { to: 'experimental.multiNamespaceMode.enabled' },
  'monitoring.serviceMonitor.enabled': { to: 'controlPlane.serviceMonitor.enabled' },
  'centralAdmission.validatingWebhooks': { to: 'policies.centralAdmission.validatingWebhooks' },
  'centralAdmission.mutatingWebhooks': { to: 'policies.centralAdmission.mutatingWebhooks' },
  'init.manifests': { to: 'experimental.deploy.vcluster.manifests' },
  'init.manifestsTemplate': { to: 'experimental.deploy.vcluster.manifestsTemplate' },
  'init.helm': { to: 'experimental.deploy.vcluster.helm' },
  'volumes': { to: 'controlPlane.statefulSet.persistence.addVolumes' },
  'labels': { to: 'controlPlane.statefulSet.labels' },
  'annotations': { to: 'controlPlane.statefulSet.annotations' },
  'podLabels': { to: 'controlPlane.statefulSet.pods.labels' },
  'podAnnotations': { to: 'controlPlane.statefulSet.pods.annotations' },
  'nodeSelector': { to: 'controlPlane.statefulSet.scheduling.nodeSelector' },
  'affinity': { to: 'controlPlane.statefulSet.scheduling.affinity' },
  'tolerations': { to: 'controlPlane.statefulSet.scheduling.tolerations' },
  'priorityClassName': { to: 'controlPlane.statefulSet.scheduling.priorityClassName' },
  'securityContext': { to: 'controlPlane.statefulSet.security.containerSecurityContext' },
  'podSecurityContext': { to: 'controlPlane.statefulSet.security.podSecurityContext' },
  'autoDeletePersistentVolumeClaims': {
    to: 'controlPlane.statefulSet.persistence.volumeClaim.retentionPolicy',
    convert: (v) => (v === true ? 'Delete' : v === false ? 'Retain' : v),
  },
  'rbac.role.create': { to: 'rbac.role.enabled' },
  'rbac.clusterRole.create': { to: 'rbac.clusterRole.enabled' },
  // `telemetry.disabled` was the string "true" or "false".
  'telemetry.disabled': { to: 'telemetry.enabled', convert: (v) => (v === 'true' || v === true ? false : v === 'false' || v === false ? true : v) },
  ...prefixed('sync', {
    'services.enabled': 'sync.toHost.services.enabled',
    'configmaps.enabled': 'sync.toHost.configMaps.enabled',
    'configmaps.all': 'sync.toHost.configMaps.all',
    'secrets.enabled': 'sync.toHost.secrets.enabled',
    'secrets.all': 'sync.toHost.secrets.all',
    'endpoints.enabled': 'sync.toHost.endpoints.enabled',
    'pods.enabled': 'sync.toHost.pods.enabled',
    'events.enabled': 'sync.fromHost.events.enabled',
    'persistentvolumeclaims.enabled': 'sync.toHost.persistentVolumeClaims.enabled',
    'ingressclasses.enabled': 'sync.fromHost.ingressClasses.enabled',
    'nodes.enabled': 'sync.fromHost.nodes.enabled',
    'nodes.syncAllNodes': 'sync.fromHost.nodes.selector.all',
    'nodes.syncNodeChanges': 'sync.fromHost.nodes.syncBackChanges',
    'nodes.enableScheduler': 'controlPlane.advanced.virtualScheduler.enabled',
    'nodes.fakeKubeletIPs': 'networking.advanced.proxyKubelets.byIP',
    'persistentvolumes.enabled': 'sync.toHost.persistentVolumes.enabled',
    'storageclasses.enabled': 'sync.toHost.storageClasses.enabled',
    'hoststorageclasses.enabled': 'sync.fromHost.storageClasses.enabled',
    'priorityclasses.enabled': 'sync.toHost.priorityClasses.enabled',
    'networkpolicies.enabled': 'sync.toHost.networkPolicies.enabled',
    'volumesnapshots.enabled': 'sync.toHost.volumeSnapshots.enabled',
    'poddisruptionbudgets.enabled': 'sync.toHost.podDisruptionBudgets.enabled',
    'serviceaccounts.enabled': 'sync.toHost.serviceAccounts.enabled',
    'csinodes.enabled': 'sync.fromHost.csiNodes.enabled',
    'csidrivers.enabled': 'sync.fromHost.csiDrivers.enabled',
    'csistoragecapacities.enabled': 'sync.fromHost.csiStorageCapacities.enabled',
  }),
};

/** Old keys with no single new home, and the new form to write instead. */
const REFUSED: Readonly<Record<string, string>> = {
  'syncer.image': 'write controlPlane.statefulSet.image as { registry, repository, tag }',
  'syncer.extraArgs': 'the syncer has no extra flags: write the key of each flag instead (--tls-san: controlPlane.proxy.extraSANs, '
    + '--out-kube-config-server: exportKubeConfig.server, --target-namespace: experimental.syncSettings.targetNamespace...)',
  'syncer.readinessProbe.enabled': 'write controlPlane.statefulSet.probes.readinessProbe.enabled and controlPlane.statefulSet.probes.startupProbe.enabled',
  'syncer.volumeMounts': 'write controlPlane.statefulSet.persistence.addVolumeMounts (only the added mounts)',
  'api.image': 'write controlPlane.distro.k8s.apiServer.image as { registry, repository, tag }',
  'controller.image': 'write controlPlane.distro.k8s.controllerManager.image as { registry, repository, tag }',
  'scheduler.image': 'write controlPlane.distro.k8s.scheduler.image as { registry, repository, tag }',
  'etcd.image': 'write controlPlane.backingStore.etcd.deploy.statefulSet.image as { registry, repository, tag }',
  'etcd.disabled': 'write controlPlane.backingStore.etcd.deploy.statefulSet.enabled: false and controlPlane.backingStore.etcd.deploy.service.enabled: false',
  'etcd.autoDeletePersistentVolumeClaims': 'write controlPlane.backingStore.etcd.deploy.statefulSet.persistence.volumeClaim.retentionPolicy: Delete',
  'k3sToken': 'write controlPlane.distro.k3s.token',
  'vcluster': 'write the distro\'s settings under controlPlane.distro.k3s or controlPlane.distro.k0s (image, command, extraArgs, env, resources)',
  'isolation': 'write policies.networkPolicy.enabled, policies.resourceQuota.enabled, policies.limitRange.enabled and '
    + 'policies.podSecurityStandard (with their quota, limits and outgoingConnections)',
  'proxy.metricsServer': 'write integrations.metricsServer.enabled: true with integrations.metricsServer.nodes and .pods',
  'proLicenseSecret': 'write external.platform.apiKey.secretName (and .namespace)',
  'openshift': 'add the rule { apiGroups: [""], resources: [endpoints/restricted], verbs: [create] } to rbac.role.extraRules',
  'noopSyncer': 'write experimental.syncSettings.disableSync: true with experimental.virtualClusterKubeConfig',
  'rbac.role.excludedApiResources': 'write the Role\'s whole rule list in rbac.role.overwriteRules',
  'sync.ingresses': 'write sync.toHost.ingresses.enabled (and sync.fromHost.ingressClasses.enabled, which the old key switched on with it)',
  'sync.fake-nodes': 'fake nodes are shown when real ones are not synced: write sync.fromHost.nodes.enabled: false',
  'sync.fake-persistentvolumes': 'fake persistent volumes are shown when real ones are not synced: write sync.toHost.persistentVolumes.enabled: false',
  'sync.nodes.nodeSelector': 'write sync.fromHost.nodes.selector.labels as a map of label to value',
  'sync.generic': 'write the generic sync configuration under experimental.genericSync, as a map rather than a YAML string',
  'sync.pods': 'write sync.toHost.pods (enabled, translateImage, enforceTolerations, useSecretsForSATokens, rewriteHosts)',
  'podDisruptionBudget': 'v0.21.6 has no key for it: a budget of one unavailable pod is rendered for more than one replica',
};

/**
 * Top-level keys of the old format that v0.21.6 does not have, and where their settings live now: any of their keys
 * not in the tables above is refused with this pointer.
 */
const OLD_SECTIONS: Readonly<Record<string, string>> = {
  embeddedEtcd: 'controlPlane.backingStore.etcd.embedded',
  syncer: 'controlPlane.statefulSet',
  storage: 'controlPlane.statefulSet.persistence.volumeClaim',
  api: 'controlPlane.distro.k8s.apiServer',
  controller: 'controlPlane.distro.k8s.controllerManager',
  scheduler: 'controlPlane.distro.k8s.scheduler',
  etcd: 'controlPlane.backingStore.etcd.deploy',
  coredns: 'controlPlane.coredns',
  ingress: 'controlPlane.ingress',
  service: 'controlPlane.service',
  serviceAccount: 'controlPlane.advanced.serviceAccount',
  workloadServiceAccount: 'controlPlane.advanced.workloadServiceAccount',
  mapServices: 'networking.replicateServices',
  multiNamespaceMode: 'experimental.multiNamespaceMode',
  monitoring: 'controlPlane.serviceMonitor',
  centralAdmission: 'policies.centralAdmission',
  init: 'experimental.deploy.vcluster',
  proxy: 'integrations.metricsServer',
};

/** Old `sync` keys: every resource name of the old format (lower-case plurals), none of which v0.21.6 has under `sync`. */
const OLD_SYNC_RESOURCES = new Set(Object.keys(MOVES).concat(Object.keys(REFUSED))
  .filter((path) => path.startsWith('sync.')).map((path) => path.split('.')[1]));

function prefixed(prefix: string, moves: Record<string, string>): Record<string, Move> {
  return Object.fromEntries(Object.entries(moves).map(([from, to]) => [`${prefix}.${from}`, { to }]));
}

/** The values with their old keys converted, what was converted (warnings), and what could not be (problems). */
export interface LegacyConversion {
  readonly values: Record<string, unknown>;
  readonly warnings: ConfigProblem[];
  readonly problems: ConfigProblem[];
}

/** Moves the old keys of `values` to their new homes. The caller's values are left alone. */
export function convertLegacyKeys(values: Readonly<Record<string, unknown>>): LegacyConversion {
  const out = structuredClone(values) as Record<string, unknown>;
  const warnings: ConfigProblem[] = [];
  const problems: ConfigProblem[] = [];
  for (const path of legacyPaths(out)) {
    const value = take(out, path);
    const move = MOVES[path];
    if (!move) {
      problems.push({ path, message: `${SOURCE}, not read by v0.21.6: ${refusal(path)}` });
      continue;
    }
    const converted = move.convert ? move.convert(value) : value;
    if (get(out, move.to) !== undefined) {
      problems.push({ path, message: `${SOURCE}, set together with its v0.21 form ${move.to}: keep only ${move.to}` });
      continue;
    }
    put(out, move.to, converted);
    warnings.push({ path, message: `${SOURCE}, read as its v0.21 form ${move.to}: ${JSON.stringify(converted)} (write that instead)` });
  }
  return { values: out, warnings, problems };
}

/** The fix for an old key without a new home: its own entry, its nearest listed parent's, or its section's. */
function refusal(path: string): string {
  const steps = path.split('.');
  for (let n = steps.length; n > 0; n--) {
    const fix = REFUSED[steps.slice(0, n).join('.')];
    if (fix) return fix;
  }
  const section = OLD_SECTIONS[steps[0]];
  return section ? `its settings are under ${section} now` : 'v0.21.6 has no such key';
}

/**
 * The paths of old keys in the values, each a unit to move or refuse: a listed path, else a leaf (or an empty map)
 * inside an old section. New keys that share a name with an old section (`rbac`, `sync`, `telemetry`) are not touched.
 */
function legacyPaths(values: Readonly<Record<string, unknown>>): string[] {
  const found: string[] = [];
  const visit = (value: unknown, path: string) => {
    const unit = MOVES[path] || (REFUSED[path] && !Object.keys(MOVES).some((move) => move.startsWith(`${path}.`)));
    if (unit || !isPlainObject(value) || Object.keys(value).length === 0) {
      found.push(path);
      return;
    }
    for (const [key, child] of Object.entries(value)) visit(child, `${path}.${key}`);
  };
  for (const [key, value] of Object.entries(values)) {
    if (key in OLD_SECTIONS || MOVES[key] || REFUSED[key]) visit(value, key);
  }
  const sync = values.sync;
  if (isPlainObject(sync)) {
    for (const [key, value] of Object.entries(sync)) if (OLD_SYNC_RESOURCES.has(key)) visit(value, `sync.${key}`);
  }
  for (const path of ['rbac.role.create', 'rbac.clusterRole.create', 'rbac.role.excludedApiResources', 'telemetry.disabled']) {
    if (get(values, path) !== undefined) found.push(path);
  }
  return found;
}

function get(values: Readonly<Record<string, unknown>>, path: string): unknown {
  let node: unknown = values;
  for (const step of path.split('.')) node = isPlainObject(node) ? node[step] : undefined;
  return node;
}

/** Sets a value, creating the maps on its path. */
function put(values: Record<string, unknown>, path: string, value: unknown): void {
  const steps = path.split('.');
  let node = values;
  for (const step of steps.slice(0, -1)) {
    if (!isPlainObject(node[step])) node[step] = {};
    node = node[step] as Record<string, unknown>;
  }
  node[steps[steps.length - 1]] = value;
}

/** Removes a value and the maps it leaves empty. */
function take(values: Record<string, unknown>, path: string): unknown {
  const steps = path.split('.');
  const parents: Record<string, unknown>[] = [values];
  for (const step of steps.slice(0, -1)) parents.push(parents[parents.length - 1][step] as Record<string, unknown>);
  const value = parents[steps.length - 1][steps[steps.length - 1]];
  delete parents[steps.length - 1][steps[steps.length - 1]];
  for (let i = steps.length - 1; i > 0 && Object.keys(parents[i]).length === 0; i--) delete parents[i - 1][steps[i - 1]];
  return value;
}
