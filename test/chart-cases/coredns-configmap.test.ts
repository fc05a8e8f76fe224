import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_RELEASE, documentsOf } from './chart-case';

/**
 * chart/tests/coredns-configmap_test.yaml (vCluster v0.21.6), case by case. The chart's cases compare the manifests
 * text; here the manifests are compared as the objects they describe (docs/compatibility/extras.md says why), after
 * standing in for the placeholders the syncer fills in.
 */
const configMapsOf = (values: Record<string, unknown> = {}, release = DEFAULT_RELEASE) => documentsOf('ConfigMap', values, release);

const PLACEHOLDERS: Record<string, string> = { IMAGE: 'coredns-image', RUN_AS_USER: '1001', RUN_AS_GROUP: '1002', HOST_CLUSTER_DNS: '10.0.0.10' };
const manifestObjects = (text: string) =>
  parseAllDocuments(text.replace(/\{\{\.([A-Z_]+)\}\}/g, (_, name: string) => PLACEHOLDERS[name])).map((d) => d.toJS());

const DEFAULT_COREFILE = readFileSync(join(__dirname, '..', 'fixtures', 'coredns', 'Corefile'), 'utf-8');
const EMBEDDED_COREFILE = DEFAULT_COREFILE.replace('        pods insecure', '        kubeconfig /data/vcluster/admin.conf\n        pods insecure');

const KUBE_DNS = { 'k8s-app': 'kube-dns' };
const BOOTSTRAPPING = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const inKubeSystem = (name: string) => ({ name, namespace: 'kube-system' });

function kubeDnsService(selector: boolean) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      ...inKubeSystem('kube-dns'),
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      labels: { ...KUBE_DNS, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    },
    spec: {
      type: 'ClusterIP',
      ...(selector ? { selector: KUBE_DNS } : {}),
      ports: [
        { name: 'dns', port: 53, targetPort: 1053, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, targetPort: 1053, protocol: 'TCP' },
        { name: 'metrics', port: 9153, protocol: 'TCP' },
      ],
    },
  };
}

/** The CoreDNS the syncer deploys by default, with the pod scheduling settings of a case. */
function deployedCoreDns(scheduling: Record<string, unknown> = {}) {
  const listWatch = ['list', 'watch'];
  const probe = (path: string, port: number, initialDelaySeconds: number, periodSeconds: number) =>
    ({ httpGet: { path, port, scheme: 'HTTP' }, initialDelaySeconds, periodSeconds, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: inKubeSystem('coredns') },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { labels: BOOTSTRAPPING, name: 'system:coredns' },
      rules: [
        { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: listWatch },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: listWatch },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' }, labels: BOOTSTRAPPING, name: 'system:coredns' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
      subjects: [{ kind: 'ServiceAccount', ...inKubeSystem('coredns') }],
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: inKubeSystem('coredns'), data: { Corefile: DEFAULT_COREFILE, NodeHosts: '' } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { ...inKubeSystem('coredns'), labels: { ...KUBE_DNS, 'kubernetes.io/name': 'CoreDNS' } },
      spec: {
        replicas: 1,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        selector: { matchLabels: KUBE_DNS },
        template: {
          metadata: { labels: KUBE_DNS },
          spec: {
            priorityClassName: '',
            serviceAccountName: 'coredns',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            ...scheduling,
            topologySpreadConstraints: [
              { labelSelector: { matchLabels: KUBE_DNS }, maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' },
            ],
            containers: [{
              name: 'coredns',
              image: PLACEHOLDERS.IMAGE,
              imagePullPolicy: 'IfNotPresent',
              resources: { limits: { cpu: '1000m', memory: '170Mi' }, requests: { cpu: '20m', memory: '64Mi' } },
              args: ['-conf', '/etc/coredns/Corefile'],
              volumeMounts: [
                { name: 'config-volume', mountPath: '/etc/coredns', readOnly: true },
                { name: 'custom-config-volume', mountPath: '/etc/coredns/custom', readOnly: true },
              ],
              securityContext: {
                runAsNonRoot: true,
                runAsUser: Number(PLACEHOLDERS.RUN_AS_USER),
                runAsGroup: Number(PLACEHOLDERS.RUN_AS_GROUP),
                allowPrivilegeEscalation: false,
                capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
                readOnlyRootFilesystem: true,
              },
              livenessProbe: probe('/health', 8080, 60, 10),
              readinessProbe: probe('/ready', 8181, 0, 2),
            }],
            dnsPolicy: 'Default',
            volumes: [
              { name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }, { key: 'NodeHosts', path: 'NodeHosts' }] } },
              { name: 'custom-config-volume', configMap: { name: 'coredns-custom', optional: true } },
            ],
          },
        },
      },
    },
    kubeDnsService(true),
  ];
}

describe('chart case: CoreDNS ConfigMap', () => {
  test('vc-coredns-NAME in the release namespace', () => {
    const docs = configMapsOf({}, { name: 'my-release', namespace: 'my-namespace' });
    expect(docs).toHaveLength(1);
    expect(docs[0].metadata.name).toBe('vc-coredns-my-release');
    expect(docs[0].metadata.namespace).toBe('my-namespace');
  });

  test('by default: the manifests of a CoreDNS Deployment, no Corefile of its own', () => {
    const docs = configMapsOf();
    expect(docs).toHaveLength(1);
    expect(docs[0].data.Corefile).toBeUndefined();
    expect(manifestObjects(docs[0].data['coredns.yaml'])).toEqual(deployedCoreDns());
  });

  test('embedded, with overwriteManifests: the manifests as given', () => {
    const docs = configMapsOf({ controlPlane: { coredns: { embedded: true, overwriteManifests: 'abc' } } });
    expect(docs).toHaveLength(1);
    expect(docs[0].data['coredns.yaml']).toBe('abc');
  });

  test('embedded, with overwriteConfig: the Corefile as given', () => {
    const docs = configMapsOf({ controlPlane: { coredns: { embedded: true, overwriteConfig: 'abc' } } });
    expect(docs).toHaveLength(1);
    expect(docs[0].data.Corefile).toBe('abc');
  });

  test('embedded: the Corefile reads the virtual cluster through its admin kubeconfig; only NodeHosts and kube-dns are deployed', () => {
    const docs = configMapsOf({ controlPlane: { coredns: { embedded: true } } });
    expect(docs).toHaveLength(1);
    expect(docs[0].data.Corefile).toBe(EMBEDDED_COREFILE);
    expect(manifestObjects(docs[0].data['coredns.yaml'])).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: inKubeSystem('coredns'), data: { NodeHosts: '' } },
      kubeDnsService(false),
    ]);
  });

  test('affinity and tolerations reach the CoreDNS pods', () => {
    const affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{
          labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['coredns'] }] },
          topologyKey: 'kubernetes.io/hostname',
        }],
      },
    };
    const tolerations = [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/master', operator: 'Exists' }];
    const docs = configMapsOf({ controlPlane: { coredns: { deployment: { affinity, tolerations } } } });
    expect(manifestObjects(docs[0].data['coredns.yaml'])).toEqual(deployedCoreDns({ affinity, tolerations }));
  });
});
