import { DEFAULT_RELEASE, MY_RELEASE, renderOne, renderTemplate, rule, type Template } from './template-cases';
import type { VClusterValues } from '../../src/config';

/** chart/templates/clusterrole.yaml: ClusterRole vc-NAME-v-NAMESPACE. */
const clusterRole: Template = (o, release) => o.kind === 'ClusterRole' && o.metadata.name === `vc-${release.name}-v-${release.namespace}`;
const rulesOf = (values: VClusterValues, release = DEFAULT_RELEASE) => renderOne(clusterRole, values, release).rules;

const testRule = rule([''], ['test'], ['test']);
const test123 = rule([''], ['test123'], ['test123']);
const crdRead = rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], ['get', 'list', 'watch']);
const webhooksRead = rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], ['get', 'list', 'watch']);
const hostNodesRead = rule([''], ['pods', 'nodes', 'nodes/status', 'nodes/metrics', 'nodes/stats', 'nodes/proxy'], ['get', 'watch', 'list']);
const schedulerStorageRead = rule(['storage.k8s.io'], ['storageclasses', 'csinodes', 'csidrivers', 'csistoragecapacities'], ['get', 'watch', 'list']);

describe('ClusterRole (the chart\'s clusterrole cases)', () => {
  test('none by default', () => {
    expect(renderTemplate(clusterRole, {})).toHaveLength(0);
  });

  test('rbac.clusterRole.enabled true renders it without any setting that needs one', () => {
    expect(renderTemplate(clusterRole, { rbac: { clusterRole: { enabled: true } } })).toHaveLength(1);
  });

  test('rbac.clusterRole.enabled false renders none, even with extra and overwritten rules', () => {
    const values = { rbac: { clusterRole: { enabled: false, extraRules: [test123], overwriteRules: [testRule] } } };
    expect(renderTemplate(clusterRole, values)).toHaveLength(0);
  });

  test('an isolated control plane reads the host nodes, and nothing else', () => {
    expect(rulesOf({ experimental: { isolatedControlPlane: { enabled: true } } })).toEqual([rule([''], ['nodes'], ['get', 'watch', 'list'])]);
  });

  test('the virtual scheduler reads storage classes, CSI nodes, drivers and capacities (with host nodes, which it needs here)', () => {
    // The chart's case sets the scheduler alone; the syncer refuses it without host nodes, and so does resolve().
    const rules = rulesOf({ controlPlane: { advanced: { virtualScheduler: { enabled: true } } }, sync: { fromHost: { nodes: { enabled: true } } } });
    expect(rules).toContainEqual(schedulerStorageRead);
    expect(rules).toEqual([hostNodesRead, schedulerStorageRead]);
  });

  test('CSI nodes synced from the host are read', () => {
    expect(rulesOf({ sync: { fromHost: { csiNodes: { enabled: true } } } })).toContainEqual(rule(['storage.k8s.io'], ['csinodes'], ['get', 'watch', 'list']));
  });

  test('multi-namespace mode (with enabled: auto) manages namespaces and ServiceAccounts, and only that', () => {
    expect(rulesOf({ rbac: { clusterRole: { enabled: 'auto' } }, experimental: { multiNamespaceMode: { enabled: true } } }))
      .toEqual([rule([''], ['namespaces', 'serviceaccounts'], ['create', 'delete', 'patch', 'update', 'get', 'watch', 'list'])]);
  });

  test('overwriteRules replace every rule, extra rules included', () => {
    expect(rulesOf({ rbac: { clusterRole: { extraRules: [test123], overwriteRules: [testRule] } } })).toEqual([testRule]);
  });

  test('extra rules come after the rules of the settings (priority classes synced to the host)', () => {
    const rules = rulesOf({ sync: { toHost: { priorityClasses: { enabled: true } } }, rbac: { clusterRole: { extraRules: [test123] } } });
    expect(rules).toHaveLength(2);
    expect(rules).toContainEqual(test123);
  });

  test('plugins add their rules, from the legacy plugin map and from plugins', () => {
    const test1234 = rule([''], ['test1234'], ['test1234']);
    const rules = rulesOf({
      plugin: { myTest: { image: 'acme/my-test:1', rbac: { clusterRole: { extraRules: [test123] } } } },
      plugins: { myTest2: { rbac: { clusterRole: { extraRules: [test1234] } } } },
    });
    expect(rules).toEqual([test123, test1234]);
  });

  test('services replicated from the host are read with their endpoints', () => {
    expect(rulesOf({ networking: { replicateServices: { fromHost: [{ from: 'test', to: 'other-test' }] } } }))
      .toEqual([rule([''], ['services', 'endpoints'], ['get', 'watch', 'list'])]);
  });

  test('real nodes synced from the host are read with their pods and kubelet APIs', () => {
    expect(rulesOf({ sync: { fromHost: { nodes: { enabled: true } } } })).toEqual([hostNodesRead]);
  });

  test('the legacy pro switch reads the platform\'s resources and the host nodes', () => {
    const rules = rulesOf({ pro: true });
    expect(rules).toHaveLength(3);
    expect(rules).toContainEqual(hostNodesRead);
    expect(rules).toContainEqual(rule(['cluster.loft.sh', 'storage.loft.sh'], ['features', 'virtualclusters'], ['get', 'list', 'watch']));
    expect(rules).toContainEqual(rule(['management.loft.sh'], ['virtualclusterinstances'], ['get']));
  });

  test('the metrics server proxy for nodes reads node metrics', () => {
    expect(rulesOf({ integrations: { metricsServer: { enabled: true, nodes: true } } }, MY_RELEASE))
      .toContainEqual(rule(['metrics.k8s.io'], ['nodes'], ['get', 'list']));
  });

  test('external secrets without their webhook read custom resource definitions only', () => {
    expect(rulesOf({ integrations: { externalSecrets: { enabled: true, webhook: { enabled: false } } } }, MY_RELEASE)).toEqual([crdRead]);
  });

  test('KubeVirt reads custom resource definitions and webhook configurations', () => {
    const rules = rulesOf({ integrations: { kubeVirt: { enabled: true } } }, MY_RELEASE);
    expect(rules).toHaveLength(2);
    expect(rules).toContainEqual(crdRead);
    expect(rules).toContainEqual(webhooksRead);
  });

  test('custom resources synced to the host read their definitions', () => {
    expect(rulesOf({ sync: { toHost: { customResources: { 'test.test-group': { enabled: true } } } } }, MY_RELEASE)).toEqual([crdRead]);
  });

  test('custom resources synced from the host are read, with their definitions', () => {
    const rules = rulesOf({ sync: { fromHost: { customResources: { 'test.test-group': { enabled: true, scope: 'Cluster' } } } } }, MY_RELEASE);
    expect(rules).toHaveLength(2);
    expect(rules).toContainEqual(rule(['test-group'], ['test'], ['get', 'list', 'watch']));
    expect(rules).toContainEqual(crdRead);
  });

  test('external secrets with their webhook and cluster stores read webhook configurations and cluster secret stores', () => {
    const externalSecrets = { enabled: true, webhook: { enabled: true }, sync: { clusterStores: { enabled: true } } };
    const rules = rulesOf({ integrations: { externalSecrets } }, MY_RELEASE);
    expect(rules).toContainEqual(webhooksRead);
    expect(rules).toContainEqual(rule(['external-secrets.io'], ['clustersecretstores'], ['get', 'list', 'watch']));
  });
});
