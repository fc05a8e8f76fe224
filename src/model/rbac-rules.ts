import { truthy } from './template-truth';
import type { KubeObject } from './types';

/** A policy rule as the chart writes it; rules from the values pass through exactly as given. */
export type PolicyRule = Readonly<Record<string, unknown>>;

/** The verb lists of the chart's rules, in its order (kept, so a rendered rule equals the chart's). */
export const VERBS = {
  all: ['create', 'delete', 'patch', 'update', 'get', 'list', 'watch'],
  allWatchList: ['create', 'delete', 'patch', 'update', 'get', 'watch', 'list'],
  read: ['get', 'list', 'watch'],
  readWatchList: ['get', 'watch', 'list'],
  write: ['create', 'delete', 'patch', 'update'],
  getList: ['get', 'list'],
} as const;

/** One rule on resources of the given API groups (`''` is the core group). */
export function rule(apiGroups: readonly string[], resources: readonly string[], verbs: readonly string[]): PolicyRule {
  return { apiGroups: [...apiGroups], resources: [...resources], verbs: [...verbs] };
}

/** Whether rules are for the namespaced Role or the ClusterRole: the values keep the extra rules of each apart. */
export type RuleScope = 'role' | 'clusterRole';

/**
 * The rules the values add to a Role or ClusterRole, in the chart's order: custom resources synced (to the host for
 * the Role, from it for the ClusterRole), plugins (the legacy `plugin` map, then `plugins`), `experimental.genericSync`,
 * then `rbac.<scope>.extraRules`.
 */
export function extraRules(values: ChartRbacValues, scope: RuleScope): PolicyRule[] {
  return [...customResourceRules(values, scope), ...declaredExtraRules(values, scope)];
}

/**
 * The extra rules written out in the values (plugins, generic sync, `rbac`): any of them alone makes the chart render
 * a ClusterRole when `rbac.clusterRole.enabled` is `auto`.
 */
export function declaredExtraRules(values: ChartRbacValues, scope: RuleScope): PolicyRule[] {
  const plugins = [values.plugin, values.plugins].flatMap((map) => sortedEntries(map).map(([, plugin]) => plugin?.rbac?.[scope]?.extraRules));
  return [...plugins, values.experimental?.genericSync?.[scope]?.extraRules, values.rbac?.[scope]?.extraRules]
    .flatMap((rules) => (truthy(rules) ? rules as PolicyRule[] : []));
}

/**
 * A rule for each enabled custom resource (`sync.toHost.customResources` for the Role with every verb,
 * `sync.fromHost.customResources` for the ClusterRole, read only); a key `PLURAL.GROUP` splits at its first dot.
 */
function customResourceRules(values: ChartRbacValues, scope: RuleScope): PolicyRule[] {
  const resources = scope === 'role' ? values.sync?.toHost?.customResources : values.sync?.fromHost?.customResources;
  return sortedEntries(resources).filter(([, resource]) => truthy(resource?.enabled)).map(([key]) => {
    const dot = key.indexOf('.');
    const [plural, group] = dot < 0 ? [key, ''] : [key.slice(0, dot), key.slice(dot + 1)];
    return rule([group], [plural], scope === 'role' ? VERBS.all : VERBS.read);
  });
}

/** A map's entries in key order, as the chart's `range` visits them. */
function sortedEntries<T>(map: Readonly<Record<string, T>> | undefined): [string, T][] {
  return Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A binding of the control plane's ServiceAccount to a role. */
export function binding(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  metadata: KubeObject['metadata'],
  subject: { readonly name: string; readonly namespace: string },
  roleRef: { readonly kind: 'Role' | 'ClusterRole'; readonly name: string },
): KubeObject {
  return {
    apiVersion: RBAC_API_VERSION,
    kind,
    metadata,
    subjects: [{ kind: 'ServiceAccount', ...subject }],
    roleRef: { ...roleRef, apiGroup: RBAC_API_GROUP },
  };
}

export const RBAC_API_GROUP = 'rbac.authorization.k8s.io';
export const RBAC_API_VERSION = `${RBAC_API_GROUP}/v1`;

interface ScopedRules {
  readonly role?: { readonly extraRules?: unknown };
  readonly clusterRole?: { readonly extraRules?: unknown };
}

/** The parts of the values (the chart's defaults under the user's) that shape the Role and the ClusterRole. */
export interface ChartRbacValues {
  readonly plugin?: Readonly<Record<string, { readonly rbac?: ScopedRules } | undefined>>;
  readonly plugins?: Readonly<Record<string, { readonly rbac?: ScopedRules } | undefined>>;
  readonly experimental?: { readonly genericSync?: ScopedRules };
  readonly rbac?: ScopedRules;
  readonly sync?: {
    readonly toHost?: { readonly customResources?: Readonly<Record<string, { readonly enabled?: unknown } | undefined>> };
    readonly fromHost?: { readonly customResources?: Readonly<Record<string, { readonly enabled?: unknown } | undefined>> };
  };
}
