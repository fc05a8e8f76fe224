import { ETCD_DEPLOY, find, renderValues, STORES } from './fixtures';

describe('PodDisruptionBudgets', () => {
  test('a PodDisruptionBudget only with more than one replica', () => {
    expect(find(renderValues(STORES['etcd.embedded']), 'PodDisruptionBudget', 'tenant-a').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: 'vcluster', release: 'tenant-a' } } });
    expect(renderValues({}).some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });

  test('a PDB for the etcd members', () => {
    expect(find(renderValues(ETCD_DEPLOY), 'PodDisruptionBudget', 'tenant-a-etcd').spec.selector.matchLabels).toEqual({ app: 'vcluster-etcd', release: 'tenant-a' });
  });
});
