/**
 * vcluster.yaml (v0.21.6, the whole of it): parsed, validated and defaulted in one place. The keys the model renders
 * from are defaulted (`controlPlane.distro`, `backingStore`, `statefulSet`, `runtime`); every other key is checked for
 * shape and kept as given; unknown keys are refused and the keys of vCluster < 0.20 converted or refused.
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
