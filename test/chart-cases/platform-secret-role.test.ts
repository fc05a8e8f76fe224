import { DEFAULT_RELEASE, occurrences, renderTemplate, type Template } from './template-cases';

/** chart/templates/platform-rbac.yaml: Role and RoleBinding vc-NAME-v-NAMESPACE-platform-role(-binding). */
const platformRbac: Template = (o, release) => o.metadata.name.startsWith(`vc-${release.name}-v-${release.namespace}-platform-role`);
const platform = (apiKey: object) => ({ external: { platform: { apiKey } } });

describe('Role and RoleBinding for the platform\'s API key Secret (the chart\'s platform-secret-role cases)', () => {
  test.each([
    ['createRBAC is false', { namespace: 'some-other-namespace', createRBAC: false }],
    ['the namespace is empty', { namespace: '' }],
    ['no namespace is set (the Secret is in the release namespace)', { secretName: 'some-other-secret' }],
  ])('none when %s', (_, apiKey) => {
    expect(renderTemplate(platformRbac, platform(apiKey))).toHaveLength(0);
  });

  test.each([
    ['the Secret named', { secretName: 'my-secret-name', namespace: 'some-other-namespace' }, 'my-secret-name'],
    ['the default Secret', { namespace: 'some-other-namespace' }, 'vcluster-platform-api-key'],
  ])('in another namespace, the control plane\'s account may read %s', (_, apiKey, secretName) => {
    const [role, binding] = renderTemplate(platformRbac, platform(apiKey));
    expect(role.kind).toBe('Role');
    expect(role.metadata).toMatchObject({ name: 'vc-release-name-v-namespace-platform-role', namespace: 'some-other-namespace' });
    expect(role.rules).toHaveLength(1);
    expect(occurrences(role.rules, { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [secretName] })).toBe(1);
    expect(binding.kind).toBe('RoleBinding');
    expect(binding.metadata).toMatchObject({ name: 'vc-release-name-v-namespace-platform-role-binding', namespace: 'some-other-namespace' });
    // The chart's case expects the Secret's namespace as the subject's: the account is in the release namespace.
    expect(occurrences(binding.subjects, { kind: 'ServiceAccount', name: 'vc-release-name', namespace: DEFAULT_RELEASE.namespace })).toBe(1);
    expect(binding.roleRef).toEqual({ kind: 'Role', name: role.metadata.name, apiGroup: 'rbac.authorization.k8s.io' });
  });
});
