import type { ControlPlaneSectionsValues } from './surface/types';

/**
 * The typed surface of vcluster.yaml as a user writes it: every key optional, documented with the chart's defaults.
 * Written out rather than inferred from the zod schema so that they read like props in editors and the API docs;
 * `schema-agreement.ts` fails the build when they and the schema that parses them disagree on any key or type.
 */

/** A Kubernetes object carried as is (affinity, security contexts, volumes...), validated by the API server. */
export type KubeObjectValues = Record<string, unknown>;

/** An image, as the chart writes images. */
export interface ImageSettings {
  /**
   * Registry host, e.g. `registry.k8s.io` or `my-registry.com:5000`; empty for Docker Hub.
   * @default - the image's own registry
   */
  readonly registry?: string;
  /**
   * Repository path, e.g. `kube-apiserver`.
   * @default - the image's own repository
   */
  readonly repository?: string;
  /**
   * Tag of the image.
   * @default - the image's default tag
   */
  readonly tag?: string;
}

/** How an image is pulled. Empty leaves it to the cluster's default. */
export type ImagePullPolicy = '' | 'Always' | 'IfNotPresent' | 'Never';

/** Container resources; every value is a Kubernetes quantity (`200m`, `256Mi`). */
export interface ResourceSettings {
  /**
   * Upper bounds.
   * @default - the component's defaults
   */
  readonly limits?: Record<string, string>;
  /**
   * What the scheduler reserves.
   * @default - the component's defaults
   */
  readonly requests?: Record<string, string>;
}

/** One Kubernetes component of the k8s distro (kube-apiserver, kube-controller-manager, kube-scheduler). */
export interface K8sComponentValues {
  /**
   * Whether the component runs (not for the scheduler, which the virtual scheduler switches).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Image of the component.
   * @default registry.k8s.io/<component>:<distro version>
   */
  readonly image?: ImageSettings;
  /**
   * Pull policy of the image.
   * @default ''
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Replaces the component's command.
   * @default []
   */
  readonly command?: readonly string[];
  /**
   * Flags appended to the component's defaults.
   * @default []
   */
  readonly extraArgs?: readonly string[];
}

/** `controlPlane.distro.k8s`: vanilla Kubernetes components run by the syncer. */
export interface K8sDistroValues {
  /**
   * Whether the k8s distro is chosen (it is the only one, and the default).
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * Kubernetes version of every component image (`v1.30.2`); a component's own tag wins.
   * @default ''
   */
  readonly version?: string;
  /** kube-apiserver. @default - enabled, the distro's image */
  readonly apiServer?: K8sComponentValues;
  /** kube-controller-manager. @default - enabled, the distro's image */
  readonly controllerManager?: K8sComponentValues;
  /** kube-scheduler (run with the virtual scheduler). @default - the distro's image */
  readonly scheduler?: Omit<K8sComponentValues, 'enabled'>;
  /**
   * Environment of the components.
   * @default []
   */
  readonly env?: readonly KubeObjectValues[];
  /**
   * Resources of the init containers that copy the component binaries.
   * @default { limits: { cpu: 100m, memory: 256Mi }, requests: { cpu: 40m, memory: 64Mi } }
   */
  readonly resources?: ResourceSettings;
  /**
   * Security context of those init containers.
   * @default {}
   */
  readonly securityContext?: KubeObjectValues;
}

/** What `controlPlane.distro.k3s` and `.k0s` share: one binary, copied from the distro's image by an init container. */
export interface SingleBinaryDistroValues {
  /**
   * Whether this distro is chosen; only one distro can be enabled.
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * Replaces the command the syncer starts the distro with.
   * @default []
   */
  readonly command?: readonly string[];
  /**
   * Flags appended to the distro's command.
   * @default []
   */
  readonly extraArgs?: readonly string[];
  /**
   * Pull policy of the distro image.
   * @default ''
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Image the init container copies the distro binary from.
   * @default rancher/k3s:v1.31.1-k3s1 (k3s), k0sproject/k0s:v1.30.2-k0s.0 (k0s)
   */
  readonly image?: ImageSettings;
  /**
   * Environment of the syncer container, which runs the distro (not of the init container).
   * @default []
   */
  readonly env?: readonly KubeObjectValues[];
  /**
   * Security context of the init container.
   * @default {}
   */
  readonly securityContext?: KubeObjectValues;
  /**
   * Resources of the init container.
   * @default { limits: { cpu: 100m, memory: 256Mi }, requests: { cpu: 40m, memory: 64Mi } }
   */
  readonly resources?: ResourceSettings;
}

