import type { BackingStoreValues, DistroValues, ResolvedControlPlane, ResolvedRuntime, RuntimeValues, StatefulSetValues } from './value-types';

export type * from './value-types';

/** A vcluster.yaml document: the surface keys are typed, every other key is carried to the syncer unchanged. */
export interface VClusterValues {
  readonly controlPlane?: {
    readonly distro?: DistroValues;
    readonly backingStore?: BackingStoreValues;
    readonly statefulSet?: StatefulSetValues;
    readonly [key: string]: unknown;
  };
  /** The runtime image (this library's key; it never reaches the syncer). */
  readonly runtime?: RuntimeValues;
  readonly [key: string]: unknown;
}


/** Which backing store serves the virtual cluster's etcd API. */
export type StoreChoice = 'database.embedded' | 'database.external' | 'etcd.embedded' | 'etcd.deploy';

/** A validated configuration: what every renderer takes. */
export interface ResolvedConfig {
  /** The interpreted `controlPlane` keys, every key defaulted, with vcluster.yaml's names. */
  readonly controlPlane: ResolvedControlPlane;
  /** The runtime image that serves the store, defaulted. */
  readonly runtime: ResolvedRuntime;
  /**
   * The user's whole values as given (the surface validated, nothing defaulted), without this library's own
   * top-level keys (`runtime`): what the syncer's config Secret holds once merged over the chart's defaults, as the
   * chart writes it (src/model/config-secret.ts).
   */
  readonly values: Record<string, unknown>;
  /** Dotted paths of keys that are kept for the syncer but not interpreted here (e.g. `sync`, `controlPlane.proxy`). */
  readonly outsideSurface: string[];
  /** The one enabled backing store (`database.embedded` when none is enabled). */
  readonly store: StoreChoice;
  /**
   * Settings that work but are probably not what the user wants (an even etcd member count), with the better
   * choice: every adapter shows them (stderr, the Pulumi log) and renders anyway.
   */
  readonly warnings: readonly ConfigProblem[];
  /**
   * The host cluster's Kubernetes version, as Helm's `.Capabilities.KubeVersion.Version` (set by `withKubeVersion`).
   * @default DEFAULT_KUBE_VERSION (helm template's)
   */
  readonly kubeVersion?: string;
}

/** One problem found in the values: where, and what to change. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}
