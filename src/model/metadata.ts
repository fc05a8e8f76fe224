import type { ResolvedConfig } from '../config';
import { VCLUSTER_VERSION } from '../contract';
import { advanced } from './advanced';
import type { Release } from './types';

/** Object names the vCluster chart uses, so existing tooling (the vcluster CLI, dashboards) finds them. */
export const names = (release: Release) => ({
  controlPlane: release.name,
  headlessService: `${release.name}-headless`,
  serviceAccount: `vc-${release.name}`,
  workloadServiceAccount: `vc-workload-${release.name}`,
  role: `vc-${release.name}`,
  configSecret: `vc-config-${release.name}`,
  certsSecret: `${release.name}-certs`,
  etcd: `${release.name}-etcd`,
  etcdHeadless: `${release.name}-etcd-headless`,
  kubeconfigSecret: `vc-${release.name}`,
  // Cluster-scoped and cross-namespace objects carry the namespace too, so releases of one name in two namespaces
  // do not collide (the chart's _rbac.tpl).
  clusterRole: clusterScopedName(`vc-${release.name}-v-${release.namespace}`),
  multiNamespaceRole: clusterScopedName(`vc-mn-${release.name}-v-${release.namespace}`),
  platformRole: clusterScopedName(`vc-${release.name}-v-${release.namespace}-platform-role`),
  platformRoleBinding: clusterScopedName(`vc-${release.name}-v-${release.namespace}-platform-role-binding`),
});

/** The chart's `trunc 63 | trimSuffix "-"`: at most 63 characters, without one trailing `-` the cut may leave. */
function clusterScopedName(name: string): string {
  const cut = name.slice(0, 63);
  return cut.endsWith('-') ? cut.slice(0, -1) : cut;
}

/** Pod selector labels: exactly the chart's, so selectors of existing installs keep matching. */
export const selectorLabels = (release: Release, app: 'vcluster' | 'vcluster-etcd' = 'vcluster') => ({
  app,
  release: release.name,
});

/** Labels on every object: the chart's set, with `heritage` naming who rendered it. */
export const objectLabels = (release: Release, app: 'vcluster' | 'vcluster-etcd' = 'vcluster') => ({
  app,
  chart: `vcluster-${VCLUSTER_VERSION}`,
  release: release.name,
  heritage: 'vcluster-constructs',
});

/** Merges label or annotation maps; returns undefined when empty so the key is left out, as the chart does. */
export function mergedMap(...maps: readonly (Readonly<Record<string, string>> | undefined)[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const map of maps) Object.assign(out, map ?? {});
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Global annotations (`controlPlane.advanced.globalMetadata.annotations`) every object carries. */
export function globalAnnotations(config: ResolvedConfig): Record<string, string> {
  return advanced(config).globalMetadata?.annotations ?? {};
}

/** The control plane's ServiceAccount: `controlPlane.advanced.serviceAccount.name` when set, as the chart names it. */
export function serviceAccountName(config: ResolvedConfig, release: Release): string {
  return advanced(config).serviceAccount?.name || names(release).serviceAccount;
}

/** `{ annotations }` when any are set, else nothing. */
export function optionalAnnotations(...maps: readonly (Readonly<Record<string, string>> | undefined)[]): { annotations?: Record<string, string> } {
  const merged = mergedMap(...maps);
  return merged ? { annotations: merged } : {};
}

/**
 * Metadata of a rendered object: its name in the release namespace, the chart's labels plus its own, and the global
 * annotations plus its own (its own win on a shared key, unless `globalAnnotationsWin`).
 */
export function objectMeta(config: ResolvedConfig, release: Release, name: string, extra: {
  readonly app?: 'vcluster' | 'vcluster-etcd';
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** The namespace when not the release's; `null` for a cluster-scoped object. */
  readonly namespace?: string | null;
  /**
   * The global annotations win over the object's own on a shared key. Some of the chart's templates merge them that
   * way round (`merge dict GLOBAL OWN` keeps the first value of a key), and a user moving over gets the same object.
   */
  readonly globalAnnotationsWin?: boolean;
} = {}) {
  const annotations = extra.globalAnnotationsWin ? [extra.annotations, globalAnnotations(config)] : [globalAnnotations(config), extra.annotations];
  const namespace = extra.namespace === undefined ? release.namespace : extra.namespace;
  return {
    name,
    ...(namespace === null ? {} : { namespace }),
    labels: { ...objectLabels(release, extra.app), ...extra.labels },
    ...optionalAnnotations(...annotations),
  };
}