/** `controlPlane.distro.k3s`: k3s run by the syncer. */
export interface K3sDistroValues extends SingleBinaryDistroValues {
  /**
   * The k3s server token.
   * @default '' (the syncer generates one and keeps it in Secret vc-k3s-NAME)
   */
  readonly token?: string;
}

/** `controlPlane.distro.k0s`: k0s run by the syncer. */
export interface K0sDistroValues extends SingleBinaryDistroValues {
  /**
   * A k0s cluster config template that replaces the syncer's own.
   * @default ''
   */
  readonly config?: string;
}

/** `controlPlane.distro`: at most one distro enabled; k8s when none is. */
export interface DistroValues {
  /**
   * The k8s distro: kube-apiserver, kube-controller-manager and kube-scheduler.
   * @default - the chart's k8s settings
   */
  readonly k8s?: K8sDistroValues;
  /**
   * The k3s distro.
   * @default - not enabled
   */
  readonly k3s?: K3sDistroValues;
  /**
   * The k0s distro.
   * @default - not enabled
   */
  readonly k0s?: K0sDistroValues;
}

/** A volume claim per replica, as the chart's `persistence.volumeClaim`. */
export interface VolumeClaimValues<Enabled = boolean | 'auto'> {
  /**
   * Whether each replica gets a claim; `auto` (the control plane only): when the store keeps its data in the pod
   * (SQLite, embedded etcd).
   * @default auto (control plane), true (deployed etcd)
   */
  readonly enabled?: Enabled;
  /**
   * Access modes of the claim.
   * @default [ReadWriteOnce]
   */
  readonly accessModes?: readonly ('ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod')[];
  /**
   * What happens to the claims when the virtual cluster is deleted.
   * @default Retain
   */
  readonly retentionPolicy?: 'Retain' | 'Delete';
  /**
   * Size of the claim, a quantity.
   * @default 5Gi
   */
  readonly size?: string;
  /**
   * Storage class of the claim.
   * @default - the cluster's default
   */
  readonly storageClass?: string;
}

/** Where pods are placed. */
export interface SchedulingValues {
  /**
   * How the StatefulSet starts and stops its pods.
   * @default Parallel
   */
  readonly podManagementPolicy?: 'Parallel' | 'OrderedReady';
  /** @default {} */
  readonly nodeSelector?: Record<string, string>;
  /** @default {} */
  readonly affinity?: KubeObjectValues;
  /** @default [] */
  readonly tolerations?: readonly KubeObjectValues[];
  /** @default [] */
  readonly topologySpreadConstraints?: readonly KubeObjectValues[];
  /** @default '' */
  readonly priorityClassName?: string;
}

/** Security contexts of a pod and its main container. */
export interface SecurityValues {
  /** @default {} */
  readonly podSecurityContext?: KubeObjectValues;
  /** @default - the chart's (the syncer: allowPrivilegeEscalation false, uid and gid 0) */
  readonly containerSecurityContext?: KubeObjectValues;
}

/** Labels and annotations. */
export interface MetadataValues {
  /** @default {} */
  readonly labels?: Record<string, string>;
  /** @default {} */
  readonly annotations?: Record<string, string>;
}

