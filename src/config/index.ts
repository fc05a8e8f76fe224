/**
 * The configuration surface: vcluster.yaml's `controlPlane.distro.k8s`, `controlPlane.backingStore` and
 * `controlPlane.statefulSet`, parsed, validated and defaulted in one place.
 */
export { resolve, volumeClaimEnabled } from './resolve';
export { ConfigError } from './errors';
export { mergeValues, applySet } from './values';
export * from './types';
