/** Where a virtual cluster is installed: the Helm release name and namespace of the vCluster chart. */
export interface Release {
  /** Release name: names every object (`NAME`, `NAME-headless`, `vc-NAME`, `vc-config-NAME`...). */
  readonly name: string;
  /** Namespace every namespaced object is placed in. */
  readonly namespace: string;
}

/** A rendered Kubernetes object, as plain JSON (what `kubectl apply` takes). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}