/** What the control plane's and the deployed etcd's StatefulSets share: image, environment and placement of a pod. */
export interface WorkloadValues extends MetadataValues {
  /** @default - the workload's image */
  readonly image?: ImageSettings;
  /** @default '' */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** @default [] */
  readonly env?: readonly KubeObjectValues[];
  /** @default - the workload's (the chart's) */
  readonly resources?: ResourceSettings;
  /** Metadata of the pods. @default {} */
  readonly pods?: MetadataValues;
  /** @default - Parallel, nothing else */
  readonly scheduling?: SchedulingValues;
  /** @default - the workload's (the chart's) */
  readonly security?: SecurityValues;
  /** @default true */
  readonly enableServiceLinks?: boolean;
}

/** A volume mounted into the main container, with the keys of a Kubernetes VolumeMount (a type: a Kubernetes object). */
export type VolumeMountValues = {
  /** Name of the volume (one of `addVolumes`). */
  readonly name: string;
  /** Where the volume is mounted. */
  readonly mountPath: string;
  /** @default false */
  readonly readOnly?: boolean;
  /** @default - the volume's root */
  readonly subPath?: string;
  /** @default - None */
  readonly mountPropagation?: string;
  /** @default - none */
  readonly subPathExpr?: string;
};

/** Volumes of a StatefulSet: a claim per replica, or templates of one's own, and extra volumes. */
export interface ClaimPersistenceValues<ClaimEnabled = boolean | 'auto'> {
  readonly volumeClaim?: VolumeClaimValues<ClaimEnabled>;
  readonly volumeClaimTemplates?: readonly KubeObjectValues[];
  readonly addVolumes?: readonly KubeObjectValues[];
  readonly addVolumeMounts?: readonly VolumeMountValues[];
}

/** `controlPlane.backingStore.etcd.deploy.statefulSet`: the etcd members (registry.k8s.io/etcd:3.5.15-0, requests 20m/150Mi). */
export interface EtcdStatefulSetValues extends WorkloadValues {
  /** @default true */
  readonly enabled?: boolean;
  /** Extra etcd flags. @default [] */
  readonly extraArgs?: readonly string[];
  /** @default { replicas: 1 } */
  readonly highAvailability?: { readonly replicas?: number };
  /** @default - a 5Gi claim per member */
  readonly persistence?: ClaimPersistenceValues<boolean>;
}

/** `controlPlane.backingStore.etcd.deploy`: an etcd StatefulSet `NAME-etcd`, run by this library's etcd manager. */
export interface EtcdDeployValues {
  /** @default false */
  readonly enabled?: boolean;
  /** The StatefulSet. @default - enabled, one replica, a 5Gi claim each */
  readonly statefulSet?: EtcdStatefulSetValues;
  /** Service `NAME-etcd`. @default { enabled: true } */
  readonly service?: { readonly enabled?: boolean; readonly annotations?: Record<string, string> };
  /** Service `NAME-etcd-headless` (always rendered). @default {} */
  readonly headlessService?: { readonly annotations?: Record<string, string> };
}

