import { DEFAULT_RELEASE, documentsOf, MY_RELEASE } from './chart-case';
import { resolve } from '../../src/config';
import { render } from '../../src/model';

const NGINX_POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: nginx',
  '  labels:',
  '    app: nginx',
  'spec:',
  '  containers:',
  '    - image: nginx',
  '      name: nginx',
].join('\n');

/** chart/tests/manifests_test.yaml (vCluster v0.21.6), case by case. */
describe('chart case: Manifests', () => {
  test('nothing by default', () => {
    const kinds = render(resolve({}), DEFAULT_RELEASE).map((o) => o.kind);
    expect(kinds).not.toContain('Pod');
  });

  test('manifests for inside the virtual cluster are not host objects', () => {
    expect(documentsOf('Pod', { experimental: { deploy: { vcluster: { manifests: NGINX_POD } } } }, MY_RELEASE)).toHaveLength(0);
  });

  test('host manifests are rendered as written', () => {
    const docs = documentsOf('Pod', { experimental: { deploy: { host: { manifests: NGINX_POD } } } }, MY_RELEASE);
    expect(docs).toHaveLength(1);
    expect(docs[0].kind).toBe('Pod');
    expect(docs[0].spec.containers[0].name).toBe('nginx');
  });

  test('a host manifests template is rendered against the release', () => {
    const template = NGINX_POD.replace('  name: nginx\n', '  name: nginx\n  namespace: {{ .Release.Namespace }}\n');
    const docs = documentsOf('Pod', { experimental: { deploy: { host: { manifestsTemplate: template } } } }, MY_RELEASE);
    expect(docs).toHaveLength(1);
    expect(docs[0].kind).toBe('Pod');
    expect(docs[0].metadata.namespace).toBe('my-namespace');
    expect(docs[0].spec.containers[0].name).toBe('nginx');
  });
});
