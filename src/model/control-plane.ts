import { DEFAULT_K8S_VERSION, type ResolvedConfig } from '../config';
import { VCLUSTER_VERSION } from '../contract';
import { advanced } from './advanced';
import type { SyncerValuesText } from './config-secret';
import { coreDns } from './coredns';
import { nonEmpty, optional } from './fields';
import { distroTag, imageName } from './images';
import { names, objectMeta, selectorLabels, serviceAccountName } from './metadata';
import { controlPlaneKind, volumeClaimEnabled, volumeClaimTemplates } from './persistence';
import { legacyPluginContainers, pluginInitContainers, pluginVolumeMounts, pluginVolumes } from './plugins';
import { storeContainer } from './store-container';
import type { KubeObject, Release } from './types';

/** The control plane workload: the syncer (which runs the k8s components) and, where our runtime serves it, the store. */
export function controlPlane(config: ResolvedConfig, release: Release, values: SyncerValuesText): KubeObject {
  const sts = config.controlPlane.statefulSet;
  const kind = controlPlaneKind(config);
  const n = names(release);
  const ha = sts.highAvailability;
  const store = storeContainer(config, release, n.controlPlane);
  const spec: Record<string, unknown> = {
    selector: { matchLabels: selectorLabels(release) },
    ...(kind === 'StatefulSet' ? {
      persistentVolumeClaimRetentionPolicy: { whenDeleted: sts.persistence.volumeClaim.retentionPolicy },
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
      { name: 'vcluster-config', secret: { secretName: names(release).configSecret } },
      ...(coreDns(config).mounted ? [{ name: 'coredns', configMap: { name: `vc-coredns-${release.name}` } }] : []),
      ...p.dataVolume,
      ...(needsDataVolume ? [{ name: 'data', emptyDir: {} }] : []),
      ...p.addVolumes,
    ],
    initContainers: initContainers(config),
    enableServiceLinks: sts.enableServiceLinks,
    containers: [syncer(config, release), ...(store ? [store] : []), ...legacyPluginContainers(config)],
  };
}

function syncerImage(config: ResolvedConfig): string {
  const image = config.controlPlane.statefulSet.image;
  return imageName(config, { ...image, tag: image.tag || VCLUSTER_VERSION });
}

/** Init containers that copy the vcluster binary and the distro's binaries into the binaries volume. */
function initContainers(config: ResolvedConfig): Record<string, unknown>[] {
  const k8s = config.controlPlane.distro.k8s;
  const pullPolicy = config.controlPlane.statefulSet.imagePullPolicy;
  const shared = {
    securityContext: k8s.securityContext,
    resources: k8s.resources,
  };
  const binariesMount = [{ mountPath: '/binaries', name: 'binaries' }];
  const copy = (name: string, image: { registry: string; repository: string; tag: string }, policy: string, binary: string) => ({
    name,
    image: imageName(config, { ...image, tag: distroTag(image.tag, k8s.version, DEFAULT_K8S_VERSION) }),
    volumeMounts: binariesMount,
    command: ['/binaries/vcluster'],
    args: ['cp', `/usr/local/bin/${binary}`, `/binaries/${binary}`],
    ...optional('imagePullPolicy', policy || undefined),
    ...shared,
  });
  return [
    ...pluginInitContainers(config),
    {
      name: 'vcluster-copy',
      image: syncerImage(config),
      volumeMounts: binariesMount,
      command: ['/bin/sh'],
      args: ['-c', 'cp /vcluster /binaries/vcluster'],
      ...optional('imagePullPolicy', pullPolicy || undefined),
      ...shared,
    },
    ...(k8s.controllerManager.enabled
      ? [copy('kube-controller-manager', k8s.controllerManager.image, k8s.controllerManager.imagePullPolicy, 'kube-controller-manager')] : []),
    ...(advanced(config).virtualScheduler?.enabled
      ? [copy('kube-scheduler-manager', k8s.scheduler.image, k8s.scheduler.imagePullPolicy, 'kube-scheduler')] : []),
    ...(k8s.apiServer.enabled ? [copy('kube-apiserver', k8s.apiServer.image, k8s.apiServer.imagePullPolicy, 'kube-apiserver')] : []),
  ];
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
      ...config.controlPlane.distro.k8s.env,
    ],
    volumeMounts: [
      ...pluginVolumeMounts(config),
      { name: 'data', mountPath: '/data' },
      { name: 'binaries', mountPath: '/binaries' },
      { name: 'certs', mountPath: '/pki' },
      { name: 'helm-cache', mountPath: '/.cache/helm' },
      { name: 'vcluster-config', mountPath: '/var/vcluster' },
      { name: 'tmp', mountPath: '/tmp' },
      ...(coreDns(config).mounted ? [{ name: 'coredns', mountPath: '/manifests/coredns', readOnly: true }] : []),
      ...sts.persistence.addVolumeMounts,
    ],
  };
}
