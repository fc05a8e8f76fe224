import { find, renderValues } from './fixtures';
import { validateAgainstKubernetesSchema } from '../support/validate-k8s';

describe('Ingress NAME (controlPlane.ingress)', () => {
  test('by default: a passthrough Ingress for host to the Service\'s https port, own annotations over global ones', () => {
    const objects = renderValues({
      controlPlane: {
        ingress: { enabled: true, host: 'vc.example.com', labels: { zone: 'a' }, annotations: { shared: 'own' } },
        advanced: { globalMetadata: { annotations: { shared: 'global', team: 'x' } } },
      },
    } as never);
    const ingress = find(objects, 'Ingress', 'tenant-a');
    validateAgainstKubernetesSchema([ingress]);
    expect(ingress.metadata.labels).toMatchObject({ app: 'vcluster', zone: 'a' });
    expect(ingress.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS',
      'nginx.ingress.kubernetes.io/ssl-passthrough': 'true',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
      'shared': 'own',
      'team': 'x',
    });
    expect(ingress.spec.rules).toEqual([{
      host: 'vc.example.com',
      http: { paths: [{ backend: { service: { name: 'tenant-a', port: { name: 'https' } } }, path: '/', pathType: 'ImplementationSpecific' }] },
    }]);
  });

  test('rules of the user\'s own replace the default one', () => {
    const rules = [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'other', port: { number: 80 } } } }] } }];
    const ingress = find(renderValues({ controlPlane: { ingress: { enabled: true, spec: { ingressClassName: 'nginx', rules } } } } as never), 'Ingress', 'tenant-a');
    expect(ingress.spec).toEqual({ ingressClassName: 'nginx', tls: [], rules });
  });
});

describe('ServiceMonitor vc-NAME (controlPlane.serviceMonitor)', () => {
  test('selects the control plane Service by its labels and scrapes it with the kubeconfig Secret\'s client certificate', () => {
    const objects = renderValues({ controlPlane: { serviceMonitor: { enabled: true, labels: { prometheus: 'main' } } } } as never);
    const monitor = find(objects, 'ServiceMonitor', 'vc-tenant-a');
    expect(monitor.metadata.labels).toMatchObject({ prometheus: 'main' });
    expect(find(objects, 'Service', 'tenant-a').metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(monitor.spec.endpoints[0].tlsConfig).toEqual({
      ca: { secret: { name: 'vc-tenant-a', key: 'certificate-authority' } },
      cert: { secret: { name: 'vc-tenant-a', key: 'client-certificate' } },
      keySecret: { name: 'vc-tenant-a', key: 'client-key' },
    });
  });
});
