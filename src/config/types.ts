import type {
  ControlPlaneSectionsValues, ExperimentalValues, ExportKubeConfigValues, ExternalValues, IntegrationsValues, NetworkingValues,
  PluginsValues, PluginValues, PoliciesValues, RbacValues, SyncValues, TelemetryValues,
} from './surface/types';
import type { BackingStoreValues, DistroValues, ResolvedControlPlane, ResolvedRuntime, RuntimeValues, StatefulSetValues } from './value-types';

export type * from './value-types';
export type * from './surface/types';

/**
 * A vcluster.yaml document (v0.21.6): the keys this library defaults are written out with their defaults, the other
 * sections are typed from their schemas; any other key is refused.
 */
export interface VClusterValues {
  readonly controlPlane?: {
    readonly distro?: DistroValues;
    readonly backingStore?: BackingStoreValues;
    readonly statefulSet?: StatefulSetValues;
  } & ControlPlaneSectionsValues;
  /** The runtime image (this library's key; it never reaches the syncer). */
  readonly runtime?: RuntimeValues;
  /** Values shared with subcharts, free-form. */
  readonly global?: unknown;
  readonly exportKubeConfig?: ExportKubeConfigValues;
  readonly sync?: SyncValues;
  readonly integrations?: IntegrationsValues;
  readonly networking?: NetworkingValues;
  readonly policies?: PoliciesValues;
  readonly rbac?: RbacValues;
  readonly plugins?: PluginsValues;
  readonly experimental?: ExperimentalValues;
  readonly external?: ExternalValues;
  readonly telemetry?: TelemetryValues;
  /** The host cluster's Service CIDR, when the syncer cannot find it itself. */
  readonly serviceCIDR?: string;
  readonly pro?: boolean;
  readonly plugin?: PluginValues;
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
   * The user's whole values as given (validated, nothing defaulted, keys of vCluster < 0.20 moved to their v0.21
   * place), without this library's own
   * top-level keys (`runtime`): what the syncer's config Secret holds once merged over the chart's defaults, as the
   * chart writes it (src/model/config-secret.ts).
   */
  readonly values: Record<string, unknown>;
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
