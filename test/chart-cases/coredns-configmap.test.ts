import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_RELEASE, documentsOf, MY_RELEASE } from './chart-case';

/**
 * chart/tests/coredns-configmap_test.yaml (vCluster v0.21.6), case by case. The chart's cases compare the manifests
 * text; here the manifests are compared as the objects they describe (docs/compatibility.md says why), after
 * standing in for the placeholders the syncer fills in.
 */
const configMapsOf = (values: Record<string, unknown> = {}, release = DEFAULT_RELEASE) => documentsOf('ConfigMap', values, release);

const PLACEHOLDERS: Record<string, string> = { IMAGE: 'coredns-image', RUN_AS_USER: '1001', RUN_AS_GROUP: '1002', HOST_CLUSTER_DNS: '10.0.0.10' };
const manifestObjects = (text: string) =>
  parseAllDocuments(text.replace(/\{\{\.([A-Z_]+)\}\}/g, (_, name: string) => PLACEHOLDERS[name])).map((d) => d.toJS());

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'coredns', name), 'utf-8');
/**
 * The CoreDNS the syncer deploys by default, as objects, with the placeholders stood in for as above: what the
 * chart's cases expect, in JSON.
 */
const DEPLOYED_COREDNS: any[] = JSON.parse(fixture('deployed-manifests.json'));
const EMBEDDED_COREFILE = fixture('Corefile').replace('        pods insecure', '        kubeconfig /data/vcluster/admin.conf\n        pods insecure');

/** The default CoreDNS with settings of the pods' spec changed. */
function deployedCoreDnsWith(podSpec: Record<string, unknown>): any[] {
  return DEPLOYED_COREDNS.map((o) => (o.kind === 'Deployment'
    ? { ...o, spec: { ...o.spec, template: { ...o.spec.template, spec: { ...o.spec.template.spec, ...podSpec } } } } : o));
}

describe('chart case: CoreDNS ConfigMap', () => {
  test('vc-coredns-NAME in the release namespace', () => {
    const docs = configMapsOf({}, MY_RELEASE);
    expect(docs).toHaveLength(1);
    expect(docs[0].metadata.name).toBe('vc-coredns-my-release');
    expect(docs[0].metadata.namespace).toBe('my-namespace');
  });

  test('by default: the manifests of a CoreDNS Deployment, no Corefile of its own', () => {
    const docs = configMapsOf();
    expect(docs).toHaveLength(1);
    expect(docs[0].data.Corefile).toBeUndefined();
    expect(manifestObjects(docs[0].data['coredns.yaml'])).toEqual(DEPLOYED_COREDNS);
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
    // The Service of the default manifests, without a selector: there are no CoreDNS pods to select.
    const { selector, ...serviceSpec } = DEPLOYED_COREDNS.find((o) => o.kind === 'Service').spec;
    expect(selector).toEqual({ 'k8s-app': 'kube-dns' });
    expect(manifestObjects(docs[0].data['coredns.yaml'])).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { NodeHosts: '' } },
      { ...DEPLOYED_COREDNS.find((o) => o.kind === 'Service'), spec: serviceSpec },
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
    expect(manifestObjects(docs[0].data['coredns.yaml'])).toEqual(deployedCoreDnsWith({ affinity, tolerations }));
  });
});
