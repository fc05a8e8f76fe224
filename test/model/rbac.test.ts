import { find, release, renderValues, STORES } from './fixtures';
import { resolve, type VClusterValues } from '../../src/config';
import { render } from '../../src/model';
import { validateAgainstKubernetesSchema } from '../support/validate-k8s';

const kinds = (values: VClusterValues) => renderValues(values).filter((o) => /Role/.test(o.kind)).map((o) => `${o.kind}/${o.metadata.name}`);

describe('Role and RoleBinding', () => {
  test('the chart\'s five rules by default; leases for leader election with more than one replica', () => {
    const rules = find(renderValues({}), 'Role', 'vc-tenant-a').rules;
    expect(rules.map((r: any) => r.resources)).toEqual([
      ['configmaps', 'secrets', 'services', 'pods', 'pods/attach', 'pods/portforward', 'pods/exec', 'persistentvolumeclaims'],
      ['pods/status', 'pods/ephemeralcontainers'],
      ['statefulsets', 'replicasets', 'deployments'],
      ['endpoints', 'events', 'pods/log'],
      ['endpoints'],
    ]);
    // The syncer writes endpoints while it syncs them to the host (the default).
    expect(rules[4].verbs).toEqual(['create', 'delete', 'patch', 'update']);
    const ha = find(renderValues(STORES['etcd.embedded']), 'Role', 'vc-tenant-a').rules;
    expect(ha).toContainEqual({ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'delete', 'patch', 'update', 'get', 'list', 'watch'] });
  });

  test('no write access to endpoints when they are not synced', () => {
    const rules = find(renderValues({ sync: { toHost: { endpoints: { enabled: false } } } }), 'Role', 'vc-tenant-a').rules;
    expect(rules.filter((r: any) => r.resources.includes('endpoints'))).toEqual([
      { apiGroups: [''], resources: ['endpoints', 'events', 'pods/log'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  test('the binding names the ServiceAccount set in controlPlane.advanced.serviceAccount.name', () => {
    const binding = find(renderValues({ controlPlane: { advanced: { serviceAccount: { name: 'cp' } } } }), 'RoleBinding', 'vc-tenant-a');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'cp', namespace: 'tenants' }]);
    expect(binding.roleRef).toEqual({ kind: 'Role', name: 'vc-tenant-a', apiGroup: 'rbac.authorization.k8s.io' });
  });

  test('rbac.role.enabled false leaves out the binding as well', () => {
    expect(kinds({ rbac: { role: { enabled: false } } })).toEqual([]);
  });
});

describe('ClusterRole and ClusterRoleBinding', () => {
  test('none by default, none with enabled false whatever needs one', () => {
    expect(kinds({})).toEqual(['Role/vc-tenant-a', 'RoleBinding/vc-tenant-a']);
    expect(kinds({ rbac: { clusterRole: { enabled: false } }, sync: { fromHost: { nodes: { enabled: true } } } })).toHaveLength(2);
  });

  test('"auto" storage classes, CSI nodes and drivers from the host (the default) need none: only true does', () => {
    expect(kinds({ sync: { fromHost: { storageClasses: { enabled: 'auto' }, csiDrivers: { enabled: 'auto' } } } })).toHaveLength(2);
    expect(find(renderValues({ sync: { fromHost: { csiDrivers: { enabled: true } } } }), 'ClusterRole', 'vc-tenant-a-v-tenants').rules)
      .toEqual([{ apiGroups: ['storage.k8s.io'], resources: ['csidrivers'], verbs: ['get', 'watch', 'list'] }]);
  });

  test('cluster-scoped, with the chart\'s labels and the global annotations; the binding names the control plane\'s account', () => {
    const objects = renderValues({
      controlPlane: { advanced: { globalMetadata: { annotations: { 'example.com/g': 'g' } } } },
      sync: { fromHost: { nodes: { enabled: true, syncBackChanges: true } } },
    });
    const role = find(objects, 'ClusterRole', 'vc-tenant-a-v-tenants');
    expect(role.metadata).toEqual({
      name: 'vc-tenant-a-v-tenants',
      labels: { app: 'vcluster', chart: 'vcluster-0.21.6', release: 'tenant-a', heritage: 'vcluster-constructs' },
      annotations: { 'example.com/g': 'g' },
    });
    // Syncing changes back to the host nodes writes their labels and taints.
    expect(role.rules).toContainEqual({ apiGroups: [''], resources: ['nodes', 'nodes/status'], verbs: ['update', 'patch'] });
    const binding = find(objects, 'ClusterRoleBinding', 'vc-tenant-a-v-tenants');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'vc-tenant-a', namespace: 'tenants' }]);
    expect(binding.roleRef).toEqual({ kind: 'ClusterRole', name: 'vc-tenant-a-v-tenants', apiGroup: 'rbac.authorization.k8s.io' });
    expect(() => validateAgainstKubernetesSchema(objects)).not.toThrow();
  });

  test('RuntimeClasses are read in their real API group, node.k8s.io', () => {
    expect(find(renderValues({ sync: { fromHost: { runtimeClasses: { enabled: true } } } }), 'ClusterRole', 'vc-tenant-a-v-tenants').rules)
      .toEqual([{ apiGroups: ['node.k8s.io'], resources: ['runtimeclasses'], verbs: ['get', 'watch', 'list'] }]);
  });

  test('the rules of the settings in the chart\'s order, then custom resources, plugins by name, generic sync and rbac extra rules', () => {
    const extra = (resource: string) => ({ apiGroups: ['example.com'], resources: [resource], verbs: ['get'] });
    const rules = find(renderValues({
      sync: {
        toHost: { storageClasses: { enabled: true }, priorityClasses: { enabled: true } },
        fromHost: { customResources: { 'widgets.example.com': { enabled: true, scope: 'Cluster' }, 'gadgets.example.com': { enabled: false, scope: 'Cluster' } } },
      },
      plugins: { zeta: { rbac: { clusterRole: { extraRules: [extra('z')] } } }, alpha: { rbac: { clusterRole: { extraRules: [extra('a')] } } } },
      experimental: { genericSync: { clusterRole: { extraRules: [extra('generic')] } } },
      rbac: { clusterRole: { extraRules: [extra('own')] } },
    }), 'ClusterRole', 'vc-tenant-a-v-tenants').rules;
    expect(rules.map((r: any) => `${r.apiGroups[0]}/${r.resources[0]}`)).toEqual([
      'storage.k8s.io/storageclasses',
      'scheduling.k8s.io/priorityclasses',
      'apiextensions.k8s.io/customresourcedefinitions',
      'example.com/widgets',
      'example.com/a',
      'example.com/z',
      'example.com/generic',
      'example.com/own',
    ]);
  });

  test('names of at most 63 characters, cut as the chart cuts them (without a trailing -)', () => {
    // vc- + 40 + -v- + 18 = 64 characters: the cut at 63 ends in the namespace.
    const longRelease = { name: 'a'.repeat(40), namespace: 'b'.repeat(18) };
    const names = render(resolve({ pro: true }), longRelease).filter((o) => o.kind.startsWith('Cluster')).map((o) => o.metadata.name);
    expect(names).toEqual([`vc-${'a'.repeat(40)}-v-${'b'.repeat(17)}`, `vc-${'a'.repeat(40)}-v-${'b'.repeat(17)}`]);
    // vc- + 40 + -v- + 16 (= 62) + -platform-role: the cut at 63 leaves a trailing -, which goes.
    const platform = render(resolve({ external: { platform: { apiKey: { namespace: 'platform' } } } }), { name: 'a'.repeat(40), namespace: 'b'.repeat(16) });
    expect(platform.filter((o) => o.metadata.namespace === 'platform').map((o) => o.metadata.name)).toEqual([
      `vc-${'a'.repeat(40)}-v-${'b'.repeat(16)}`,
      `vc-${'a'.repeat(40)}-v-${'b'.repeat(16)}`,
    ]);
  });
});

