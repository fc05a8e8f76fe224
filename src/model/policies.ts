import type { ResolvedConfig } from '../config';
import { chartValues } from './config-secret';
import { globalAnnotations, objectLabels, optionalAnnotations } from './metadata';
import type { Release } from './types';

/**
 * What the chart's `policies.*` objects (LimitRange, ResourceQuota, NetworkPolicy) share: they apply to the namespace
 * the virtual cluster's workloads run in, and their annotations merge under the global ones.
 */

/** A `policies.*` section's own metadata. */
export interface PolicyMetadataValues {
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Where the synced workloads run: `experimental.syncSettings.targetNamespace`, else the release namespace. */
export function workloadNamespace(config: ResolvedConfig, release: Release): string {
  return chartValues(config).experimental?.syncSettings?.targetNamespace || release.namespace;
}

/**
 * Metadata of a policy object: the chart's labels plus the section's, and the section's annotations under the global
 * ones (the chart merges them with `merge dict global own`, in which the first map wins a shared key).
 */
export function policyMetadata(config: ResolvedConfig, release: Release, name: string, namespace: string, own: PolicyMetadataValues) {
  return {
    name,
    namespace,
    labels: { ...objectLabels(release), ...own.labels },
    ...optionalAnnotations(own.annotations, globalAnnotations(config)),
  };
}

/**
 * Whether a `policies.*` switch is on, read as the chart reads it: as text, so `true` and `"true"` are on, `false` and
 * `"false"` off, and anything else (the default `auto`) is neither.
 */
export const switchIs = (value: unknown, state: 'true' | 'false'): boolean => String(value) === state;

/**
 * The chart's rule for the LimitRange and the ResourceQuota: either is rendered when one of the two is on and it is
 * not itself off (with `auto`, it follows the other).
 */
export function quotaPolicyRendered(config: ResolvedConfig, which: 'limitRange' | 'resourceQuota'): boolean {
  const p = chartValues(config).policies;
  const anyOn = switchIs(p.limitRange.enabled, 'true') || switchIs(p.resourceQuota.enabled, 'true');
  return anyOn && !switchIs(p[which].enabled, 'false');
}

/** A map whose values the chart writes with `| quote`: every value a string (`cpu: 10` becomes `"10"`). */
export function quotedValues(map: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).map(([key, value]) => [key, String(value)]));
}
