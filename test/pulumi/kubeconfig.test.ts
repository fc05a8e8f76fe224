import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { created, isSentAsSecret, plain, recordResources, settled, SYNCER_KUBECONFIG, valueOf } from './mocks';
import { ControlPlane, SqlBackingStore } from '../../src/pulumi';

const registered = recordResources();

test('kubeconfig is a secret read from the Secret the syncer writes, after the control plane workload', async () => {
  const component = new ControlPlane('tenant-a', { namespace: 'tenants' });
  expect(await pulumi.isSecret(component.kubeconfig)).toBe(true);
  expect(await valueOf(component.kubeconfig)).toBe(SYNCER_KUBECONFIG);
  await settled();
  const reads = registered.filter((r) => r.id !== undefined);
  expect(reads.map((r) => [r.type, r.id])).toEqual([['kubernetes:core/v1:Secret', 'tenants/vc-tenant-a']]);
});

test('the read follows the workload, a Deployment for a stateless control plane', async () => {
  registered.length = 0;
  const component = new ControlPlane('tenant-b', { backingStore: SqlBackingStore.postgres({ dataSource: { secret: { name: 'db' }, key: 'dsn' } }) });
  expect(await valueOf(component.kubeconfig)).toBe(SYNCER_KUBECONFIG);
  expect(Object.keys(await valueOf(component.resources))).toContain('Deployment/tenant-b');
  await settled();
  expect(registered.filter((r) => r.id !== undefined).map((r) => r.id)).toEqual(['default/vc-tenant-b']);
});

test('the provider deploys into the virtual cluster with its kubeconfig', async () => {
  registered.length = 0;
  const component = new ControlPlane('tenant-c', { namespace: 'tenants' });
  const inside = new k8s.core.v1.Namespace('team', { metadata: { name: 'team' } }, { provider: component.provider });
  await valueOf(inside.metadata);
  await settled();
  const provider = registered.find((r) => r.type === 'pulumi:providers:kubernetes' && r.name === 'tenant-c-provider')!;
  expect(provider).toBeDefined();
  expect(isSentAsSecret(provider.inputs.kubeconfig)).toBe(true);
  expect(plain(provider.inputs.kubeconfig)).toBe(SYNCER_KUBECONFIG);
  const namespace = created(registered, 'kubernetes:core/v1:Namespace')[0];
  expect(namespace.provider).toMatch(/::tenant-c-provider::/);
});
