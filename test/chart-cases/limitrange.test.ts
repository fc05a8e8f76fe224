import { documentsOf } from './chart-case';

const release = { name: 'my-release', namespace: 'my-namespace' };
const limitRangesOf = (policies: Record<string, unknown>) => documentsOf('LimitRange', { policies }, release);

/** chart/tests/limitrange_test.yaml (vCluster v0.21.6), case by case. */
describe('chart case: LimitRange', () => {
  test('no LimitRange by default', () => {
    expect(documentsOf('LimitRange')).toHaveLength(0);
  });

  test('defaults: vc-NAME in the release namespace, one limit', () => {
    const docs = limitRangesOf({ limitRange: { enabled: true } });
    expect(docs).toHaveLength(1);
    expect(docs[0].metadata.name).toBe('vc-my-release');
    expect(docs[0].metadata.namespace).toBe('my-namespace');
    expect(docs[0].spec.limits).toHaveLength(1);
  });

  test('rendered with the ResourceQuota when limitRange is left to auto', () => {
    expect(limitRangesOf({ resourceQuota: { enabled: true } })).toHaveLength(1);
  });

  test('not rendered when disabled, even with the ResourceQuota on', () => {
    expect(limitRangesOf({ resourceQuota: { enabled: true }, limitRange: { enabled: false } })).toHaveLength(0);
  });

  test('not rendered when both are off', () => {
    expect(limitRangesOf({ resourceQuota: { enabled: false }, limitRange: { enabled: false } })).toHaveLength(0);
  });

  test('min and max, written as strings', () => {
    const docs = limitRangesOf({ limitRange: { enabled: true, min: { cpu: 1 }, max: { memory: '256Mi' } } });
    expect(docs).toHaveLength(1);
    expect(docs[0].spec.limits[0].min.cpu).toBe('1');
    expect(docs[0].spec.limits[0].max.memory).toBe('256Mi');
  });
});
