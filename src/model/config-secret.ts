import { createHash } from 'crypto';
import { CHART_DEFAULTS, withDefaults, type ResolvedConfig } from '../config';
import { STORE_ENDPOINT_SECRET_KEY } from '../contract';
import { names, objectMeta } from './metadata';
import type { KubeObject, Release } from './types';

/** Stores served by our runtime: the syncer reaches them as the chart's deployed etcd, through Service `NAME-etcd`. */
const SERVED_BY_RUNTIME = new Set(['database.embedded', 'database.external', 'etcd.embedded']);

/**
 * How the syncer is told of a store our runtime serves: a deployed etcd without its StatefulSet, reached through
 * Service `NAME-etcd` (pkg/k8s/k8s.go, StartK8S at v0.21.6: `--etcd-servers=https://NAME-etcd:2379` with the
 * certificates the syncer generated), which leads to the runtime container (docs/runtime-contract.md).
 */
const RUNTIME_STORE_AS_DEPLOYED_ETCD = { enabled: true, statefulSet: { enabled: false }, service: { enabled: true } };

/**
 * The values the syncer reads, as the chart v0.21.6 writes them (chart/templates/config-secret.yaml: the whole
 * `.Values`): the user's values over the chart's complete defaults, since the syncer applies none of its own and
 * refuses any key it does not know (pkg/config/parse.go). The backing store is the chart's default with only
 * `etcd.deploy` taken over: the user's for etcd.deploy, else {@link RUNTIME_STORE_AS_DEPLOYED_ETCD}; so nothing this
 * library adds to the backing store (`dataSourceSecret`) ever reaches the syncer.
 */
export function syncerValues(config: ResolvedConfig): Record<string, unknown> {
  const values = chartValues(config);
  const userDeploy = (config.values.controlPlane as UserBackingStore | undefined)?.backingStore?.etcd?.deploy ?? {};
  const deploy = SERVED_BY_RUNTIME.has(config.store) ? RUNTIME_STORE_AS_DEPLOYED_ETCD : userDeploy;
  return {
    ...values,
    controlPlane: {
      ...values.controlPlane as Record<string, unknown>,
      backingStore: withDefaults(CHART_DEFAULTS.controlPlane.backingStore, { etcd: { deploy } }),
    },
  };
}

/**
 * The values as the chart's templates see them: the user's over the chart's defaults. Computed once per config (which
 * is immutable) and shared by everything rendered from them (the config Secret, the CoreDNS manifests); not to be
 * changed.
 */
export function chartValues(config: ResolvedConfig): Readonly<Record<string, any>> {
  let values = merged.get(config);
  if (!values) {
    values = withDefaults(CHART_DEFAULTS, config.values);
    merged.set(config, values);
  }
  return values;
}

const merged = new WeakMap<ResolvedConfig, Record<string, any>>();

interface UserBackingStore {
  readonly backingStore?: { readonly etcd?: { readonly deploy?: Record<string, unknown> } };
}

/**
 * The syncer's values as the config Secret holds them, and their hash, which rolls the pods when they change. The
 * text is canonical JSON (sorted keys): equal values always give the same text and hash. JSON is YAML, which is what
 * the syncer parses, and it is an order of magnitude cheaper to produce than YAML text.
 */
export interface SyncerValuesText {
  /** SHA-256 of the text (the pod template's `vClusterConfigHash`). */
  readonly hash: string;
  /** The text in base64, as Secret data. */
  readonly base64: string;
}

/** The syncer's values text of a config: computed once per config, which is immutable. */
export function syncerValuesText(config: ResolvedConfig): SyncerValuesText {
  let values = texts.get(config);
  if (!values) {
    const text = JSON.stringify(sortKeys(syncerValues(config)));
    values = { hash: createHash('sha256').update(text).digest('hex'), base64: Buffer.from(text).toString('base64') };
    texts.set(config, values);
  }
  return values;
}

const texts = new WeakMap<ResolvedConfig, SyncerValuesText>();

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
}

/** Secret `vc-config-NAME`: the syncer's vcluster.yaml (and an inline external data source, kept out of pod specs). */
export function configSecret(config: ResolvedConfig, release: Release, values: SyncerValuesText): KubeObject {
  const external = config.controlPlane.backingStore.database.external;
  const inlineDataSource = config.store === 'database.external' && !external.dataSourceSecret && external.dataSource !== '';
  const data: Record<string, string> = { 'config.yaml': values.base64 };
  if (inlineDataSource) data[STORE_ENDPOINT_SECRET_KEY] = Buffer.from(external.dataSource).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta(config, release, names(release).configSecret),
    type: 'Opaque',
    data,
  };
}
