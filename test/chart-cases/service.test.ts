import { MY_RELEASE, renderOne, renderTemplate, type Template } from './template-cases';

/** chart/templates/service.yaml: Service NAME. */
const service: Template = (o, release) => o.kind === 'Service' && o.metadata.name === release.name;
const https = { name: 'https', port: 443, targetPort: 8443, nodePort: 0, protocol: 'TCP' };

describe('Service of the control plane (the chart\'s service cases)', () => {
  test('none when disabled', () => {
    expect(renderTemplate(service, { controlPlane: { service: { enabled: false } } })).toHaveLength(0);
  });

  test.each([
    ['kubelets are not proxied by host name', { networking: { advanced: { proxyKubelets: { byHostname: false } } } }],
    ['the Service is a load balancer (which would expose the kubelet port)', { controlPlane: { service: { spec: { type: 'LoadBalancer' } } } }],
  ])('only the HTTPS port when %s', (_, values) => {
    const ports = renderOne(service, values).spec.ports;
    expect(ports).toHaveLength(1);
    expect(ports).toContainEqual(https);
  });

  test('the kubelet port 10250 leads to the syncer by default', () => {
    const ports = renderOne(service, {}).spec.ports;
    expect(ports).toHaveLength(2);
    expect(ports).toContainEqual({ name: 'kubelet', port: 10250, targetPort: 8443, nodePort: 0, protocol: 'TCP' });
  });

  test('by default a ClusterIP Service NAME in the release namespace, selecting the control plane pods', () => {
    const object = renderOne(service, {}, MY_RELEASE);
    expect(object.metadata).toMatchObject({ name: 'my-release', namespace: 'my-namespace' });
    expect(object.spec.type).toBe('ClusterIP');
    expect(object.spec.selector.app).toBe('vcluster');
    expect(object.spec.ports).toHaveLength(2);
  });

  test('a control plane isolated elsewhere: no target ports and no selector, the user points the Service at it', () => {
    const object = renderOne(service, { experimental: { isolatedControlPlane: { headless: true } } }, MY_RELEASE);
    expect(object.spec.type).toBe('ClusterIP');
    expect(object.spec.ports).toHaveLength(2);
    expect(object.spec.ports[0]).not.toHaveProperty('targetPort');
    expect(object.spec.ports[1]).not.toHaveProperty('targetPort');
    expect(object.spec).not.toHaveProperty('selector');
  });
});
