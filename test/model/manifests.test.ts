import { renderValues } from './fixtures';

const hostObjects = (host: Record<string, string>, values: Record<string, unknown> = {}) => {
  const objects = renderValues({ ...values, experimental: { deploy: { host } } } as never);
  // Host manifests come last, after every object of the control plane.
  return objects.slice(objects.findIndex((o) => /StatefulSet|Deployment/.test(o.kind) && o.metadata.name === 'tenant-a') + 1)
    .filter((o) => o.kind !== 'PodDisruptionBudget');
};

describe('experimental.deploy.host: the user\'s own host objects', () => {
  test('several documents, empty ones skipped; manifests before the template\'s', () => {
    const objects = hostObjects({
      manifests: '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n---\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: two\n',
      manifestsTemplate: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: three\n',
    });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/one', 'Secret/two', 'ConfigMap/three']);
  });

  test('read as YAML 1.1, as kubectl reads the chart\'s output: a plain yes is a bool, 0755 an octal number', () => {
    const [object] = hostObjects({ manifests: 'apiVersion: v1\nkind: Example\nmetadata:\n  name: x\nspec:\n  enabled: yes\n  mode: 0755\n  name: "yes"\n' });
    expect(object.spec).toEqual({ enabled: true, mode: 0o755, name: 'yes' });
  });

  test('the template gets the release and scalar values, with Go\'s whitespace trimming', () => {
    const [object] = hostObjects({
      manifestsTemplate: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-extra\n  namespace: {{.Release.Namespace}}\n'
        + 'data:\n  replicas: "{{ .Values.controlPlane.statefulSet.highAvailability.replicas }}"\n  registry: "  {{- .Values.controlPlane.advanced.defaultImageRegistry -}}  "\n',
    }, { controlPlane: { advanced: { defaultImageRegistry: 'mirror.internal' } } });
    expect(object.metadata).toEqual({ name: 'tenant-a-extra', namespace: 'tenants' });
    expect(object.data).toEqual({ replicas: '1', registry: 'mirror.internal' });
  });

  test('template logic beyond fields, missing values and maps are refused with the action and what to do', () => {
    for (const action of ['{{ include "vcluster.name" . }}', '{{ .Values.nothing.here }}', '{{ .Values.controlPlane }}', '{{ .Chart.Name }}']) {
      const render = () => hostObjects({ manifestsTemplate: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${action}\n` });
      expect(render).toThrow(`invalid vCluster values (1 problem):\n  - experimental.deploy.host.manifestsTemplate: ${action}: only {{ .Release.Name }}`);
    }
  });

  test('a document that is no Kubernetes object, or no YAML, is refused with its number and what it lacks', () => {
    expect(() => hostObjects({ manifests: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\nkind: ConfigMap\n' }))
      .toThrow('experimental.deploy.host.manifests: document 2 is not a Kubernetes object: it needs apiVersion, metadata.name; fix or remove it');
    expect(() => hostObjects({ manifests: '- a list\n' })).toThrow('document 1 is not a Kubernetes object: it needs apiVersion, kind, metadata.name');
    expect(() => hostObjects({ manifests: 'a: [unclosed\n' })).toThrow('experimental.deploy.host.manifests: document 1 is not valid YAML');
  });
});
