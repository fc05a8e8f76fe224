import { find, release, renderValues } from './fixtures';
import { validateAgainstKubernetesSchema } from '../support/validate-k8s';

const ALL_POLICIES = {
  controlPlane: { advanced: { globalMetadata: { annotations: { team: 'global', shared: 'global' } } } },
  policies: {
    limitRange: { enabled: true, labels: { tier: 'lr' }, annotations: { shared: 'own', own: 'lr' }, max: { cpu: 4 } },
    resourceQuota: {
      enabled: true,
      quota: { 'requests.cpu': 2.5, 'count/pods': 7 },
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['low'] }] },
      scopes: ['NotTerminating'],
    },
    networkPolicy: { enabled: true, outgoingConnections: { platform: false, ipBlock: { cidr: '10.1.0.0/16', except: [] } } },
  },
  experimental: { syncSettings: { targetNamespace: 'tenant-workloads' } },
};

describe('policies.*: LimitRange, ResourceQuota, NetworkPolicies', () => {
  const objects = renderValues(ALL_POLICIES as never);

  test('valid Kubernetes objects', () => {
    validateAgainstKubernetesSchema(objects.filter((o) => ['LimitRange', 'ResourceQuota', 'NetworkPolicy'].includes(o.kind)));
  });

  test('the workloads\' objects go to the target namespace, the control plane\'s policy stays in the release namespace', () => {
    expect(find(objects, 'LimitRange', 'vc-tenant-a').metadata.namespace).toBe('tenant-workloads');
    expect(find(objects, 'ResourceQuota', 'vc-tenant-a').metadata.namespace).toBe('tenant-workloads');
    expect(find(objects, 'NetworkPolicy', 'vc-work-tenant-a').metadata.namespace).toBe('tenant-workloads');
    expect(find(objects, 'NetworkPolicy', 'vc-cp-tenant-a').metadata.namespace).toBe(release.namespace);
  });

  test('own labels join the chart\'s; the global annotations win a shared key, as the chart merges them', () => {
    const { metadata } = find(objects, 'LimitRange', 'vc-tenant-a');
    expect(metadata.labels).toMatchObject({ app: 'vcluster', release: 'tenant-a', tier: 'lr' });
    expect(metadata.annotations).toEqual({ team: 'global', shared: 'global', own: 'lr' });
  });

  test('quantities are written as strings; the quota\'s scopes come along', () => {
    expect(find(objects, 'LimitRange', 'vc-tenant-a').spec.limits[0].max).toEqual({ cpu: '4' });
    const quota = find(objects, 'ResourceQuota', 'vc-tenant-a').spec;
    // The user's quota merges over the chart's default one, as Helm merges maps.
    expect(quota.hard).toMatchObject({ 'requests.cpu': '2.5', 'count/pods': '7', 'limits.cpu': '20' });
    expect(quota.scopeSelector).toEqual({ matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['low'] }] });
    expect(quota.scopes).toEqual(['NotTerminating']);
  });

  test('no platform egress when outgoingConnections.platform is off; an ipBlock without exceptions has none', () => {
    const controlPlane = find(objects, 'NetworkPolicy', 'vc-cp-tenant-a').spec;
    expect(controlPlane.egress[1].to).toHaveLength(2);
    const workloads = find(objects, 'NetworkPolicy', 'vc-work-tenant-a').spec;
    expect(workloads.egress[2].to[1]).toEqual({ ipBlock: { cidr: '10.1.0.0/16' } });
  });

  test('quoted switches read as the chart reads them: "true" is on, "auto" follows the other', () => {
    const kinds = (policies: Record<string, unknown>) => renderValues({ policies } as never).map((o) => o.kind);
    expect(kinds({ limitRange: { enabled: 'true' } })).toEqual(expect.arrayContaining(['LimitRange', 'ResourceQuota']));
    expect(kinds({ limitRange: { enabled: 'auto' }, resourceQuota: { enabled: 'auto' } })).not.toContain('LimitRange');
  });
});
