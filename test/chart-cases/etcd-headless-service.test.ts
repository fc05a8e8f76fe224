import { MY_RELEASE, renderOne, renderTemplate, type Template } from './template-cases';

/** chart/templates/etcd-headless-service.yaml: Service NAME-etcd-headless. */
const etcdHeadlessService: Template = (o, release) => o.kind === 'Service' && o.metadata.name === `${release.name}-etcd-headless`;

describe('Headless Service of the deployed etcd (the chart\'s etcd-headless-service cases)', () => {
  test('none without a deployed etcd', () => {
    expect(renderTemplate(etcdHeadlessService, {})).toHaveLength(0);
  });

  test('NAME-etcd-headless in the release namespace with its annotations, for a deployed etcd with the k8s distro', () => {
    const object = renderOne(etcdHeadlessService, {
      controlPlane: { backingStore: { etcd: { deploy: { enabled: true, headlessService: { annotations: { test: 'test' } } } } }, distro: { k8s: { enabled: true } } },
    }, MY_RELEASE);
    expect(object.metadata.name).toBe('my-release-etcd-headless');
    expect(object.metadata.namespace).toBe('my-namespace');
    expect(object.metadata.annotations.test).toBe('test');
  });
});
