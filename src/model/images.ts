/** Image references, built the way the chart's `vcluster.image` helper builds them. */

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

/** The chart's rule for distro images: `version` replaces the default tag, but a component's own tag wins. */
export function distroTag(componentTag: string, version: string, defaultTag: string): string {
  return version !== '' && componentTag === defaultTag ? version : componentTag;
}
