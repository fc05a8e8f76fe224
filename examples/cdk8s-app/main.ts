import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import {
  ControlPlane, EtcdCluster, K8sDistro, PersistenceConfig, SqlBackingStore, VolumeRetention,
} from '../../src';

/** The default: one replica, SQLite on a 10Gi volume, served by the storage sidecar. */
export class EmbeddedSqliteChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'tenants' });
    new ControlPlane(this, 'tenant-a', {
      distro: K8sDistro.v1_30(),
      backingStore: SqlBackingStore.sqlite(),
      persistence: PersistenceConfig.volumeClaim({ size: Size.gibibytes(10) }),
    });
  }
}

/** Three replicas with embedded etcd: one member per replica, grown and shrunk by the etcd manager. */
export class EmbeddedEtcdChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'tenants' });
    const controlPlane = new ControlPlane(this, 'tenant-b', {
      backingStore: EtcdCluster.embedded(),
      replicas: 3,
      persistence: PersistenceConfig.volumeClaim({ size: Size.gibibytes(10), retention: VolumeRetention.DELETE }),
    });
    // Only the control plane's own pods may reach its etcd ports.
    const pods = controlPlane.selectPods(this, 'control-plane-pods', kplus);
    new kplus.NetworkPolicy(this, 'etcd-peers', {
      selector: pods,
      ingress: { rules: [{ peer: pods, ports: [kplus.NetworkPolicyPort.tcp(2379), kplus.NetworkPolicyPort.tcp(2380)] }] },
    });
  }
}

/** A deployed three-member etcd StatefulSet beside a two-replica control plane. */
export class DeployedEtcdChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'tenants' });
    new ControlPlane(this, 'tenant-c', {
      distro: K8sDistro.v1_29(),
      backingStore: EtcdCluster.deploy({ replicas: 3, storageSize: Size.gibibytes(20) }),
      replicas: 2,
    });
  }
}

/** An external database (PostgreSQL or MySQL); its data source comes from a Secret, never from this code. */
export class ExternalDatabaseChart extends Chart {
  constructor(scope: Construct, id: string, props: { name: string; engine: 'postgres' | 'mysql'; replicas: number }) {
    super(scope, id, { namespace: 'tenants' });
    const dataSource = { secret: kplus.Secret.fromSecretName(this, 'db', `${props.name}-db`), key: 'dsn' };
    new ControlPlane(this, props.name, {
      backingStore: props.engine === 'postgres' ? SqlBackingStore.postgres({ dataSource }) : SqlBackingStore.mysql({ dataSource }),
      replicas: props.replicas,
    });
  }
}

/** Every example chart, the embedded SQLite default first. */
export function buildApp(app: App): App {
  new EmbeddedSqliteChart(app, 'embedded-sqlite');
  new EmbeddedEtcdChart(app, 'embedded-etcd');
  new DeployedEtcdChart(app, 'deployed-etcd');
  new ExternalDatabaseChart(app, 'external-postgres', { name: 'tenant-d', engine: 'postgres', replicas: 2 });
  new ExternalDatabaseChart(app, 'external-mysql', { name: 'tenant-e', engine: 'mysql', replicas: 1 });
  return app;
}

if (require.main === module) {
  buildApp(new App()).synth();
}
