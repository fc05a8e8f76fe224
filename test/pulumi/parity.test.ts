import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { byId, created, plain, recordResources, settled, valueOf } from './mocks';
import * as cdk8sSide from '../../src';
import { EtcdCluster, K8sDistro, PersistenceConfig, SqlBackingStore, VolumeRetention, type ControlPlaneOptions } from '../../src/cdk8s';
import * as pulumiSide from '../../src/pulumi';

const registered = recordResources();
const secretRef = { secret: { name: 'tenant-db' }, key: 'dsn' };

/** Every store, HA, persistence variants and distro overrides. */
const MATRIX: Record<string, ControlPlaneOptions> = {
  'sqlite default': {},
  'sqlite, 10Gi claim kept on delete': { persistence: PersistenceConfig.volumeClaim({ size: '10Gi', retention: VolumeRetention.RETAIN }) },
  'sqlite, existing claim': { persistence: PersistenceConfig.existingClaim('data-claim') },
  'sqlite, ephemeral': { persistence: PersistenceConfig.ephemeral() },
  'postgres HA': { backingStore: SqlBackingStore.postgres({ dataSource: secretRef }), replicas: 3 },
  'mysql': { backingStore: SqlBackingStore.mysql({ dataSource: secretRef }) },
  'embedded etcd HA': { backingStore: EtcdCluster.embedded(), replicas: 3, persistence: PersistenceConfig.volumeClaim({ size: '20Gi', storageClass: 'ssd' }) },
  'deployed etcd HA, k8s 1.29': { backingStore: EtcdCluster.deploy({ replicas: 3, storageSize: '20Gi' }), replicas: 2, distro: K8sDistro.v1_29() },
  'host nodes synced, with a ClusterRole': { values: { sync: { fromHost: { nodes: { enabled: true } } } } },
  'ingress and the policies': { values: { controlPlane: { ingress: { enabled: true } }, policies: { networkPolicy: { enabled: true }, limitRange: { enabled: true }, resourceQuota: { enabled: true } } } },
  'distro overrides': {
    distro: K8sDistro.of({ version: 'v1.28.11', apiServer: { extraArgs: ['--audit-log-maxage=7'], image: { registry: 'mirror.example.com', tag: 'v1.28.10' } } }),
    values: { sync: { toHost: { ingresses: { enabled: true } } }, controlPlane: { statefulSet: { scheduling: { priorityClassName: 'high' } } } },
  },
};

describe.each(Object.entries(MATRIX))('parity: %s', (_name, options) => {
  test('Pulumi registers exactly the objects cdk8s synthesizes, field for field', async () => {
    const chart = Testing.chart();
    new cdk8sSide.ControlPlane(chart, 'tenant-a', { ...options, namespace: 'tenants' });
    const synthesized = Testing.synth(chart);

    registered.length = 0;
    const component = new pulumiSide.ControlPlane('tenant-a', { ...options, namespace: 'tenants' });
    await valueOf(component.serviceName);
    await settled();
    const children = created(registered, 'kubernetes:');
    const fromPulumi = children.map((r) => plain(r.inputs));

    // Registration order is the engine's; compare the objects by kind and name.
    expect(byId(fromPulumi)).toEqual(byId(plain(synthesized) as unknown[]));
    expect(fromPulumi).toHaveLength(synthesized.length);
  });
});

test('children are typed @pulumi/kubernetes resources, secrets stay secret, outputs chain', async () => {
  registered.length = 0;
  const component = new pulumiSide.ControlPlane('tenant-b', { namespace: 'tenants', backingStore: EtcdCluster.embedded(), replicas: 3 });
  expect(await valueOf(component.namespace)).toBe('tenants');
  expect(await valueOf(component.serviceName)).toBe('tenant-b');
  expect(await valueOf(component.kubeconfigSecretName)).toBe('vc-tenant-b');
  await settled();
  expect(registered[0].type).toBe('vcluster-constructs:index:ControlPlane');
  const children = created(registered, 'kubernetes:');
  expect(children.map((r) => r.type).sort()).toEqual([
    'kubernetes:core/v1:ServiceAccount',
    'kubernetes:core/v1:ServiceAccount',
    'kubernetes:rbac.authorization.k8s.io/v1:Role',
    'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding',
    'kubernetes:core/v1:Secret',
    'kubernetes:core/v1:ConfigMap',
    'kubernetes:core/v1:Service',
    'kubernetes:core/v1:Service',
    'kubernetes:core/v1:Service',
    'kubernetes:apps/v1:StatefulSet',
    'kubernetes:policy/v1:PodDisruptionBudget',
  ].sort());
  expect(registered.map((r) => r.name).slice(1).every((n) => n.startsWith('tenant-b-'))).toBe(true);
  const secret = (await valueOf(component.resources))['Secret/vc-config-tenant-b'] as k8s.core.v1.Secret;
  expect(await pulumi.isSecret(secret.data)).toBe(true);
});

test.each([
  ['a ClusterRole and its binding', { sync: { fromHost: { nodes: { enabled: true } } } }, {
    'ClusterRole/vc-tenant-c-v-tenants': k8s.rbac.v1.ClusterRole,
    'ClusterRoleBinding/vc-tenant-c-v-tenants': k8s.rbac.v1.ClusterRoleBinding,
  }],
  ['the Ingress and the policies', { controlPlane: { ingress: { enabled: true } }, policies: { networkPolicy: { enabled: true }, limitRange: { enabled: true }, resourceQuota: { enabled: true } } }, {
    'Ingress/tenant-c': k8s.networking.v1.Ingress,
    'NetworkPolicy/vc-work-tenant-c': k8s.networking.v1.NetworkPolicy,
    'LimitRange/vc-tenant-c': k8s.core.v1.LimitRange,
    'ResourceQuota/vc-tenant-c': k8s.core.v1.ResourceQuota,
  }],
] as const)('%s are typed resources too', async (_, values, expected) => {
  registered.length = 0;
  const component = new pulumiSide.ControlPlane('tenant-c', { namespace: 'tenants', values });
  const resources = await valueOf(component.resources);
  await settled();
  for (const [key, cls] of Object.entries(expected)) expect([key, resources[key]]).toEqual([key, expect.any(cls)]);
});
