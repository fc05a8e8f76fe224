/**
 * vcluster-constructs: virtual Kubernetes control planes from cdk8s (this entry point) and Pulumi
 * (`vcluster-constructs/pulumi`). This entry point never loads Pulumi.
 */
export * from './cdk8s';
export { resolve, ConfigError, mergeValues, applySet, withKubeVersion, DEFAULT_KUBE_VERSION } from './config';
export type { VClusterValues, ResolvedConfig, StoreChoice, ConfigProblem } from './config';
// The typed vcluster.yaml surface (`K8sDistroValues`, `StatefulSetValues`...), documented key by key.
export type * from './config/value-types';
// The other sections of vcluster.yaml (`SyncValues`, `NetworkingValues`, `PoliciesValues`...), typed from their schemas.
export type * from './config/surface/types';
export { render } from './model';
export type { KubeObject, Release } from './model';
