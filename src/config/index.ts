/**
 * The configuration surface: vcluster.yaml's `controlPlane.distro.k8s`, `controlPlane.backingStore` and
 * `controlPlane.statefulSet`, parsed, validated and defaulted in one place.
 */
export { resolve, volumeClaimEnabled } from './resolve';
export { ConfigError } from './errors';
export { mergeValues, applySet, withDefaults } from './values';
export { CHART_DEFAULTS } from './chart-defaults';
export { LATER_RELEASE_KEYS } from './schema';
export { readValuesFile } from './values-file';
export { validateRelease, MAX_RELEASE_NAME_LENGTH } from './release';
export * from './types';
