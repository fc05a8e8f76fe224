import { DEFAULT_KUBE_VERSION, type ResolvedConfig } from '../config';

/** The host cluster's Kubernetes version the config is rendered for (Helm's `.Capabilities.KubeVersion.Version`). */
export function hostKubeVersion(config: ResolvedConfig): string {
  return config.kubeVersion ?? DEFAULT_KUBE_VERSION;
}

/**
 * The chart's `vcluster.k8s.capabilities.version`: the leading `vX.Y.Z` of the host's version (`v1.29.3+orb1` gives
 * `v1.29.3`), or empty when it does not start so (then the chart keeps the image's default tag).
 */
export function capabilitiesVersion(kubeVersion: string): string {
  return /^v\d+\.\d+\.\d+/.exec(kubeVersion)?.[0] ?? '';
}

/** Whether the host is at least Kubernetes 1.`minor` (the chart's `ge (int .Capabilities.KubeVersion.Minor) N`). */
export function hostHasMinor(config: ResolvedConfig, minor: number): boolean {
  const found = /^v?\d+\.(\d+)/.exec(hostKubeVersion(config));
  return found !== null && Number(found[1]) >= minor;
}
