import { z } from 'zod';
import { databaseTlsProblems } from './database-tls';
import { closest, ConfigError } from './errors';
import { convertLegacyKeys } from './legacy';
import { LATER_RELEASE_KEYS, OWN_TOP_LEVEL_KEYS } from './schema';
import { valuesSchema } from './surface';
import type { ConfigProblem, ResolvedConfig, ResolvedControlPlane, StoreChoice } from './types';
import { deepFreeze, isPlainObject } from './values';

const STORES: readonly StoreChoice[] = ['database.embedded', 'database.external', 'etcd.embedded', 'etcd.deploy'];

/**
 * Parses, validates and defaults vcluster.yaml values. Returns an immutable configuration, or throws one
 * `ConfigError` listing every problem with its path and the fix.
 */
export function resolve(values: unknown): ResolvedConfig {
  // Resolving is pure and its result deeply frozen, so equal values can share one result: a fleet stamps the same
  // values for many tenants. Failures are not kept; each call reports them.
  const key = keyOf(values);
  if (key === undefined) return resolveUncached(values);
  let config = recent.get(key);
  if (!config) {
    config = resolveUncached(values);
    if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value!);
    recent.set(key, config);
  }
  return config;
}

/** The values as JSON text, or undefined for what JSON cannot hold (cycles, bigints), which is then resolved each time. */
function keyOf(values: unknown): string | undefined {
  try {
    return JSON.stringify(values ?? {});
  } catch {
    return undefined;
  }
}

const RECENT_LIMIT = 256;
const recent = new Map<string, ResolvedConfig>();

function resolveUncached(values: unknown): ResolvedConfig {
  const input = values ?? {};
  if (!isPlainObject(input)) {
    throw new ConfigError([{ path: '(root)', message: 'values must be a map of keys (a vcluster.yaml document)' }]);
  }
  // The old keys first: converted ones are then validated in their new place, refused ones are reported with the rest.
  const legacy = convertLegacyKeys(input);
  const parsed = valuesSchema.safeParse(legacy.values);
  if (!parsed.success || legacy.problems.length > 0) {
    throw new ConfigError([...legacy.problems, ...(parsed.error?.issues.flatMap((issue) => describe(issue, valuesSchema)) ?? [])]);
  }
  const { controlPlane, runtime } = parsed.data;
  const store = enabledStore(controlPlane);
  const problems = [...crossFieldProblems(controlPlane, store), ...databaseTlsProblems(controlPlane, store[0] ?? 'database.embedded'),
    ...syncerRuleProblems(legacy.values)];
  if (problems.length > 0) throw new ConfigError(problems);

  return deepFreeze({
    controlPlane,
    runtime,
    // A copy (the conversion's): the config is frozen, the caller's values are left alone.
    values: withoutOwnKeys(legacy.values),
    store: store.length === 1 ? store[0] : 'database.embedded',
    warnings: [...legacy.warnings, ...warnings(controlPlane, store[0] ?? 'database.embedded')],
  });
}

function withoutOwnKeys(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !(OWN_TOP_LEVEL_KEYS as readonly string[]).includes(key)));
}

/** The stores enabled in the values, in a fixed order. */
function enabledStore(cp: ResolvedControlPlane): StoreChoice[] {
  const b = cp.backingStore;
  const enabled: Record<StoreChoice, boolean> = {
    'database.embedded': b.database.embedded.enabled,
    'database.external': b.database.external.enabled,
    'etcd.embedded': b.etcd.embedded.enabled,
    'etcd.deploy': b.etcd.deploy.enabled,
  };
  return STORES.filter((s) => enabled[s]);
}

