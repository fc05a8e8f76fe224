import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ControlPlane, EtcdCluster, PersistenceConfig, SqlBackingStore, type ControlPlaneArgs } from '../../src/pulumi';

/**
 * One virtual cluster in namespace `tenants`; the stack's `store` setting picks the backing store
 * (sqlite, postgres, embedded-etcd or deployed-etcd). In a project of your own, import from
 * 'vcluster-constructs/pulumi'.
 */
const config = new pulumi.Config();
const store = config.get('store') ?? 'sqlite';

const namespace = new k8s.core.v1.Namespace('tenants', { metadata: { name: 'tenants' } });

const variants: Record<string, ControlPlaneArgs> = {
  'sqlite': { persistence: PersistenceConfig.volumeClaim({ size: '10Gi' }) },
  // The data source lives in a Secret the database team manages: it never enters this program or its state.
  'postgres': { backingStore: SqlBackingStore.postgres({ dataSource: { secret: { name: 'tenant-a-db' }, key: 'dsn' } }), replicas: 2 },
  'embedded-etcd': { backingStore: EtcdCluster.embedded(), replicas: 3 },
  'deployed-etcd': { backingStore: EtcdCluster.deploy({ replicas: 3, storageSize: '20Gi' }), replicas: 2 },
};
const args = variants[store];
if (!args) throw new Error(`stack setting store=${store}: use one of ${Object.keys(variants).join(', ')}`);

// The namespace comes from the Namespace resource: the control plane's objects wait for it and follow its name.
const controlPlane = new ControlPlane('tenant-a', { ...args, namespace: namespace.metadata.name });

// Deploys into the virtual cluster just made, with the kubeconfig its syncer wrote. Its server is the one vCluster
// writes (`https://localhost:8443`) unless `values.exportKubeConfig.server` names one this program can reach.
const team = new k8s.core.v1.Namespace('team-a', { metadata: { name: 'team-a' } }, { provider: controlPlane.provider });

export const serviceName = controlPlane.serviceName;
export const kubeconfigSecretName = controlPlane.kubeconfigSecretName;
export const controlPlaneNamespace = controlPlane.namespace;
export const kubeconfig = controlPlane.kubeconfig;
export const virtualClusterNamespace = team.metadata.name;
