import { onlyDocumentOf, testNoneByDefault } from './chart-case';

/** chart/tests/service-monitor_test.yaml (vCluster v0.21.6), case by case. */
describe('chart case: ServiceMonitor', () => {
  testNoneByDefault('ServiceMonitor');

  test('defaults: vc-NAME in the release namespace, selecting the vcluster Service, one endpoint', () => {
    const monitor = onlyDocumentOf('ServiceMonitor', { controlPlane: { serviceMonitor: { enabled: true } } }, 'vc-my-release');
    expect(monitor.spec.selector.matchLabels.app).toBe('vcluster');
    expect(monitor.spec.endpoints).toHaveLength(1);
  });
});
