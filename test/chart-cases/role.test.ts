import { MY_RELEASE, occurrences, renderOne, renderTemplate, rule, type Template } from './template-cases';

/** chart/templates/role.yaml: Role vc-NAME, or ClusterRole vc-mn-NAME-v-NAMESPACE in multi-namespace mode. */
const role: Template = (o, release) => (o.kind === 'Role' && o.metadata.name === `vc-${release.name}`)
  || (o.kind === 'ClusterRole' && o.metadata.name === `vc-mn-${release.name}-v-${release.namespace}`);
const ALL = ['create', 'delete', 'patch', 'update', 'get', 'list', 'watch'];
const testRule = rule([''], ['test'], ['test']);

describe('Role (the chart\'s role cases)', () => {
  test('rbac.role.enabled false renders none', () => {
    expect(renderTemplate(role, { rbac: { role: { enabled: false } } })).toHaveLength(0);
  });

  test('overwriteRules are the only rules', () => {
    const configmaps = rule([''], ['configmaps'], ['create']);
    const rules = renderOne(role, { rbac: { role: { overwriteRules: [configmaps] } } }).rules;
    expect(rules).toHaveLength(1);
    expect(occurrences(rules, configmaps)).toBe(1);
  });

  test('plugins add their rules to the five default ones, from the legacy plugin map and from plugins', () => {
    const test123 = rule([''], ['test123'], ['test123']);
    const rules = renderOne(role, {
      plugin: { test123: { image: 'acme/test123:1', rbac: { role: { extraRules: [test123] } } } },
      plugins: { test: { rbac: { role: { extraRules: [testRule] } } } },
    }).rules;
    expect(rules).toHaveLength(7);
    expect(occurrences(rules, test123)).toBe(1);
    expect(occurrences(rules, testRule)).toBe(1);
  });

  test.each([
    ['the generic sync', { experimental: { genericSync: { role: { extraRules: [testRule] } } } }],
    ['rbac.role.extraRules', { rbac: { role: { extraRules: [testRule] } } }],
  ])('%s adds its rule to the five default ones', (_, values) => {
    const rules = renderOne(role, values).rules;
    expect(rules).toHaveLength(6);
    expect(occurrences(rules, testRule)).toBe(1);
  });

  test('by default a Role vc-NAME in the release namespace', () => {
    const object = renderOne(role, {}, MY_RELEASE);
    expect(object.kind).toBe('Role');
    expect(object.metadata).toMatchObject({ name: 'vc-my-release', namespace: 'my-namespace' });
  });

  test('multi-namespace mode makes it ClusterRole vc-mn-NAME-v-NAMESPACE', () => {
    const object = renderOne(role, { experimental: { multiNamespaceMode: { enabled: true } } }, MY_RELEASE);
    expect(object.kind).toBe('ClusterRole');
    expect(object.metadata.name).toBe('vc-mn-my-release-v-my-namespace');
  });

  test('the metrics server proxy for pods reads pod metrics', () => {
    const object = renderOne(role, { integrations: { metricsServer: { enabled: true, pods: true } } }, MY_RELEASE);
    expect(object.kind).toBe('Role');
    expect(object.rules).toContainEqual(rule(['metrics.k8s.io'], ['pods'], ['get', 'list']));
  });

  test('external secrets synced manage ExternalSecrets', () => {
    const externalSecrets = { enabled: true, sync: { externalSecrets: { enabled: true } } };
    const object = renderOne(role, { integrations: { externalSecrets } }, MY_RELEASE);
    expect(object.kind).toBe('Role');
    expect(object.rules).toContainEqual(rule(['external-secrets.io'], ['externalsecrets'], ALL));
  });

  test('external secret stores synced manage SecretStores', () => {
    const object = renderOne(role, {
      integrations: { externalSecrets: { enabled: true, sync: { externalSecrets: { enabled: true }, stores: { enabled: true } } } },
    }, MY_RELEASE);
    expect(object.kind).toBe('Role');
    expect(object.rules).toContainEqual(rule(['external-secrets.io'], ['secretstores'], ALL));
  });

  test('KubeVirt manages virtual machines, their instances, migrations, clones, pools and data volumes', () => {
    const object = renderOne(role, { integrations: { kubeVirt: { enabled: true } } }, MY_RELEASE);
    expect(object.kind).toBe('Role');
    expect(object.rules).toContainEqual(rule(['kubevirt.io'], [
      'virtualmachines', 'virtualmachines/status', 'virtualmachineinstances', 'virtualmachineinstances/status',
      'virtualmachineinstancemigrations', 'virtualmachineinstancemigrations/status',
    ], ALL));
    expect(object.rules).toContainEqual(rule(['cdi.kubevirt.io'], ['datavolumes', 'datavolumes/status'], ALL));
    expect(object.rules).toContainEqual(rule(['clone.kubevirt.io'], ['virtualmachineclones', 'virtualmachineclones/status'], ALL));
    expect(object.rules).toContainEqual(rule(['pool.kubevirt.io'], ['virtualmachinepools', 'virtualmachinepools/status'], ALL));
  });

  test('each enabled custom resource synced to the host is managed, its key split at the first dot', () => {
    const object = renderOne(role, {
      sync: {
        toHost: {
          customResources: {
            'test.my-group': { enabled: false },
            'test.my-group-2': { enabled: true },
            'tests.my-group-3.com': { enabled: true },
          },
        },
      },
    }, MY_RELEASE);
    expect(object.kind).toBe('Role');
    expect(object.rules).toHaveLength(7);
    expect(object.rules).toContainEqual(rule(['my-group-2'], ['test'], ALL));
    expect(object.rules).toContainEqual(rule(['my-group-3.com'], ['tests'], ALL));
  });

  test.each([
    ['an expression', { path: 'test', expression: 'test' }],
    ['a reference', { path: 'test', reference: { apiVersion: 'v1', kind: 'Secret' } }],
  ])('a custom resource with a patch by %s renders', (_, patch) => {
    expect(() => renderOne(role, { sync: { toHost: { customResources: { 'test.my-group-2': { enabled: true, patches: [patch] } } } } }, MY_RELEASE))
      .not.toThrow();
  });
});
