import { MY_RELEASE, renderOne, renderTemplate, type Template } from './template-cases';

/** chart/templates/headless-service.yaml: Service NAME-headless, for a control plane StatefulSet. */
const headlessService: Template = (o, release) => o.kind === 'Service' && o.metadata.name === `${release.name}-headless`;

describe('Headless Service of the control plane (the chart\'s headless-service cases)', () => {
  test('none for a control plane isolated elsewhere', () => {
    expect(renderTemplate(headlessService, { experimental: { isolatedControlPlane: { headless: true } } })).toHaveLength(0);
  });

  test('rendered for the k8s distro', () => {
    expect(renderTemplate(headlessService, { controlPlane: { distro: { k8s: { enabled: true } } } })).toHaveLength(1);
  });

  test.each([
    ['a deployed etcd', { controlPlane: { backingStore: { etcd: { deploy: { enabled: true } } } } }],
    ['an external database', { controlPlane: { backingStore: { database: { external: { enabled: true, dataSource: 'postgres://db:5432/vcluster' } } } } }],
  ])('none with %s: the control plane keeps no state, it is a Deployment', (_, values) => {
    expect(renderTemplate(headlessService, values)).toHaveLength(0);
  });

  test('NAME-headless in the release namespace, with the HTTPS port only by default', () => {
    const object = renderOne(headlessService, {}, MY_RELEASE);
    expect(object.spec.ports).toHaveLength(1);
    expect(object.metadata).toMatchObject({ name: 'my-release-headless', namespace: 'my-namespace' });
  });

  test('with embedded etcd, the client and peer ports after it', () => {
    const ports = renderOne(headlessService, { controlPlane: { backingStore: { etcd: { embedded: { enabled: true } } } } }).spec.ports;
    expect(ports).toHaveLength(3);
    expect(ports[1].name).toBe('etcd');
    expect(ports[2].name).toBe('peer');
  });

  test('with the embedded database, the HTTPS port only', () => {
    expect(renderOne(headlessService, { controlPlane: { backingStore: { database: { embedded: { enabled: true } } } } }).spec.ports).toHaveLength(1);
  });
});
