/**
 * The configuration surface: vcluster.yaml's `controlPlane.distro.k8s`, `controlPlane.backingStore` and
 * `controlPlane.statefulSet`, parsed, validated and defaulted in one place.
 */
export { resolve } from './resolve';
export { ConfigError } from './errors';
export { mergeValues, applySet, withDefaults } from './values';
export { CHART_DEFAULTS } from './chart-defaults';
export { LATER_RELEASE_KEYS, DEFAULT_K8S_VERSION } from './schema';
export { DEFAULT_KUBE_VERSION, parseKubeVersion, withKubeVersion } from './kube-version';
export { isKubernetesVersion, KUBERNETES_VERSION_FORMAT } from './validators';
export { readValuesFile } from './values-file';
export { parseImageReference, type ImageValues } from './image-reference';
export { validateRelease, MAX_RELEASE_NAME_LENGTH } from './release';
export * from './types';
