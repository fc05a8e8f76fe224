import { find, renderValues, STORES, workload } from './fixtures';

describe('ServiceAccounts, Role and RoleBinding', () => {
  const objects = renderValues(STORES['etcd.embedded']);

  test('ServiceAccount, Role and RoleBinding vc-NAME; the Role lets the etcd manager read StatefulSets and HA use leases', () => {
    find(objects, 'ServiceAccount', 'vc-tenant-a');
    const rules = find(objects, 'Role', 'vc-tenant-a').rules;
    expect(rules).toContainEqual({ apiGroups: ['apps'], resources: ['statefulsets', 'replicasets', 'deployments'], verbs: ['get', 'list', 'watch'] });
    expect(rules).toContainEqual(expect.objectContaining({ apiGroups: ['coordination.k8s.io'] }));
    expect(find(objects, 'RoleBinding', 'vc-tenant-a').subjects).toEqual([{ kind: 'ServiceAccount', name: 'vc-tenant-a', namespace: 'tenants' }]);
    expect(workload(objects).spec.template.spec.serviceAccountName).toBe('vc-tenant-a');
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
