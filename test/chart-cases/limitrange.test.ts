import { onlyDocumentOf, testNoneByDefault, testQuotaPolicySwitches } from './chart-case';

/** chart/tests/limitrange_test.yaml (vCluster v0.21.6), case by case. */
describe('chart case: LimitRange', () => {
  testNoneByDefault('LimitRange');

  test('defaults: vc-NAME in the release namespace, one limit', () => {
    const limitRange = onlyDocumentOf('LimitRange', { policies: { limitRange: { enabled: true } } }, 'vc-my-release');
    expect(limitRange.spec.limits).toHaveLength(1);
  });

  testQuotaPolicySwitches('LimitRange', 'limitRange');

  test('min and max, written as strings', () => {
    const limitRange = onlyDocumentOf('LimitRange', { policies: { limitRange: { enabled: true, min: { cpu: 1 }, max: { memory: '256Mi' } } } }, 'vc-my-release');
    expect(limitRange.spec.limits[0].min.cpu).toBe('1');
    expect(limitRange.spec.limits[0].max.memory).toBe('256Mi');
  });
});
