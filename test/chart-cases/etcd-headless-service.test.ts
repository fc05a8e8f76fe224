import { deployedEtcd, MY_RELEASE, renderOne, renderTemplate, type Template } from './template-cases';

/** chart/templates/etcd-headless-service.yaml: Service NAME-etcd-headless. */
const etcdHeadlessService: Template = (o, release) => o.kind === 'Service' && o.metadata.name === `${release.name}-etcd-headless`;

describe('Headless Service of the deployed etcd (the chart\'s etcd-headless-service cases)', () => {
  test('none without a deployed etcd', () => {
    expect(renderTemplate(etcdHeadlessService, {})).toHaveLength(0);
  });

  test.each(['k8s', 'k3s', 'k0s'])('for a deployed etcd with the %s distro: NAME-etcd-headless in the release namespace, with its annotations', (distro) => {
    const values = deployedEtcd({ headlessService: { annotations: { test: 'test' } } }, { distro: { [distro]: { enabled: true } } });
    const object = renderOne(etcdHeadlessService, values, MY_RELEASE);
    expect(object.metadata).toMatchObject({ name: 'my-release-etcd-headless', namespace: 'my-namespace', annotations: { test: 'test' } });
  });
});
