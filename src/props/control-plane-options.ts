import { mergeValues, resolve, type ResolvedConfig, type StatefulSetValues, type VClusterValues } from '../config';
import type { IBackingStore } from './backing-store';
import type { K8sDistro } from './distro';
import type { PersistenceConfig } from './persistence';

/**
 * What a control plane is made of, shared by the cdk8s construct and the Pulumi component. This module loads no
 * cdk8s code, so the Pulumi side can use it without cdk8s installed.
 */
export interface ControlPlaneOptions {
  /**
   * The Kubernetes distro and versions of the control plane.
   * @default K8sDistro.v1_30()
   */
  readonly distro?: K8sDistro;
  /**
   * Where the virtual cluster's state lives.
   * @default SqlBackingStore.sqlite()
   */
  readonly backingStore?: IBackingStore;
  /**
   * Where the control plane keeps its data.
   * @default PersistenceConfig.auto()
   */
  readonly persistence?: PersistenceConfig;
  /**
   * Control plane replicas. More than one needs etcd or an external database.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Any other vcluster.yaml values (e.g. `sync`, `networking`, `controlPlane.statefulSet.scheduling`), merged under
   * the options above, which win.
   * @default {}
   */
  readonly values?: VClusterValues;
}

/** Options to values (the options win over `options.values`), then the config layer's validation and defaults. */
export function resolveProps(options: ControlPlaneOptions): ResolvedConfig {
  const statefulSet: NonNullable<StatefulSetValues> = {
    ...(options.replicas !== undefined ? { highAvailability: { replicas: options.replicas } } : {}),
    ...(options.persistence ? { persistence: options.persistence.toValues() } : {}),
  };
  const overrides: VClusterValues = {
    controlPlane: {
      ...(options.distro ? { distro: { k8s: options.distro.toValues() } } : {}),
      ...(options.backingStore ? { backingStore: options.backingStore.toValues() } : {}),
      ...(Object.keys(statefulSet).length > 0 ? { statefulSet } : {}),
    },
  };
  return resolve(mergeValues(options.values, overrides));
}
