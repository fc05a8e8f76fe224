import { DEFAULT_K8S_VERSION, type ResolvedConfig } from '../config';
import { advanced } from './advanced';
import { capabilitiesVersion } from './host-version';

/**
 * Image references, built the way the chart builds them. Every image the model renders goes through
 * {@link imageName}, so `controlPlane.advanced.defaultImageRegistry` reaches all of them, this library's runtime image
 * included, as the chart's rule has it.
 */

export interface ImageRef {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
}

/**
 * The image of a container. A structured image is `registry/repository:tag` (the chart's `vcluster.image` helper):
 * `defaultImageRegistry` replaces its registry when set. A whole reference (a plugin's `image`, the CoreDNS
 * deployment's `image`) is used as written, with `defaultImageRegistry/` put before it when set, as the chart's
 * plugin and CoreDNS templates do.
 */
export function imageName(config: ResolvedConfig, image: ImageRef | string): string {
  const defaultRegistry = advanced(config).defaultImageRegistry ?? '';
  if (typeof image === 'string') return defaultRegistry ? `${defaultRegistry}/${image}` : image;
  const registry = defaultRegistry || image.registry;
  return `${registry ? `${registry}/` : ''}${image.repository}:${image.tag}`;
}

/**
 * The chart's tag rule for a k8s component image (`vcluster.k8s.*.image.tag` in `_init-containers.tpl`): a tag of the
 * component's own wins; while it keeps the default tag, the distro's `version` replaces it, else the host's Kubernetes
 * version does (when it reads as vX.Y.Z), else the default tag stays.
 */
export function k8sComponentTag(componentTag: string, version: string, kubeVersion: string): string {
  if (componentTag !== DEFAULT_K8S_VERSION) return componentTag;
  if (version !== '') return version;
  return capabilitiesVersion(kubeVersion) || componentTag;
}
