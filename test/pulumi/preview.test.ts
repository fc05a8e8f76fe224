import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { created, recordResources, settled, valueOf } from './mocks';
import { ControlPlane } from '../../src/pulumi';

// A preview: outputs of resources not created yet are unknown.
const registered = recordResources({ preview: true });

test('a preview with an unknown namespace shows every child, with only the fields that depend on it computed', async () => {
  // No name given: the Namespace's name is the provider's to choose, unknown in a preview.
  const namespace = new k8s.core.v1.Namespace('tenants', {});
  const component = new ControlPlane('tenant', { namespace: namespace.metadata.name });
  expect(await valueOf(component.serviceName)).toBe('tenant');
  await settled();

  const children = created(registered, 'kubernetes:').filter((r) => r.type !== 'kubernetes:core/v1:Namespace');
  expect(children.map((r) => r.name).sort()).toEqual(Object.keys(await valueOf(component.resources)).map((key) => {
    const [kind, name] = key.split('/');
    return `tenant-${kind.toLowerCase()}-${name}`;
  }).sort());
  expect(children.map((r) => r.type)).toContain('kubernetes:apps/v1:StatefulSet');
  const statefulSet = children.find((r) => r.type === 'kubernetes:apps/v1:StatefulSet')!;
  expect(statefulSet.inputs.metadata.name).toBe('tenant');
  expect(pulumi.isUnknown(statefulSet.inputs.metadata.namespace)).toBe(true);
  expect(statefulSet.inputs.spec.serviceName).toBe('tenant-headless');

  // The kubeconfig cannot be read before the control plane exists: it stays computed rather than failing.
  let kubeconfigResolved = false;
  component.kubeconfig.apply(() => {
    kubeconfigResolved = true;
  });
  await settled();
  expect(kubeconfigResolved).toBe(false);
  // The read's id is unknown until the workload reports its status: the engine skips such a read in a preview.
  expect(registered.find((r) => r.name === 'tenant-kubeconfig')!.id).toBe(pulumi.runtime.unknownValue);
});

test('a preview with unknown values shows no children yet and does not fail', async () => {
  registered.length = 0;
  // No name given: unknown in a preview, and with it the values made from it.
  const balancer = new k8s.core.v1.Service('balancer', {});
  const values = balancer.metadata.name.apply((lb) => ({ exportKubeConfig: { server: `https://${lb}.example.com` } }));
  const component = ControlPlane.fromValues('tenant', values, { namespace: 'tenants' });
  expect(await valueOf(component.serviceName)).toBe('tenant');
  expect(await valueOf(component.namespace)).toBe('tenants');
  await settled();
  expect(created(registered, 'kubernetes:').map((r) => r.name)).toEqual(['balancer']);
  let resolved = false;
  pulumi.all([component.resources, component.config, component.kubeconfig]).apply(() => {
    resolved = true;
  });
  await settled();
  expect(resolved).toBe(false);
});
