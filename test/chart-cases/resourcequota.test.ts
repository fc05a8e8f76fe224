import { onlyDocumentOf, testNoneByDefault, testQuotaPolicySwitches } from './chart-case';

/** chart/tests/resourcequota_test.yaml (vCluster v0.21.6), case by case. */
describe('chart case: ResourceQuota', () => {
  testNoneByDefault('ResourceQuota');

  test('defaults: vc-NAME in the release namespace, the quantities as strings', () => {
    const quota = onlyDocumentOf('ResourceQuota', { policies: { resourceQuota: { enabled: true } } }, 'vc-my-release');
    expect(quota.spec.hard['requests.cpu']).toBe('10');
  });

  testQuotaPolicySwitches('ResourceQuota', 'resourceQuota');
});