describe('Role for the platform API key', () => {
  test('in the Secret\'s namespace, binding the control plane\'s account in the release namespace; valid objects', () => {
    const objects = renderValues({ external: { platform: { apiKey: { namespace: 'platform', secretName: '' } } } });
    const role = find(objects, 'Role', 'vc-tenant-a-v-tenants-platform-role');
    expect(role.metadata.namespace).toBe('platform');
    // An empty secretName is the syncer's default Secret.
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['vcluster-platform-api-key'] }]);
    const binding = find(objects, 'RoleBinding', 'vc-tenant-a-v-tenants-platform-role-binding');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'vc-tenant-a', namespace: release.namespace }]);
    expect(() => validateAgainstKubernetesSchema(objects)).not.toThrow();
  });
});

test('with every switch that adds a rule on, each RBAC object is valid against the Kubernetes schema', () => {
  const enabled = (...keys: string[]) => Object.fromEntries(keys.map((key) => [key, { enabled: true }]));
  const objects = renderValues({
    pro: true,
    sync: {
      toHost: {
        ...enabled('ingresses', 'networkPolicies', 'volumeSnapshots', 'serviceAccounts', 'podDisruptionBudgets', 'persistentVolumes',
          'storageClasses', 'priorityClasses', 'volumeSnapshotContents'),
        customResources: { 'widgets.example.com': { enabled: true } },
      },
      fromHost: {
        ...enabled('ingressClasses', 'runtimeClasses', 'volumeSnapshotClasses', 'storageClasses', 'csiNodes', 'csiDrivers', 'csiStorageCapacities'),
        nodes: { enabled: true, syncBackChanges: true },
      },
    },
    controlPlane: { advanced: { virtualScheduler: { enabled: true } } },
    networking: { replicateServices: { fromHost: [{ from: 'default/a', to: 'default/b' }] } },
    integrations: {
      metricsServer: { enabled: true },
      kubeVirt: { enabled: true },
      externalSecrets: { enabled: true, webhook: { enabled: true }, sync: { stores: { enabled: true }, clusterStores: { enabled: true } } },
    },
    experimental: { multiNamespaceMode: { enabled: true } },
    external: { platform: { apiKey: { namespace: 'platform' } } },
  });
  const rbac = objects.filter((o) => /Role/.test(o.kind));
  expect(rbac.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
    'ClusterRole/vc-mn-tenant-a-v-tenants',
    'ClusterRoleBinding/vc-mn-tenant-a-v-tenants',
    'ClusterRole/vc-tenant-a-v-tenants',
    'ClusterRoleBinding/vc-tenant-a-v-tenants',
    'Role/vc-tenant-a-v-tenants-platform-role',
    'RoleBinding/vc-tenant-a-v-tenants-platform-role-binding',
  ]);
  // The namespaced rules: the five defaults, pod metrics, five synced kinds, five of KubeVirt, two of external secrets,
  // the custom resource.
  expect((rbac[0] as any).rules).toHaveLength(19);
  // The cluster rules: two of pro, host nodes and their write-back, the scheduler's, four storage kinds from the host,
  // persistent volumes, ingress and runtime classes, storage and priority classes, two of snapshots, services from
  // the host, namespaces, node metrics, webhooks, definitions and cluster secret stores.
  expect((rbac[2] as any).rules).toHaveLength(22);
  expect(() => validateAgainstKubernetesSchema(rbac)).not.toThrow();
});
