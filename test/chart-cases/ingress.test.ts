import { onlyDocumentOf, testNoneByDefault } from './chart-case';

/** chart/tests/ingress_test.yaml (vCluster v0.21.6), case by case. */
describe('chart case: ControlPlane Ingress', () => {
  testNoneByDefault('Ingress');

  test('defaults: named after the release, in its namespace', () => {
    onlyDocumentOf('Ingress', { controlPlane: { ingress: { enabled: true } } }, 'my-release');
  });

  test('a spec with tls and no rules keeps its tls and gets the rule for host', () => {
    const tls = { hosts: ['ingress-demo.example.com'], secretName: 'ingress-demo-tls' };
    const ingress = onlyDocumentOf('Ingress', { controlPlane: { ingress: { enabled: true, host: 'my-host', spec: { tls: [tls] } } } }, 'my-release');
    expect(ingress.spec.tls).toEqual([tls]);
    expect(ingress.spec.rules[0].host).toBe('my-host');
  });
});
