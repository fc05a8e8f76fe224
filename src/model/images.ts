/** Image references, built the way the chart's `vcluster.image` helper builds them. */
import { DEFAULT_K8S_VERSION } from '../config';
import { capabilitiesVersion } from './host-version';

export interface ImageRef {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
}

/** `registry/repository:tag`; `defaultImageRegistry` (controlPlane.advanced) replaces every registry when set. */
export function imageName(image: ImageRef, defaultRegistry = ''): string {
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
