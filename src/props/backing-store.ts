import { ConfigError, LATER_RELEASE_KEYS, type BackingStoreValues, type EtcdDeployValues } from '../config';
import { sizeQuantity, type ISize } from './size';

/** Where the virtual cluster's state lives: one of {@link EtcdCluster} or {@link SqlBackingStore}. */
export interface IBackingStore {
  /** The `controlPlane.backingStore` values of this store. */
  toValues(): BackingStoreValues;
}

/** A key of a Secret in the virtual cluster's namespace (a cdk8s-plus `ISecret` fits: it has a `name`). */
export interface SecretKeyReference {
  /** The Secret, e.g. `kplus.Secret.fromSecretName(this, 'db', 'tenant-db')`. */
  readonly secret: { readonly name: string };
  /** The key inside the Secret. */
  readonly key: string;
}

/** Props of {@link EtcdCluster.deploy}. */
export interface EtcdDeployProps {
  /**
   * Number of etcd members. The etcd manager grows and shrinks the cluster when this changes.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Size of each member's volume claim: `Size.gibibytes(20)`, or a quantity such as `'20Gi'`.
   * @default 5Gi
   */
  readonly storageSize?: ISize | string;
  /**
   * Storage class of each member's volume claim.
   * @default - the cluster's default storage class
   */
  readonly storageClass?: string;
  /**
   * Any other `controlPlane.backingStore.etcd.deploy` values (statefulSet options, service annotations...).
   * @default {}
   */
  readonly values?: EtcdDeployValues;
}

/** Props of {@link EtcdCluster.external}. */
export interface EtcdExternalProps {
  /** Client endpoint of the etcd cluster, e.g. `https://etcd.example.com:2379`. */
  readonly endpoint: string;
  /**
   * CA, certificate and key files the apiserver uses to reach it.
   * @default - no client TLS files
   */
  readonly tls?: { readonly caFile?: string; readonly certFile?: string; readonly keyFile?: string };
}

/** etcd as the backing store. */
export class EtcdCluster implements IBackingStore {
  /** One etcd member per control plane replica, managed by the etcd manager (scales with the control plane). */
  public static embedded(options: { readonly migrateFromDeployedEtcd?: boolean } = {}): EtcdCluster {
    return new EtcdCluster({ etcd: { embedded: { enabled: true, migrateFromDeployedEtcd: options.migrateFromDeployedEtcd ?? false } } });
  }

  /** A separate etcd StatefulSet `NAME-etcd`, each pod run by the etcd manager. */
  public static deploy(props: EtcdDeployProps = {}): EtcdCluster {
    const values = props.values ?? {};
    const statefulSet = values.statefulSet ?? {};
    const persistence = statefulSet.persistence ?? {};
    return new EtcdCluster({
      etcd: {
        deploy: {
          ...values,
          enabled: true,
          statefulSet: {
            ...statefulSet,
            ...(props.replicas !== undefined ? { highAvailability: { replicas: props.replicas } } : {}),
            persistence: {
              ...persistence,
              volumeClaim: {
                ...persistence.volumeClaim,
                ...(props.storageSize ? { size: sizeQuantity(props.storageSize) } : {}),
                ...(props.storageClass ? { storageClass: props.storageClass } : {}),
              },
            },
          },
        },
      },
    });
  }

  /**
   * An etcd cluster run elsewhere: not available with the syncer release this library runs (vCluster v0.21.6 has no
   * `etcd.external`; it exists from v0.25). Always throws a `ConfigError` that says so; use {@link EtcdCluster.deploy}
   * or {@link EtcdCluster.embedded}.
   * @deprecated not supported by vCluster v0.21.6
   */
  public static external(_props: EtcdExternalProps): EtcdCluster {
    const path = 'controlPlane.backingStore.etcd.external';
    throw new ConfigError([{ path, message: LATER_RELEASE_KEYS[path] }]);
  }

  private constructor(private readonly values: BackingStoreValues) {}

  public toValues(): BackingStoreValues {
    return this.values;
  }
}

/** Props of {@link SqlBackingStore.postgres} and {@link SqlBackingStore.mysql}. */
export interface ExternalDatabaseProps {
  /**
   * The Secret key holding the data source, e.g. `postgres://user:pass@db:5432/vcluster` or
   * `mysql://user:pass@tcp(db:3306)/vcluster`. Credentials never appear in the manifests.
   */
  readonly dataSource: SecretKeyReference;
}

/** An SQL database as the backing store, served as the etcd API by the storage shim sidecar. */
export class SqlBackingStore implements IBackingStore {
  /** SQLite on the control plane's volume: the default (single replica only). */
  public static sqlite(): SqlBackingStore {
    return new SqlBackingStore({ database: { embedded: { enabled: true } } });
  }

  /** An external PostgreSQL database. */
  public static postgres(props: ExternalDatabaseProps): SqlBackingStore {
    return SqlBackingStore.external(props);
  }

  /** An external MySQL or MariaDB database. */
  public static mysql(props: ExternalDatabaseProps): SqlBackingStore {
    return SqlBackingStore.external(props);
  }

  private static external(props: ExternalDatabaseProps): SqlBackingStore {
    if (!props.dataSource.key) {
      throw new ConfigError([{ path: 'SqlBackingStore.dataSource.key', message: 'must name the key of the Secret that holds the data source' }]);
    }
    return new SqlBackingStore({
      database: { external: { enabled: true, dataSourceSecret: { name: props.dataSource.secret.name, key: props.dataSource.key } } },
    });
  }

  private constructor(private readonly values: BackingStoreValues) {}

  public toValues(): BackingStoreValues {
    return this.values;
  }
}
