import { ConfigError } from './errors';
import type { ResolvedConfig } from './types';

/**
 * The host's Kubernetes version when none is given: what `helm template` reports as `.Capabilities.KubeVersion`
 * without `--kube-version`. Helm sets it at build time from the client-go it is built with; Helm 3.16, built on
 * client-go 0.31 as the syncer v0.21.6 is, reports v1.31.0.
 */
export const DEFAULT_KUBE_VERSION = 'v1.31.0';

// Helm reads --kube-version as a semantic version, loosely: an optional v, minor and patch optional.
const LOOSE_SEMVER = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * A Kubernetes version as Helm normalizes `--kube-version` (`1.29` -> `v1.29.0`, `v1.29.3+k3s1` kept), or a
 * ConfigError naming `field` when it is no version.
 */
export function parseKubeVersion(version: string, field: string): string {
  const m = LOOSE_SEMVER.exec(version.trim());
  if (!m) {
    throw new ConfigError([{ path: field, message: `"${version}" is not a Kubernetes version: give one such as v1.31.0 or 1.29` }]);
  }
  const [, major, minor = '0', patch = '0', pre = '', build = ''] = m;
  const number = (part: string) => String(Number(part));
  return `v${number(major)}.${number(minor)}.${number(patch)}${pre}${build}`;
}

/**
 * The config rendered for a host of the given Kubernetes version (`field` names where it came from, for the error).
 * The chart reads the host's version in two places: the k8s distro's image tags when none is set, and whether a
 * StatefulSet may carry `persistentVolumeClaimRetentionPolicy` (Kubernetes 1.27 and later).
 */
export function withKubeVersion(config: ResolvedConfig, kubeVersion: string | undefined, field = 'kubeVersion'): ResolvedConfig {
  if (kubeVersion === undefined) return config;
  return Object.freeze({ ...config, kubeVersion: parseKubeVersion(kubeVersion, field) });
}
