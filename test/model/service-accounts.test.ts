import { find, renderValues, STORES, workload } from './fixtures';

describe('ServiceAccounts', () => {
  const objects = renderValues(STORES['etcd.embedded']);

  test('the control plane runs as ServiceAccount vc-NAME, with its labels and the global annotations under its own', () => {
    expect(workload(objects).spec.template.spec.serviceAccountName).toBe('vc-tenant-a');
    const account = find(renderValues({
      controlPlane: {
        advanced: {
          globalMetadata: { annotations: { 'example.com/g': 'global', 'example.com/s': 'global' } },
          serviceAccount: { labels: { team: 'a' }, annotations: { 'example.com/s': 'own' } },
        },
      },
    }), 'ServiceAccount', 'vc-tenant-a');
    expect(account.metadata.labels.team).toBe('a');
    expect(account.metadata.annotations).toEqual({ 'example.com/g': 'global', 'example.com/s': 'own' });
  });

  test('the workload ServiceAccount vc-workload-NAME, on which the syncer puts every synced pod, as the chart renders it', () => {
    expect(find(objects, 'ServiceAccount', 'vc-workload-tenant-a')).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'vc-workload-tenant-a', namespace: 'tenants', labels: { app: 'vcluster', chart: 'vcluster-0.21.6', release: 'tenant-a', heritage: 'vcluster-constructs' } },
    });
    const custom = renderValues({
      controlPlane: {
        advanced: {
          globalMetadata: { annotations: { 'example.com/g': 'global', 'example.com/w': 'global' } },
          serviceAccount: { imagePullSecrets: [{ name: 'cp-pull' }] },
          workloadServiceAccount: { name: 'tenant-pods', labels: { team: 'a' }, annotations: { 'example.com/w': 'own' }, imagePullSecrets: [{ name: 'pods-pull' }] },
        },
      },
    });
    const account = find(custom, 'ServiceAccount', 'tenant-pods');
    expect(account.metadata.labels.team).toBe('a');
    expect(account.metadata.annotations).toEqual({ 'example.com/g': 'global', 'example.com/w': 'own' });
    expect(account.imagePullSecrets).toEqual([{ name: 'cp-pull' }, { name: 'pods-pull' }]);
    const disabled = renderValues({ controlPlane: { advanced: { workloadServiceAccount: { enabled: false, name: 'existing' } } } });
    expect(disabled.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name)).toEqual(['vc-tenant-a']);
  });
});
