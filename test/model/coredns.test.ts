import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { resolve, type VClusterValues } from '../../src/config';
import { render, type KubeObject } from '../../src/model';
import { validateAgainstKubernetesSchema } from '../support/validate-k8s';

const release = { name: 'tenant-a', namespace: 'tenants' };
const objectsOf = (values: VClusterValues = {}) => render(resolve(values), release);
const configMapOf = (values: VClusterValues = {}) => objectsOf(values).find((o) => o.kind === 'ConfigMap') as (KubeObject & { data: Record<string, string> }) | undefined;

/** The manifests as the syncer applies them: placeholders replaced, then parsed. */
function applied(text: string): any[] {
  const substituted = text.replace(/\{\{\.IMAGE\}\}/g, 'coredns/coredns:1.11.3').replace(/\{\{\.RUN_AS_USER\}\}/g, '1001')
    .replace(/\{\{\.RUN_AS_GROUP\}\}/g, '1001').replace(/\{\{\.HOST_CLUSTER_DNS\}\}/g, '10.96.0.10');
  return parseAllDocuments(substituted).map((d) => d.toJS());
}

/** The Corefile the chart renders with its default values (its own test of the pinned release expects the same). */
const DEFAULT_COREFILE = readFileSync(join(__dirname, '..', 'fixtures', 'coredns', 'Corefile'), 'utf-8');

