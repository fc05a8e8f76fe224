/**
 * vcluster-constructs for Pulumi: `import { ControlPlane } from 'vcluster-constructs/pulumi'`. Loads
 * @pulumi/pulumi and @pulumi/kubernetes (optional peer dependencies); the main entry point never does.
 */
export { ControlPlane, type ControlPlaneArgs } from './control-plane';
export {
  K8sDistro, K3sDistro, K0sDistro, type IDistro, type K8sDistroProps, type K3sDistroProps, type K0sDistroProps, type SingleBinaryDistroProps,
  type ComponentOptions, type ComponentImage,
} from '../props';
export { EtcdCluster, SqlBackingStore, type IBackingStore, type EtcdDeployProps, type EtcdExternalProps, type ExternalDatabaseProps, type SecretKeyReference } from '../props';
export { PersistenceConfig, VolumeRetention, type VolumeClaimProps } from '../props';
export type { ControlPlaneOptions, ISize } from '../props';
export { ConfigError, type VClusterValues } from '../config';
export type * from '../config/value-types';
