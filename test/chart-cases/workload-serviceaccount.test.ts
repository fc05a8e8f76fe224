import { DEFAULT_RELEASE, PULL_SECRETS, renderOne, serviceAccountCases } from './template-cases';

/** chart/templates/workload-serviceaccount.yaml: the synced pods' ServiceAccount, vc-workload-NAME unless named. */
describe('ServiceAccount of the workloads (the chart\'s workload-serviceaccount cases)', () => {
  serviceAccountCases({ key: 'workloadServiceAccount', prefix: 'vc-workload-' });

  test('the control plane account\'s pull secrets, then its own', () => {
    const account = renderOne((o) => o.kind === 'ServiceAccount' && o.metadata.name === `vc-workload-${DEFAULT_RELEASE.name}`, PULL_SECRETS);
    expect(account.imagePullSecrets).toHaveLength(2);
    expect(account.imagePullSecrets[0].name).toBe('test1');
    expect(account.imagePullSecrets[1].name).toBe('test2');
  });
});