/** A key of a Secret in the release namespace. */
export interface SecretKeyValues {
  /** Name of the Secret. */
  readonly name: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** An SQL database as the store. */
export interface DatabaseValues {
  /** @default false */
  readonly enabled?: boolean;
  /**
   * The data source inline, as the chart takes it (kept in Secret vc-config-NAME, never in a pod spec).
   * @default ''
   */
  readonly dataSource?: string;
  /**
   * This library's addition: the data source read from a Secret key, so credentials stay out of the manifests.
   * @default - none
   */
  readonly dataSourceSecret?: SecretKeyValues;
  /** @default '' */
  readonly keyFile?: string;
  /** @default '' */
  readonly certFile?: string;
  /** @default '' */
  readonly caFile?: string;
}

/** `controlPlane.backingStore`: exactly one store enabled; none means the embedded SQLite database. */
export interface BackingStoreValues {
  /** @default - SQLite embedded */
  readonly database?: {
    readonly embedded?: DatabaseValues;
    /** PostgreSQL or MySQL. `connector` names a vCluster Platform connector (refused without a data source). */
    readonly external?: DatabaseValues & { readonly connector?: string };
  };
  /** @default - disabled */
  readonly etcd?: {
    /** etcd in the control plane pods, a member per replica. */
    readonly embedded?: { readonly enabled?: boolean; readonly migrateFromDeployedEtcd?: boolean };
    readonly deploy?: EtcdDeployValues;
  };
}

/**
 * `controlPlane.statefulSet`: the control plane workload (a StatefulSet, or a Deployment when it keeps no state); the
 * syncer image ghcr.io/loft-sh/vcluster-pro at the pinned vCluster version, the chart's resources (limits:
 * ephemeral-storage 8Gi, memory 2Gi) and security context.
 */
export interface StatefulSetValues extends WorkloadValues {
  /** @default '' */
  readonly workingDir?: string;
  /** @default [] */
  readonly command?: readonly string[];
  /** @default [] */
  readonly args?: readonly string[];
  /** Replicas and the syncer's leader election. @default { replicas: 1, leaseDuration: 60, renewDeadline: 40, retryPeriod: 15 } */
  readonly highAvailability?: {
    readonly replicas?: number;
    readonly leaseDuration?: number;
    readonly renewDeadline?: number;
    readonly retryPeriod?: number;
  };
  /** Where the control plane keeps its data. @default - a volume claim when the store keeps state in the pod */
  readonly persistence?: ClaimPersistenceValues & {
    /** A volume named `data` instead of a claim. */
    readonly dataVolume?: readonly KubeObjectValues[];
    readonly binariesVolume?: readonly KubeObjectValues[];
  };
  /** @default - every probe enabled */
  readonly probes?: {
    readonly livenessProbe?: { readonly enabled?: boolean };
    readonly readinessProbe?: { readonly enabled?: boolean };
    readonly startupProbe?: { readonly enabled?: boolean };
  };
  /** @default '' */
  readonly dnsPolicy?: '' | 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  /** DNS settings of the pods. @default {} */
  readonly dnsConfig?: PodDnsConfigValues;
}

/** A Kubernetes PodDNSConfig. */
export interface PodDnsConfigValues {
  /** @default [] */
  readonly nameservers?: readonly string[];
  /** @default [] */
  readonly searches?: readonly string[];
  /** @default [] */
  readonly options?: readonly { readonly name?: string; readonly value?: string }[];
}

/** `runtime`: this library's own key (it never reaches the syncer). */
export interface RuntimeValues {
  /** Image of `vck storage` and `vck etcd`. @default ghcr.io/vcluster-constructs/runtime:<runtime version> */
  readonly image?: ImageSettings;
  /** @default '' */
  readonly imagePullPolicy?: ImagePullPolicy;
}

/** Kubernetes objects with optional keys, which resolving carries as they are. */
type CarriedAsIs = VolumeMountValues | PodDnsConfigValues;

/** Keys without a default: they stay optional once the values are resolved. */
type KeptOptional = 'dataSourceSecret' | 'limits' | 'requests';

/**
 * Values as they are once resolved: every key present with its default, except the few that have none
 * (`dataSourceSecret`, and the `limits` and `requests` of resources).
 */
export type Defaulted<T> = T extends CarriedAsIs ? T : T extends readonly (infer E)[] ? Defaulted<E>[]
  : T extends object
    ? { [K in keyof T as K extends KeptOptional ? never : K]-?: Defaulted<Exclude<T[K], undefined>> }
    & { [K in keyof T as K extends KeptOptional ? K : never]?: Defaulted<Exclude<T[K], undefined>> }
    : T;

/** The `controlPlane` keys the model renders from, every key defaulted, and the other `controlPlane` keys as given. */
export type ResolvedControlPlane = {
  distro: Defaulted<DistroValues>;
  backingStore: Defaulted<BackingStoreValues>;
  statefulSet: Defaulted<StatefulSetValues>;
} & ControlPlaneSectionsValues;

/** `runtime`, every key defaulted. */
export type ResolvedRuntime = Defaulted<RuntimeValues>;
