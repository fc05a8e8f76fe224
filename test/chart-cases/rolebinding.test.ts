import { MY_RELEASE, renderOne, type Template } from './template-cases';

/** chart/templates/rolebinding.yaml: RoleBinding vc-NAME, or ClusterRoleBinding vc-mn-NAME-v-NAMESPACE in multi-namespace mode. */
const roleBinding: Template = (o, release) => (o.kind === 'RoleBinding' && o.metadata.name === `vc-${release.name}`)
  || (o.kind === 'ClusterRoleBinding' && o.metadata.name === `vc-mn-${release.name}-v-${release.namespace}`);

describe('RoleBinding (the chart\'s rolebinding cases)', () => {
  test('by default RoleBinding vc-NAME binds Role vc-NAME to ServiceAccount vc-NAME', () => {
    const binding = renderOne(roleBinding, {}, MY_RELEASE);
    expect(binding.kind).toBe('RoleBinding');
    expect(binding.metadata).toMatchObject({ name: 'vc-my-release', namespace: 'my-namespace' });
    expect(binding.subjects[0].name).toBe('vc-my-release');
    expect(binding.roleRef.kind).toBe('Role');
    expect(binding.roleRef.name).toBe('vc-my-release');
  });

  test('multi-namespace mode binds the ClusterRole cluster-wide', () => {
    const binding = renderOne(roleBinding, { experimental: { multiNamespaceMode: { enabled: true } } }, MY_RELEASE);
    expect(binding.kind).toBe('ClusterRoleBinding');
    expect(binding.metadata.name).toBe('vc-mn-my-release-v-my-namespace');
    expect(binding.metadata).not.toHaveProperty('namespace');
    expect(binding.subjects[0].name).toBe('vc-my-release');
    expect(binding.roleRef.kind).toBe('ClusterRole');
    expect(binding.roleRef.name).toBe('vc-mn-my-release-v-my-namespace');
  });
});
