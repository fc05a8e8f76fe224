import { createHash } from 'crypto';
import type { ResolvedConfig } from '../config';
import { STORE_ENDPOINT_SECRET_KEY } from '../contract';
import { names, objectMeta } from './metadata';
import type { KubeObject, Release } from './types';

/** Stores served by our runtime: the syncer reaches them as the chart's deployed etcd, through Service `NAME-etcd`. */
const SERVED_BY_RUNTIME = new Set(['database.embedded', 'database.external', 'etcd.embedded']);

/**
 * The values the syncer reads. Where our runtime serves the store, the backing store is presented to the syncer as
 * a deployed etcd without its StatefulSet, so the syncer's kube-apiserver dials `https://NAME-etcd:2379` with the
 * certificates it generated, and Service `NAME-etcd` leads to the runtime container (docs/runtime-contract.md).
 */
export function syncerValues(config: ResolvedConfig): Record<string, unknown> {
  if (!SERVED_BY_RUNTIME.has(config.store)) return config.values;
  const controlPlane = config.values.controlPlane as Record<string, unknown>;
  return {
    ...config.values,
    controlPlane: {
      ...controlPlane,
      backingStore: {
        etcd: {
          deploy: {
            enabled: true,
            statefulSet: { enabled: false },
            service: { enabled: true },
            headlessService: { enabled: false },
          },
        },
      },
    },
  };
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