describe('ConfigMap vc-coredns-NAME (the CoreDNS the syncer deploys in the virtual cluster)', () => {
  test('by default: the chart\'s manifests of CoreDNS, valid Kubernetes objects once the syncer fills in the placeholders', () => {
    const cm = configMapOf()!;
    expect(cm.metadata).toEqual({ name: 'vc-coredns-tenant-a', namespace: 'tenants' });
    expect(Object.keys(cm.data)).toEqual(['coredns.yaml']);
    expect(cm.data['coredns.yaml']).toContain('image: {{.IMAGE}}\n');
    expect(cm.data['coredns.yaml']).toContain('runAsUser: {{.RUN_AS_USER}}\n');
    const docs = applied(cm.data['coredns.yaml']);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'ServiceAccount/coredns', 'ClusterRole/system:coredns', 'ClusterRoleBinding/system:coredns', 'ConfigMap/coredns', 'Deployment/coredns', 'Service/kube-dns',
    ]);
    validateAgainstKubernetesSchema(docs);
    const [, , , corefile, deployment, service] = docs;
    expect(corefile.data).toEqual({ Corefile: DEFAULT_COREFILE, NodeHosts: '' });
    const pod = deployment.spec.template.spec;
    expect(deployment.spec.replicas).toBe(1);
    expect(pod.containers[0].securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1001, runAsNonRoot: true });
    expect(pod.containers[0].resources).toEqual({ limits: { cpu: '1000m', memory: '170Mi' }, requests: { cpu: '20m', memory: '64Mi' } });
    expect(pod.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
    ]);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, targetPort: 1053, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, targetPort: 1053, protocol: 'TCP' },
        { name: 'metrics', port: 9153, protocol: 'TCP' },
      ],
    });
    const kinds = objectsOf().map((o) => o.kind);
    expect(kinds.indexOf('ConfigMap')).toBe(kinds.indexOf('Secret') + 1);
  });

  test('deployment options reach the CoreDNS Deployment; the image takes the default registry', () => {
    const cm = configMapOf({
      controlPlane: {
        advanced: { defaultImageRegistry: 'registry.example.com' },
        coredns: {
          priorityClassName: 'system-cluster-critical',
          deployment: {
            image: 'coredns/coredns:1.11.3',
            replicas: 2,
            nodeSelector: { pool: 'system' },
            tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['system'] }] }] } } },
            pods: { labels: { team: 'dns' } },
          },
          service: { spec: { type: 'ClusterIP', clusterIP: '10.96.0.10' }, annotations: { owner: 'dns' } },
        },
      },
      policies: { podSecurityStandard: 'baseline' },
    })!;
    const docs = applied(cm.data['coredns.yaml']);
    validateAgainstKubernetesSchema(docs);
    const deployment = docs.find((d) => d.kind === 'Deployment');
    const pod = deployment.spec.template.spec;
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.containers[0].image).toBe('registry.example.com/coredns/coredns:1.11.3');
    expect(pod.priorityClassName).toBe('system-cluster-critical');
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'pool': 'system' });
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.affinity.nodeAffinity).toBeDefined();
    expect(pod.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(deployment.spec.template.metadata.labels).toEqual({ 'k8s-app': 'kube-dns', 'team': 'dns' });
    const service = docs.find((d) => d.kind === 'Service');
    expect(service.spec.clusterIP).toBe('10.96.0.10');
    expect(service.metadata.annotations).toEqual({ 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true', 'owner': 'dns' });
  });

  test('the Corefile follows the networking and policy options', () => {
    const corefileOf = (values: VClusterValues) => applied(configMapOf(values)!.data['coredns.yaml']).find((d) => d.kind === 'ConfigMap').data.Corefile as string;
    const fallback = corefileOf({ networking: { advanced: { fallbackHostCluster: true, proxyKubelets: { byHostname: false } } } });
    expect(fallback).toContain('        fallthrough cluster.local in-addr.arpa ip6.arpa\n');
    expect(fallback).toContain('    forward . 10.96.0.10\n');
    expect(fallback).not.toContain('rewrite name');
    expect(corefileOf({ policies: { networkPolicy: { enabled: true } } })).toContain('    forward . /etc/resolv.conf 8.8.8.8 {\n        policy sequential\n    }\n');
    expect(corefileOf({ controlPlane: { coredns: { overwriteConfig: '.:1053 {\n    forward . 1.1.1.1\n}' } } })).toBe('.:1053 {\n    forward . 1.1.1.1\n}');
  });

  test('embedded CoreDNS: the Corefile beside the manifests, which hold only the hosts ConfigMap and the kube-dns Service', () => {
    const cm = configMapOf({ controlPlane: { coredns: { embedded: true } } })!;
    expect(cm.data.Corefile).toBe(DEFAULT_COREFILE.replace('        pods insecure', '        kubeconfig /data/vcluster/admin.conf\n        pods insecure'));
    const docs = applied(cm.data['coredns.yaml']);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['ConfigMap/coredns', 'Service/kube-dns']);
    expect(docs[0].data).toEqual({ NodeHosts: '' });
    expect(docs[1].spec.selector).toBeUndefined();
  });

  test('overwriteManifests replaces the manifests as given', () => {
    expect(configMapOf({ controlPlane: { coredns: { overwriteManifests: 'apiVersion: v1\nkind: List' } } })!.data).toEqual({ 'coredns.yaml': 'apiVersion: v1\nkind: List' });
  });

  test('disabled, or with a headless control plane, there is no ConfigMap; the pod mounts it only when CoreDNS is enabled', () => {
    expect(configMapOf({ controlPlane: { coredns: { enabled: false } } })).toBeUndefined();
    expect(configMapOf({ experimental: { isolatedControlPlane: { headless: true } } })).toBeUndefined();
    const volumes = (values: VClusterValues) => ((objectsOf(values).find((o) => o.metadata.name === 'tenant-a' && /StatefulSet|Deployment/.test(o.kind)) as any)
      .spec.template.spec.volumes as { name: string }[]).map((v) => v.name);
    expect(volumes({ controlPlane: { coredns: { enabled: false } } })).not.toContain('coredns');
    expect(volumes({})).toContain('coredns');
  });

  test('the global annotations are the ConfigMap\'s only metadata besides its name', () => {
    expect(configMapOf({ controlPlane: { advanced: { globalMetadata: { annotations: { team: 'platform' } } } } })!.metadata)
      .toEqual({ name: 'vc-coredns-tenant-a', namespace: 'tenants', annotations: { team: 'platform' } });
  });
});
