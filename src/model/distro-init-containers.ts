import type { ResolvedConfig } from '../config';
import { VCLUSTER_VERSION } from '../contract';
import { advanced } from './advanced';
import { distroOf } from './distro';
import { optional } from './fields';
import { hostKubeVersion } from './host-version';
import { imageName, k8sComponentTag, type ImageRef } from './images';
import { pluginInitContainers } from './plugins';

/** The syncer's image (the chart's `vcluster.controlPlane.image`): the pinned release unless a tag is set. */
export function syncerImage(config: ResolvedConfig): string {
  const image = config.controlPlane.statefulSet.image;
  return imageName(config, { ...image, tag: image.tag || VCLUSTER_VERSION });
}

/**
 * The init containers: the plugins' first, then those that put the distro's binaries into the binaries volume, where
 * the syncer starts them from, as the chart's `vcluster.initContainers` renders them for each distro.
 */
export function distroInitContainers(config: ResolvedConfig): Record<string, unknown>[] {
  return [...pluginInitContainers(config), ...distroCopies(config)];
}

function distroCopies(config: ResolvedConfig): Record<string, unknown>[] {
  switch (distroOf(config)) {
    case 'k3s':
      return [singleBinaryCopy(config, 'k3s', '/bin/k3s')];
    case 'k0s':
      return [singleBinaryCopy(config, 'k0s', '/usr/local/bin/k0s')];
    default:
      return k8sCopies(config);
  }
}

const BINARIES_MOUNT = [{ mountPath: '/binaries', name: 'binaries' }];

/** k3s and k0s: one container, from the distro's image, that copies its binary with the image's shell. */
function singleBinaryCopy(config: ResolvedConfig, distro: 'k3s' | 'k0s', binary: string): Record<string, unknown> {
  const d = config.controlPlane.distro[distro];
  return {
    name: 'vcluster',
    image: imageName(config, d.image),
    command: ['/bin/sh'],
    args: ['-c', `cp ${binary} /binaries/${distro}`],
    ...optional('imagePullPolicy', d.imagePullPolicy || undefined),
    securityContext: d.securityContext,
    volumeMounts: BINARIES_MOUNT,
    resources: d.resources,
  };
}

/**
 * k8s: the component images are distroless, so the vcluster binary is copied first (from the syncer's image, which
 * has a shell) and then copies each component's binary out of its image.
 */
function k8sCopies(config: ResolvedConfig): Record<string, unknown>[] {
  const k8s = config.controlPlane.distro.k8s;
  const shared = { securityContext: k8s.securityContext, resources: k8s.resources };
  const copy = (name: string, component: { image: ImageRef; imagePullPolicy: string }, binary: string) => ({
    name,
    image: imageName(config, { ...component.image, tag: k8sComponentTag(component.image.tag, k8s.version, hostKubeVersion(config)) }),
    volumeMounts: BINARIES_MOUNT,
    command: ['/binaries/vcluster'],
    args: ['cp', `/usr/local/bin/${binary}`, `/binaries/${binary}`],
    ...optional('imagePullPolicy', component.imagePullPolicy || undefined),
    ...shared,
  });
  const pullPolicy = config.controlPlane.statefulSet.imagePullPolicy;
  return [
    {
      name: 'vcluster-copy',
      image: syncerImage(config),
      volumeMounts: BINARIES_MOUNT,
      command: ['/bin/sh'],
      args: ['-c', 'cp /vcluster /binaries/vcluster'],
      ...optional('imagePullPolicy', pullPolicy || undefined),
      ...shared,
    },
    ...(k8s.controllerManager.enabled ? [copy('kube-controller-manager', k8s.controllerManager, 'kube-controller-manager')] : []),
    ...(advanced(config).virtualScheduler?.enabled ? [copy('kube-scheduler-manager', k8s.scheduler, 'kube-scheduler')] : []),
    ...(k8s.apiServer.enabled ? [copy('kube-apiserver', k8s.apiServer, 'kube-apiserver')] : []),
  ];
}
