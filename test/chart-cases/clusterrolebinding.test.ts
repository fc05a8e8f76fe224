import { MY_RELEASE, renderOne, renderTemplate, rule, type Template } from './template-cases';

/** chart/templates/clusterrolebinding.yaml: ClusterRoleBinding vc-NAME-v-NAMESPACE. */
const clusterRoleBinding: Template = (o, release) => o.kind === 'ClusterRoleBinding' && o.metadata.name === `vc-${release.name}-v-${release.namespace}`;
const testRules = [rule([''], ['test'], ['test'])];

describe('ClusterRoleBinding (the chart\'s clusterrolebinding cases)', () => {
  test('none by default', () => {
    expect(renderTemplate(clusterRoleBinding, {})).toHaveLength(0);
  });

  test.each([
    ['multi-namespace mode', { experimental: { multiNamespaceMode: { enabled: true } } }],
    ['ingress classes synced from the host', { sync: { fromHost: { ingressClasses: { enabled: true } } } }],
    ['cluster rules of the generic sync', { experimental: { genericSync: { clusterRole: { extraRules: testRules } } } }],
  ])('rendered for %s', (_, values) => {
    expect(renderTemplate(clusterRoleBinding, values)).toHaveLength(1);
  });

  test.each([
    ['plugins', { plugins: { test: { rbac: { clusterRole: { extraRules: testRules } } } } }],
    ['the legacy plugin map', { plugin: { test: { image: 'acme/test:1', rbac: { clusterRole: { extraRules: testRules } } } } }],
  ])('rendered for cluster rules of %s', (_, values) => {
    expect(renderTemplate(clusterRoleBinding, values, MY_RELEASE)).toHaveLength(1);
  });

  test.each([
    ['the legacy pro switch', { pro: true }],
    ['extra rules', { rbac: { clusterRole: { extraRules: testRules } } }],
    ['overwritten rules', { rbac: { clusterRole: { overwriteRules: testRules } } }],
  ])('for %s: cluster-scoped, named after the release and its namespace, binding the control plane\'s account', (_, values) => {
    const binding = renderOne(clusterRoleBinding, values, MY_RELEASE);
    expect(binding.kind).toBe('ClusterRoleBinding');
    expect(binding.metadata.name).toBe('vc-my-release-v-my-namespace');
    expect(binding.metadata).not.toHaveProperty('namespace');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'vc-my-release', namespace: 'my-namespace' }]);
    expect(binding.roleRef).toEqual({ kind: 'ClusterRole', name: 'vc-my-release-v-my-namespace', apiGroup: 'rbac.authorization.k8s.io' });
  });
});
