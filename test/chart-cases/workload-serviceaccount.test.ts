import { MY_RELEASE, renderOne, renderTemplate, type Template } from './template-cases';

/** chart/templates/workload-serviceaccount.yaml: the synced pods' ServiceAccount, vc-workload-NAME unless named. */
const workloadServiceAccount = (name?: string): Template => (o, release) => o.kind === 'ServiceAccount'
  && o.metadata.name === (name ?? `vc-workload-${release.name}`);

describe('ServiceAccount of the workloads (the chart\'s workload-serviceaccount cases)', () => {
  test('none when disabled', () => {
    expect(renderTemplate(workloadServiceAccount(), { controlPlane: { advanced: { workloadServiceAccount: { enabled: false } } } })).toHaveLength(0);
  });

  test('vc-workload-NAME in the release namespace by default', () => {
    const account = renderOne(workloadServiceAccount(), {}, MY_RELEASE);
    expect(account.metadata.name).toBe('vc-workload-my-release');
    expect(account.metadata.namespace).toBe('my-namespace');
  });

  test('the name set in controlPlane.advanced.workloadServiceAccount.name', () => {
    const values = { controlPlane: { advanced: { workloadServiceAccount: { name: 'test' } } } };
    expect(renderOne(workloadServiceAccount('test'), values).metadata.name).toBe('test');
  });

  test('the control plane account\'s pull secrets, then its own', () => {
    const account = renderOne(workloadServiceAccount(), {
      controlPlane: { advanced: { serviceAccount: { imagePullSecrets: [{ name: 'test1' }] }, workloadServiceAccount: { imagePullSecrets: [{ name: 'test2' }] } } },
    });
    expect(account.imagePullSecrets).toHaveLength(2);
    expect(account.imagePullSecrets[0].name).toBe('test1');
    expect(account.imagePullSecrets[1].name).toBe('test2');
  });
});
