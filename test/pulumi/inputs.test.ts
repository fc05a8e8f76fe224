import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { byId, created, plain, recordResources, settled, valueOf } from './mocks';
import { resolve } from '../../src/config';
import { render } from '../../src/model';
import { ControlPlane, EtcdCluster } from '../../src/pulumi';

const registered = recordResources();


beforeEach(() => {
  registered.length = 0;
});

test('a namespace from a Namespace resource and a name from an output reach every rendered object', async () => {
  const namespace = new k8s.core.v1.Namespace('tenants', { metadata: { name: 'tenants' } });
  const team = pulumi.output('team-a');
  const component = new ControlPlane('tenant', {
    namespace: namespace.metadata.name,
    name: team.apply((t) => `${t}-vc`),
    backingStore: EtcdCluster.embedded(),
    replicas: 3,
  });
  expect(await valueOf(component.namespace)).toBe('tenants');
  expect(await valueOf(component.serviceName)).toBe('team-a-vc');
  expect(await valueOf(component.kubeconfigSecretName)).toBe('vc-team-a-vc');
  await settled();

  const fromPulumi = created(registered, 'kubernetes:').filter((r) => r.type !== 'kubernetes:core/v1:Namespace').map((r) => plain(r.inputs));
  const values = { controlPlane: { backingStore: { etcd: { embedded: { enabled: true } } }, statefulSet: { highAvailability: { replicas: 3 } } } };
  const expected = render(resolve(values), { name: 'team-a-vc', namespace: 'tenants' });
  expect(byId(fromPulumi)).toEqual(byId(plain(expected)));
  expect(fromPulumi).toHaveLength(expected.length);
  // The release name is not known when the children are named: the component name stands in for it.
  expect(Object.keys(await valueOf(component.resources))).toContain('StatefulSet/tenant');
  expect(created(registered, 'kubernetes:apps/v1:StatefulSet').map((r) => r.name)).toEqual(['tenant-statefulset-tenant']);
});

test('a plain name keeps the children named after the release', async () => {
  const component = new ControlPlane('tenant', { name: 'team-b', namespace: pulumi.output('tenants') });
  await valueOf(component.serviceName);
  await settled();
  expect(Object.keys(await valueOf(component.resources))).toContain('StatefulSet/team-b');
  expect(created(registered, 'kubernetes:apps/v1:StatefulSet').map((r) => r.name)).toEqual(['tenant-statefulset-team-b']);
  const statefulSet = created(registered, 'kubernetes:apps/v1:StatefulSet')[0];
  expect(statefulSet.inputs.metadata).toMatchObject({ name: 'team-b', namespace: 'tenants' });
});

test('releaseName is the deprecated alias of name', async () => {
  const component = new ControlPlane('tenant', { releaseName: 'team-c' });
  expect(await valueOf(component.serviceName)).toBe('team-c');
  expect(Object.keys(await valueOf(component.resources))).toContain('StatefulSet/team-c');
});

test('values from an output: the children are created once they are known, from them', async () => {
  const balancer = new k8s.core.v1.Service('balancer', { metadata: { name: 'tenant-lb' } });
  const values = balancer.metadata.name.apply((lb) => ({
    exportKubeConfig: { server: `https://${lb}.example.com` },
    controlPlane: { backingStore: { etcd: { deploy: { enabled: true } } } },
  }));
  const component = ControlPlane.fromValues('tenant', values, { namespace: 'tenants' });
  const resources = await valueOf(component.resources);
  expect(Object.keys(resources)).toEqual(expect.arrayContaining(['Deployment/tenant', 'StatefulSet/tenant-etcd', 'Secret/vc-config-tenant']));
  expect((await valueOf(component.config)).values.exportKubeConfig).toMatchObject({ server: 'https://tenant-lb.example.com' });
  await settled();
  const configSecret = created(registered, 'kubernetes:core/v1:Secret').find((r) => r.name === 'tenant-secret-vc-config-tenant')!;
  const syncerValues = Buffer.from(plain(configSecret.inputs.data)['config.yaml'], 'base64').toString();
  expect(syncerValues).toContain('https://tenant-lb.example.com');
});
