import { documentsOf } from './chart-case';

/** chart/tests/service-monitor_test.yaml (vCluster v0.21.6), case by case. */
describe('chart case: ServiceMonitor', () => {
  test('no ServiceMonitor by default', () => {
    expect(documentsOf('ServiceMonitor')).toHaveLength(0);
  });

  test('defaults: vc-NAME in the release namespace, selecting the vcluster Service, one endpoint', () => {
    const docs = documentsOf('ServiceMonitor', { controlPlane: { serviceMonitor: { enabled: true } } }, { name: 'my-release', namespace: 'my-namespace' });
    expect(docs).toHaveLength(1);
    expect(docs[0].metadata.name).toBe('vc-my-release');
    expect(docs[0].metadata.namespace).toBe('my-namespace');
    expect(docs[0].spec.selector.matchLabels.app).toBe('vcluster');
    expect(docs[0].spec.endpoints).toHaveLength(1);
  });
});
