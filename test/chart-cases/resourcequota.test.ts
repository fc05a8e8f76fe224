import { documentsOf } from './chart-case';

const release = { name: 'my-release', namespace: 'my-namespace' };
const quotasOf = (policies: Record<string, unknown>) => documentsOf('ResourceQuota', { policies }, release);

/** chart/tests/resourcequota_test.yaml (vCluster v0.21.6), case by case. */
describe('chart case: ResourceQuota', () => {
  test('no ResourceQuota by default', () => {
    expect(documentsOf('ResourceQuota')).toHaveLength(0);
  });

  test('defaults: vc-NAME in the release namespace, the quantities as strings', () => {
    const docs = quotasOf({ resourceQuota: { enabled: true } });
    expect(docs).toHaveLength(1);
    expect(docs[0].metadata.name).toBe('vc-my-release');
    expect(docs[0].metadata.namespace).toBe('my-namespace');
    expect(docs[0].spec.hard['requests.cpu']).toBe('10');
  });

  test('rendered with the LimitRange when resourceQuota is left to auto', () => {
    expect(quotasOf({ limitRange: { enabled: true } })).toHaveLength(1);
  });

  test('not rendered when disabled, even with the LimitRange on', () => {
    expect(quotasOf({ resourceQuota: { enabled: false }, limitRange: { enabled: true } })).toHaveLength(0);
  });

  test('not rendered when both are off', () => {
    expect(quotasOf({ resourceQuota: { enabled: false }, limitRange: { enabled: false } })).toHaveLength(0);
  });
});
