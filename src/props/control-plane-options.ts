import { mergeValues, parseImageReference, resolve, withKubeVersion, type ResolvedConfig, type StatefulSetValues, type VClusterValues } from '../config';
import type { IBackingStore } from './backing-store';
import type { IDistro } from './distro';
import type { PersistenceConfig } from './persistence';

/**
 * What a control plane is made of, shared by the cdk8s construct and the Pulumi component. This module loads no
 * cdk8s code, so the Pulumi side can use it without cdk8s installed.
 */
export interface ControlPlaneOptions {
  /**
   * The Kubernetes distro and versions of the control plane: `K8sDistro`, `K3sDistro` or `K0sDistro`.
   * @default - k8s, its component images at the host's Kubernetes version (`kubeVersion`), as the chart does
   */
  readonly distro?: IDistro;
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
   * Image of the runtime that serves the store (`vck storage`, `vck etcd`), e.g. a mirror in a private registry:
   * `registry.example.com/mirror/runtime:0.1.0`. `controlPlane.advanced.defaultImageRegistry` applies to it too.
   * @default ghcr.io/vcluster-constructs/runtime:<this library's runtime version>
   */
  readonly runtimeImage?: string;
  /**
   * Kubernetes version of the host cluster the control plane is installed in (what `helm install` reads from the
   * cluster and `helm template --kube-version` takes): the k8s distro's images follow it while no version or tag is
   * set, and StatefulSets carry `persistentVolumeClaimRetentionPolicy` from 1.27. `1.29` reads as `v1.29.0`.
   * @default v1.31.0 (helm template's default)
   */
  readonly kubeVersion?: string;
  /**
   * Any other vcluster.yaml values (e.g. `sync`, `networking`, `controlPlane.statefulSet.scheduling`), merged under
   * the options above, which win.
   * @default {}
   */
  readonly values?: VClusterValues;
}

/**
 * Options to values, then the config layer's validation and defaults. A typed option replaces the whole subtree it
 * stands for in `options.values` (`backingStore` replaces `controlPlane.backingStore`, `distro` the distro,
 * `persistence` the persistence): merged key by key, a typed store plus a store in the values would be two stores.
 */
export function resolveProps(options: ControlPlaneOptions): ResolvedConfig {
  const statefulSet: NonNullable<StatefulSetValues> = {
    ...(options.replicas !== undefined ? { highAvailability: { replicas: options.replicas } } : {}),
    ...(options.persistence ? { persistence: options.persistence.toValues() } : {}),
  };
  const overrides: VClusterValues = {
    controlPlane: {
      ...(options.distro ? { distro: { [options.distro.name]: options.distro.toValues() } } : {}),
      ...(options.backingStore ? { backingStore: options.backingStore.toValues() } : {}),
      ...(Object.keys(statefulSet).length > 0 ? { statefulSet } : {}),
    },
  };
  const runtime: VClusterValues = options.runtimeImage ? { runtime: { image: parseImageReference(options.runtimeImage, 'runtimeImage') } } : {};
  return withKubeVersion(resolve(mergeValues(withoutTyped(options), overrides, runtime)), options.kubeVersion);
}

/**
 * Where each typed option lands in vcluster.yaml: the subtree it replaces in `values`, and the path under which a
 * problem with it is found (the Pulumi component names the arg from it). `kubeVersion` describes the host, not the
 * values: it lands nowhere, and a problem with it is reported under its own name.
 */
export const OPTION_VALUE_PATHS: Readonly<Record<Exclude<keyof ControlPlaneOptions, 'values' | 'kubeVersion'>, string>> = {
  distro: 'controlPlane.distro',
  backingStore: 'controlPlane.backingStore',
  persistence: 'controlPlane.statefulSet.persistence',
  replicas: 'controlPlane.statefulSet.highAvailability.replicas',
  runtimeImage: 'runtime.image',
};

/** `options.values` without the subtrees the typed options that are set replace. */
function withoutTyped(options: ControlPlaneOptions): VClusterValues | undefined {
  if (!options.values) return undefined;
  const values = structuredClone(options.values) as Record<string, unknown>;
  for (const [option, path] of Object.entries(OPTION_VALUE_PATHS)) {
    if (options[option as keyof typeof OPTION_VALUE_PATHS] === undefined) continue;
    const steps = path.split('.');
    const parent = steps.slice(0, -1).reduce<unknown>((node, step) => (node as Record<string, unknown> | undefined)?.[step], values);
    if (typeof parent === 'object' && parent !== null) delete (parent as Record<string, unknown>)[steps[steps.length - 1]];
  }
  return values;
}
