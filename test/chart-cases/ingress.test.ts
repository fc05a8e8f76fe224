import { documentsOf } from './chart-case';

/** chart/tests/ingress_test.yaml (vCluster v0.21.6), case by case. */
describe('chart case: ControlPlane Ingress', () => {
  test('no Ingress by default', () => {
    expect(documentsOf('Ingress')).toHaveLength(0);
  });

  test('defaults: named after the release, in its namespace', () => {
    const docs = documentsOf('Ingress', { controlPlane: { ingress: { enabled: true } } }, { name: 'my-release', namespace: 'my-namespace' });
    expect(docs).toHaveLength(1);
    expect(docs[0].metadata.name).toBe('my-release');
    expect(docs[0].metadata.namespace).toBe('my-namespace');
  });

  test('a spec with tls and no rules keeps its tls and gets the rule for host', () => {
    const tls = { hosts: ['ingress-demo.example.com'], secretName: 'ingress-demo-tls' };
    const docs = documentsOf('Ingress', { controlPlane: { ingress: { enabled: true, host: 'my-host', spec: { tls: [tls] } } } });
    expect(docs).toHaveLength(1);
    expect(docs[0].spec.tls).toEqual([tls]);
    expect(docs[0].spec.rules[0].host).toBe('my-host');
  });
});
