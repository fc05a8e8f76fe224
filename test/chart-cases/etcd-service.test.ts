import { deployedEtcd, MY_RELEASE, renderOne, type Template } from './template-cases';

/** chart/templates/etcd-service.yaml: Service NAME-etcd. */
const etcdService: Template = (o, release) => o.kind === 'Service' && o.metadata.name === `${release.name}-etcd`;

describe('Service of the deployed etcd (the chart\'s etcd-service cases)', () => {
  test('without a deployed etcd it leads to the store served in the control plane pods (the chart renders none)', () => {
    const object = renderOne(etcdService, {});
    expect(object.spec.selector.app).toBe('vcluster');
    expect(object.spec.ports.map((p: any) => p.port)).toEqual([2379]);
  });

  test('NAME-etcd in the release namespace with its annotations, for a deployed etcd with the k8s distro', () => {
    const values = deployedEtcd({ service: { annotations: { test: 'test' } } }, { distro: { k8s: { enabled: true } } });
    const object = renderOne(etcdService, values, MY_RELEASE);
    expect(object.metadata).toMatchObject({ name: 'my-release-etcd', namespace: 'my-namespace' });
    expect(object.metadata.annotations.test).toBe('test');
    expect(object.spec.selector.app).toBe('vcluster-etcd');
  });
});