function crossFieldProblems(cp: ResolvedControlPlane, stores: StoreChoice[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const store = stores[0] ?? 'database.embedded';
  const ha = cp.statefulSet.highAvailability;

  if (stores.length > 1) {
    add('controlPlane.backingStore', `only one backing store can be enabled; found ${stores.join(' and ')}: `
      + 'set enabled: false on all but one');
  }
  if (store === 'database.embedded' && ha.replicas > 1) {
    add('controlPlane.statefulSet.highAvailability.replicas', `${ha.replicas} replicas cannot share the embedded SQLite `
      + 'database: use 1 replica, or enable etcd.embedded, etcd.deploy or database.external for high availability');
  }
  if (ha.renewDeadline >= ha.leaseDuration) {
    add('controlPlane.statefulSet.highAvailability.renewDeadline', `must be less than leaseDuration (${ha.leaseDuration})`);
  }
  if (ha.retryPeriod >= ha.renewDeadline) {
    add('controlPlane.statefulSet.highAvailability.retryPeriod', `must be less than renewDeadline (${ha.renewDeadline})`);
  }
  const persistence = cp.statefulSet.persistence;
  if (persistence.dataVolume.length > 0 && (persistence.volumeClaim.enabled === true || persistence.volumeClaimTemplates.length > 0)) {
    add('controlPlane.statefulSet.persistence.dataVolume', 'cannot be used together with an enabled volume claim: '
      + 'remove dataVolume, or set persistence.volumeClaim.enabled: false and leave volumeClaimTemplates empty');
  }
  for (const [i, volume] of persistence.dataVolume.entries()) {
    if (volume.name !== 'data') {
      add(`controlPlane.statefulSet.persistence.dataVolume[${i}].name`, 'must be "data": the control plane mounts its data volume by that name');
    }
    const claim = (volume.persistentVolumeClaim as { claimName?: string } | undefined)?.claimName;
    if (claim !== undefined && ha.replicas > 1) {
      add(`controlPlane.statefulSet.persistence.dataVolume[${i}].persistentVolumeClaim`, `all ${ha.replicas} replicas would mount the `
        + `one claim "${claim}" as their data volume: use a volume claim per replica (persistence.volumeClaim), or 1 replica`);
    }
  }
  const external = cp.backingStore.database.external;
  if (external.enabled && external.dataSource === '' && !external.dataSourceSecret) {
    // A connector names a Secret of a connected vCluster Platform, which creates the database and hands the data source
    // to its own syncer; this library's storage reads the data source itself, so it needs one here.
    const [path, why] = external.connector !== ''
      ? ['controlPlane.backingStore.database.external.connector', 'a connector is resolved by vCluster Platform, which this library does not use; ']
      : ['controlPlane.backingStore.database.external', ''];
    add(path, `${why}needs a data source: set dataSourceSecret: { name, key } (a Secret holding e.g. `
      + 'postgres://user:pass@host:5432/db), or dataSource');
  }
  if (cp.backingStore.etcd.embedded.migrateFromDeployedEtcd) {
    if (!cp.backingStore.etcd.embedded.enabled) {
      add('controlPlane.backingStore.etcd.embedded.migrateFromDeployedEtcd', 'only works with etcd.embedded.enabled: true');
    }
    if (ha.replicas !== 1) {
      add('controlPlane.backingStore.etcd.embedded.migrateFromDeployedEtcd', `migrations run with 1 replica only, found ${ha.replicas}: `
        + 'migrate with replicas: 1, then scale up in a second change');
    }
  }
  return problems;
}

/**
 * Whether a data source carries a password: `scheme://user:password@host` (PostgreSQL, MySQL URLs),
 * `user:password@tcp(host)/db` (Go MySQL DSNs) or a `password=` parameter (PostgreSQL key/value strings).
 */
export function carriesPassword(dataSource: string): boolean {
  const authority = dataSource.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return /^[^@/?]*:[^@/?]*@/.test(authority) || /(^|[\s?&])password=/i.test(dataSource);
}

/**
 * What works but is likely a mistake: a password in an inline data source (accepted as the chart accepts it, and kept
 * out of pod specs, but written into the config Secret of the manifests); an even etcd member count (as many failures
 * tolerated as one member fewer, with a larger quorum to reach).
 */
function warnings(cp: ResolvedControlPlane, store: StoreChoice): ConfigProblem[] {
  return [...inlinePasswordWarnings(cp), ...evenMemberWarnings(cp, store)];
}

function inlinePasswordWarnings(cp: ResolvedControlPlane): ConfigProblem[] {
  return Object.entries(cp.backingStore.database)
    .filter(([, database]) => database.enabled && !database.dataSourceSecret && carriesPassword(database.dataSource))
    .map(([kind]) => ({
      path: `controlPlane.backingStore.database.${kind}.dataSource`,
      message: 'holds a password, which is written into the manifests (Secret vc-config-NAME): put the data source in a '
        + 'Secret of your own and set dataSourceSecret: { name, key } instead',
    }));
}

function evenMemberWarnings(cp: ResolvedControlPlane, store: StoreChoice): ConfigProblem[] {
  const members = store === 'etcd.embedded' ? ['controlPlane.statefulSet.highAvailability.replicas', cp.statefulSet.highAvailability.replicas] as const
    : store === 'etcd.deploy' ? ['controlPlane.backingStore.etcd.deploy.statefulSet.highAvailability.replicas', cp.backingStore.etcd.deploy.statefulSet.highAvailability.replicas] as const
      : undefined;
  if (!members || members[1] % 2 !== 0) return [];
  const [path, count] = members;
  return [{
    path,
    message: `${count} etcd members tolerate as many failures as ${count - 1} (${(count - 2) / 2}) and need a larger quorum `
      + `(${count / 2 + 1}): use ${count - 1} or ${count + 1}`,
  }];
}

/**
 * Rules of the syncer's own validation (pkg/config/validation.go at v0.21.6) that span sections: refused here, at
 * render time, rather than by the syncer at start.
 */
function syncerRuleProblems(values: Record<string, any>): ConfigProblem[] {
  if (values.controlPlane?.advanced?.virtualScheduler?.enabled === true && values.sync?.fromHost?.nodes?.enabled !== true) {
    return [{
      path: 'sync.fromHost.nodes.enabled',
      message: 'must be true with controlPlane.advanced.virtualScheduler.enabled: true (the virtual scheduler places pods '
        + 'on the host nodes the syncer shows it), or disable the virtual scheduler',
    }];
  }
  return [];
}

/** Turns one zod issue into problems with a full path and a fix, suggesting the closest key for unknown ones. */
function describe(issue: z.ZodIssue, schema: z.ZodTypeAny): ConfigProblem[] {
  const at = issue.path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('').replace(/^\./, '');
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    const known = keysAt(schema, issue.path);
    return issue.keys.map((key) => {
      const path = at === '' ? key : `${at}.${key}`;
      const later = LATER_RELEASE_KEYS[path];
      if (later) return { path, message: later };
      const guess = closest(key, known);
      const hint = guess ? `did you mean ${guess}?` : `known keys: ${known.join(', ')}`;
      return { path, message: `unknown key: ${hint}` };
    });
  }
  const path = at === '' ? '(root)' : at;
  if (issue.code === z.ZodIssueCode.invalid_type) {
    return [{ path, message: `expected ${issue.expected}, got ${issue.received}` }];
  }
  return [{ path, message: issue.message }];
}

/** The keys a schema knows at a path below its root. */
function keysAt(root: z.ZodTypeAny, path: readonly (string | number)[]): string[] {
  let schema = root;
  for (const step of [...path, undefined]) {
    schema = unwrap(schema);
    if (step === undefined) break;
    if (schema instanceof z.ZodObject) schema = schema.shape[step] ?? schema._def.catchall;
    else if (schema instanceof z.ZodRecord) schema = schema.valueSchema;
    else if (schema instanceof z.ZodArray) schema = schema.element;
    else return [];
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The schema inside defaults, optionals, nullables and refinements: what shapes the value. */
export function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodDefault) s = s._def.innerType;
    else if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
    else if (s instanceof z.ZodEffects) s = s.innerType();
    else return s;
  }
}
