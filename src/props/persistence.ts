import { ConfigError, type StatefulSetValues } from '../config';
import { sizeQuantity, type ISize } from './size';

/** How the control plane volume claim is retained when the virtual cluster is deleted. */
export enum VolumeRetention {
  /** Keep the claims (and the data). */
  RETAIN = 'Retain',
  /** Delete the claims with the virtual cluster. */
  DELETE = 'Delete',
}

/** Props of {@link PersistenceConfig.volumeClaim}. */
export interface VolumeClaimProps {
  /**
   * Size of the claim: `Size.gibibytes(10)`, or a quantity such as `'10Gi'`.
   * @default Size.gibibytes(5)
   */
  readonly size?: ISize | string;
  /**
   * Storage class of the claim.
   * @default - the cluster's default storage class
   */
  readonly storageClass?: string;
  /**
   * Access modes of the claim.
   * @default ['ReadWriteOnce']
   */
  readonly accessModes?: string[];
  /**
   * What happens to the claims when the virtual cluster is deleted.
   * @default VolumeRetention.RETAIN
   */
  readonly retention?: VolumeRetention;
}

type PersistenceValues = NonNullable<NonNullable<StatefulSetValues>['persistence']>;

/** Where the control plane keeps its data (`controlPlane.statefulSet.persistence`). */
export class PersistenceConfig {
  /** vCluster's rule: a volume claim when the control plane keeps state itself (SQLite, embedded etcd). */
  public static auto(): PersistenceConfig {
    return new PersistenceConfig({});
  }

  /** A volume claim per replica. */
  public static volumeClaim(props: VolumeClaimProps = {}): PersistenceConfig {
    return new PersistenceConfig({
      volumeClaim: {
        enabled: true,
        ...(props.size ? { size: sizeQuantity(props.size) } : {}),
        ...(props.storageClass ? { storageClass: props.storageClass } : {}),
        ...(props.accessModes ? { accessModes: props.accessModes as never } : {}),
        ...(props.retention ? { retentionPolicy: props.retention } : {}),
      },
    });
  }

  /** An existing PersistentVolumeClaim as the data volume (single replica). */
  public static existingClaim(claimName: string): PersistenceConfig {
    if (!claimName) {
      throw new ConfigError([{ path: 'PersistenceConfig.existingClaim(claimName)', message: 'must name an existing PersistentVolumeClaim' }]);
    }
    return new PersistenceConfig({
      volumeClaim: { enabled: false },
      dataVolume: [{ name: 'data', persistentVolumeClaim: { claimName } }],
    });
  }

  /** No persistence: data lives in an emptyDir and is lost with the pod (only for throw-away clusters). */
  public static ephemeral(): PersistenceConfig {
    return new PersistenceConfig({ volumeClaim: { enabled: false } });
  }

  private constructor(private readonly values: PersistenceValues) {}

  /** The `controlPlane.statefulSet.persistence` values. */
  public toValues(): PersistenceValues {
    return this.values;
  }
}
