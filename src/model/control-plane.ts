import type { ResolvedConfig } from '../config';
import { chartValues, type SyncerValuesText } from './config-secret';
import { coreDns } from './coredns';
import { distroEnv, distroVolumeMounts, distroVolumes } from './distro';
import { distroInitContainers, syncerImage } from './distro-init-containers';
import { nonEmpty, optional } from './fields';
import { hostHasMinor } from './host-version';
import { names, objectMeta, selectorLabels, serviceAccountName } from './metadata';
import { controlPlaneKind, volumeClaimEnabled, volumeClaimTemplates } from './persistence';
import { legacyPluginContainers, pluginVolumeMounts, pluginVolumes } from './plugins';
import { storeContainer } from './store-container';
import type { KubeObject, Release } from './types';

/** The control plane workload: the syncer (which runs the distro) and, where our runtime serves it, the store. */
export function controlPlane(config: ResolvedConfig, release: Release, values: SyncerValuesText): KubeObject | undefined {
  // A headless isolated control plane runs elsewhere: the chart renders no workload for it.
  if (chartValues(config).experimental?.isolatedControlPlane?.headless) return undefined;
  const sts = config.controlPlane.statefulSet;
  const kind = controlPlaneKind(config);
  const n = names(release);
  const ha = sts.highAvailability;
  const store = storeContainer(config, release, n.controlPlane);
  const spec: Record<string, unknown> = {
    selector: { matchLabels: selectorLabels(release) },
    ...(kind === 'StatefulSet' ? {
      // The field exists from Kubernetes 1.27; the chart leaves it out for older hosts.
      ...(hostHasMinor(config, 27) ? { persistentVolumeClaimRetentionPolicy: { whenDeleted: sts.persistence.volumeClaim.retentionPolicy } } : {}),
      serviceName: n.headlessService,
      podManagementPolicy: sts.scheduling.podManagementPolicy,
      ...volumeClaimTemplates(sts.persistence, volumeClaimEnabled(config)),
    } : {
      strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: ha.replicas === 1 ? 0 : 1 }, type: 'RollingUpdate' },
    }),
    replicas: ha.replicas,
    template: {
      metadata: {
        annotations: { vClusterConfigHash: values.hash, ...sts.pods.annotations },
        labels: { ...selectorLabels(release), ...sts.pods.labels },
      },
      spec: podSpec(config, release, store),
    },
  };
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: objectMeta(config, release, n.controlPlane, { labels: sts.labels, annotations: sts.annotations }),
    spec,
  };
}

function podSpec(config: ResolvedConfig, release: Release, store: Record<string, unknown> | undefined): Record<string, unknown> {
  const sts = config.controlPlane.statefulSet;
  const s = sts.scheduling;
  const p = sts.persistence;
  const needsDataVolume = p.dataVolume.length === 0 && !volumeClaimEnabled(config);
  return {
    terminationGracePeriodSeconds: 10,
    ...optional('priorityClassName', s.priorityClassName || undefined),
    ...nonEmpty('securityContext', sts.security.podSecurityContext),
    ...nonEmpty('nodeSelector', s.nodeSelector),
    ...nonEmpty('affinity', s.affinity),
    ...nonEmpty('topologySpreadConstraints', s.topologySpreadConstraints),
    ...nonEmpty('tolerations', s.tolerations),
    ...optional('dnsPolicy', sts.dnsPolicy || undefined),
    ...nonEmpty('dnsConfig', sts.dnsConfig),
    serviceAccountName: serviceAccountName(config, release),
    volumes: [
      ...pluginVolumes(config),
      { name: 'helm-cache', emptyDir: {} },
      ...p.binariesVolume,
      { name: 'tmp', emptyDir: {} },
      { name: 'certs', emptyDir: {} },
      ...distroVolumes(config),
      { name: 'vcluster-config', secret: { secretName: names(release).configSecret } },
      ...(coreDns(config).mounted ? [{ name: 'coredns', configMap: { name: `vc-coredns-${release.name}` } }] : []),
      ...p.dataVolume,
      ...(needsDataVolume ? [{ name: 'data', emptyDir: {} }] : []),
      ...p.addVolumes,
    ],
    // With syncing disabled the syncer starts no distro, so no binaries are copied.
    ...(chartValues(config).experimental?.syncSettings?.disableSync ? {} : { initContainers: distroInitContainers(config) }),
    enableServiceLinks: sts.enableServiceLinks,
    containers: [syncer(config, release), ...(store ? [store] : []), ...legacyPluginContainers(config)],
  };
}

function syncer(config: ResolvedConfig, release: Release): Record<string, unknown> {
  const sts = config.controlPlane.statefulSet;
  const probe = (path: string, extra: Record<string, number>) => ({
    httpGet: { path, port: 8443, scheme: 'HTTPS' },
    ...extra,
  });
  return {
    name: 'syncer',
    image: syncerImage(config),
    ...optional('imagePullPolicy', sts.imagePullPolicy || undefined),
    ...optional('workingDir', sts.workingDir || undefined),
    ...nonEmpty('command', sts.command),
    ...nonEmpty('args', sts.args),
    ...(sts.probes.livenessProbe.enabled
      ? { livenessProbe: probe('/healthz', { failureThreshold: 60, initialDelaySeconds: 60, periodSeconds: 2 }) } : {}),
    ...(sts.probes.readinessProbe.enabled ? { readinessProbe: probe('/readyz', { failureThreshold: 60, periodSeconds: 2 }) } : {}),
    ...(sts.probes.startupProbe.enabled ? { startupProbe: probe('/readyz', { failureThreshold: 300, periodSeconds: 6 }) } : {}),
    ...nonEmpty('securityContext', sts.security.containerSecurityContext),
    resources: sts.resources,
    env: [
      { name: 'VCLUSTER_NAME', value: release.name },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      ...sts.env,
      ...distroEnv(config),
    ],
    volumeMounts: [
      ...pluginVolumeMounts(config),
      { name: 'data', mountPath: '/data' },
      { name: 'binaries', mountPath: '/binaries' },
      { name: 'certs', mountPath: '/pki' },
      { name: 'helm-cache', mountPath: '/.cache/helm' },
      ...distroVolumeMounts(config),
      { name: 'vcluster-config', mountPath: '/var/vcluster' },
      { name: 'tmp', mountPath: '/tmp' },
      ...(coreDns(config).mounted ? [{ name: 'coredns', mountPath: '/manifests/coredns', readOnly: true }] : []),
      ...sts.persistence.addVolumeMounts,
    ],
  };
}
