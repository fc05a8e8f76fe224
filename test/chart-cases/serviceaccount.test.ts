import { DEFAULT_RELEASE, PULL_SECRETS, renderOne, serviceAccountCases } from './template-cases';

/** chart/templates/serviceaccount.yaml: the control plane's ServiceAccount, vc-NAME unless named. */
describe('ServiceAccount of the control plane (the chart\'s serviceaccount cases)', () => {
  serviceAccountCases({ key: 'serviceAccount', prefix: 'vc-' });

  test('its own pull secrets only, not the workload account\'s', () => {
    const account = renderOne((o) => o.kind === 'ServiceAccount' && o.metadata.name === `vc-${DEFAULT_RELEASE.name}`, PULL_SECRETS);
    expect(account.imagePullSecrets).toHaveLength(1);
    expect(account.imagePullSecrets[0].name).toBe('test1');
  });
});
