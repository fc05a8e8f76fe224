import { MY_RELEASE, renderOne, renderTemplate, type Template } from './template-cases';

/** chart/templates/serviceaccount.yaml: the control plane's ServiceAccount, vc-NAME unless named. */
const serviceAccount = (name?: string): Template => (o, release) => o.kind === 'ServiceAccount' && o.metadata.name === (name ?? `vc-${release.name}`);

describe('ServiceAccount of the control plane (the chart\'s serviceaccount cases)', () => {
  test('none when disabled', () => {
    expect(renderTemplate(serviceAccount(), { controlPlane: { advanced: { serviceAccount: { enabled: false } } } })).toHaveLength(0);
  });

  test('vc-NAME in the release namespace by default', () => {
    const account = renderOne(serviceAccount(), {}, MY_RELEASE);
    expect(account.metadata.name).toBe('vc-my-release');
    expect(account.metadata.namespace).toBe('my-namespace');
  });

  test('the name set in controlPlane.advanced.serviceAccount.name', () => {
    expect(renderOne(serviceAccount('test'), { controlPlane: { advanced: { serviceAccount: { name: 'test' } } } }).metadata.name).toBe('test');
  });

  test('its own pull secrets only, not the workload account\'s', () => {
    const account = renderOne(serviceAccount(), {
      controlPlane: { advanced: { serviceAccount: { imagePullSecrets: [{ name: 'test1' }] }, workloadServiceAccount: { imagePullSecrets: [{ name: 'test2' }] } } },
    });
    expect(account.imagePullSecrets).toHaveLength(1);
    expect(account.imagePullSecrets[0].name).toBe('test1');
  });
});
