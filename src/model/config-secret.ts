import { createHash } from 'crypto';
import { stringify } from 'yaml';
import type { ResolvedConfig } from '../config';
import { STORE_ENDPOINT_SECRET_KEY } from '../contract';
import { globalAnnotations, names, objectLabels, optionalAnnotations } from './metadata';
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

/** Canonical YAML of the syncer's values: sorted keys, so equal values always give the same text and hash. */
export function syncerValuesYaml(config: ResolvedConfig): string {
  return stringify(syncerValues(config), { sortMapEntries: true });
}

/** The pod template annotation that rolls the control plane when its values change. */
export function configHash(config: ResolvedConfig): string {
  return createHash('sha256').update(syncerValuesYaml(config)).digest('hex');
}

/** Secret `vc-config-NAME`: the syncer's vcluster.yaml (and an inline external data source, kept out of pod specs). */
export function configSecret(config: ResolvedConfig, release: Release): KubeObject {
  const external = config.controlPlane.backingStore.database.external;
  const inlineDataSource = config.store === 'database.external' && !external.dataSourceSecret && external.dataSource !== '';
  const data: Record<string, string> = { 'config.yaml': Buffer.from(syncerValuesYaml(config)).toString('base64') };
  if (inlineDataSource) data[STORE_ENDPOINT_SECRET_KEY] = Buffer.from(external.dataSource).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: names(release).configSecret,
      namespace: release.namespace,
      labels: objectLabels(release),
      ...optionalAnnotations(globalAnnotations(config.values)),
    },
    type: 'Opaque',
    data,
  };
}
