import { readFileSync } from 'fs';
import { join } from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { renderTemplate } from '../../src/cli/template';
import { resolve } from '../../src/config';
import { render } from '../../src/model';
import { vck } from '../support/vck';

const root = join(__dirname, '..', '..');
const fixture = (name: string) => join(root, 'test', 'fixtures', 'values', name);

const kindsAndNames = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS()).map((o: any) => `${o.kind}/${o.metadata.name}`);

test('renders the chart-equivalent objects of a values file as multi-document YAML', () => {
  const { status, stdout, stderr } = vck('template', '-f', fixture('ha-etcd-deploy.yaml'), '--name', 'tenant-a', '--namespace', 'tenants');
  expect(status).toBe(0);
  expect(kindsAndNames(stdout)).toEqual([
    'ServiceAccount/vc-tenant-a', 'ServiceAccount/vc-workload-tenant-a', 'Role/vc-tenant-a', 'RoleBinding/vc-tenant-a', 'Secret/vc-config-tenant-a', 'ConfigMap/vc-coredns-tenant-a', 'Service/tenant-a',
    'Service/tenant-a-etcd', 'Service/tenant-a-etcd-headless', 'StatefulSet/tenant-a-etcd', 'Deployment/tenant-a',
    'PodDisruptionBudget/tenant-a', 'PodDisruptionBudget/tenant-a-etcd',
  ]);
  expect(stdout).toContain('# Source: vcluster-constructs/Deployment/tenant-a');
  expect(stderr).toBe('');
});

test('later files and --set override earlier ones', () => {
  const { status, stdout } = vck('template', '-f', fixture('default.yaml'), '-f', fixture('embedded-etcd.yaml'),
    '--set', 'controlPlane.statefulSet.highAvailability.replicas=5', '--name', 't', '-n', 'ns');
  expect(status).toBe(0);
  const sts = parseAllDocuments(stdout).map((d) => d.toJS()).find((o: any) => o.kind === 'StatefulSet');
  expect(sts.spec.replicas).toBe(5);
  expect(sts.spec.persistentVolumeClaimRetentionPolicy.whenDeleted).toBe('Delete');
});

test('invalid values exit 1 with the error on stderr and nothing on stdout', () => {
  const { status, stdout, stderr } = vck('template', '-f', fixture('invalid.yaml'), '--name', 't');
  expect(status).toBe(1);
  expect(stdout).toBe('');
  expect(stderr).toContain('controlPlane.statefulSet.highAvailabilty: unknown key: did you mean highAvailability?');
});

test('a missing file, bad YAML and a missing --name are errors too', () => {
  for (const args of [
    ['template', '-f', fixture('nope.yaml'), '--name', 't'],
    ['template', '--set', 'controlPlane', '--name', 't'],
    ['template', '-f', fixture('default.yaml')],
  ]) {
    const { status, stdout, stderr } = vck(...args);
    expect({ args, status, stdout }).toEqual({ args, status: 1, stdout: '' });
    expect(stderr).not.toBe('');
  }
});

test.each(['default.yaml', 'embedded-etcd.yaml', 'external-postgres.yaml', 'ha-etcd-deploy.yaml'])(
  'fixture %s also renders in this process, where its config Secret is checked against the syncer\'s schema',
  (name) => {
    expect(render(resolve(parse(readFileSync(fixture(name), 'utf-8'))), { name: 'tenant-a', namespace: 'tenants' }).length).toBeGreaterThan(0);
  },
);

test('warnings go to stderr and the objects are still rendered', () => {
  const { status, stdout, stderr } = vck('template', '-f', fixture('embedded-etcd.yaml'),
    '--set', 'controlPlane.statefulSet.highAvailability.replicas=2', '--name', 't');
  expect(status).toBe(0);
  expect(kindsAndNames(stdout)).toContain('StatefulSet/t');
  expect(stderr).toContain('vck: warning: controlPlane.statefulSet.highAvailability.replicas: 2 etcd members tolerate as many failures as 1');
});

test('a release name or namespace that is no DNS label names the flag to change', () => {
  const { status, stderr } = vck('template', '--name', 'TenantA', '-n', 'Team_A');
  expect(status).toBe(1);
  expect(stderr).toContain('--name: release name "TenantA" must be a DNS label');
  expect(stderr).toContain('--namespace: namespace "Team_A" must be a DNS label');
});

describe('--kube-version', () => {
  const workloadOf = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS()).find((o: any) => o.metadata.name === 't' && /StatefulSet|Deployment/.test(o.kind));
  const initImages = (yaml: string) => workloadOf(yaml).spec.template.spec.initContainers.map((c: any) => c.image);

  test('the k8s images follow the host version, read as helm reads it', () => {
    const { status, stdout, stderr } = vck('template', '--name', 't', '--kube-version', '1.29.3+orb1');
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(initImages(stdout).slice(1)).toEqual(['registry.k8s.io/kube-controller-manager:v1.29.3', 'registry.k8s.io/kube-apiserver:v1.29.3']);
  });

  test('without it, helm template\'s default (v1.31.0) is the host version', () => {
    const { yaml } = renderTemplate({ values: [], set: [], name: 't', namespace: 'default' });
    expect(initImages(yaml).slice(1)).toEqual(['registry.k8s.io/kube-controller-manager:v1.31.0', 'registry.k8s.io/kube-apiserver:v1.31.0']);
    expect(workloadOf(yaml).spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain' });
  });

  test('a host older than 1.27 gets no claim retention policy; a set distro version wins over the host', () => {
    const { yaml } = renderTemplate({ values: [], set: ['controlPlane.distro.k8s.version=v1.30.5'], name: 't', namespace: 'default', kubeVersion: 'v1.26.3' });
    expect(workloadOf(yaml).spec.persistentVolumeClaimRetentionPolicy).toBeUndefined();
    expect(initImages(yaml).slice(1)).toEqual(['registry.k8s.io/kube-controller-manager:v1.30.5', 'registry.k8s.io/kube-apiserver:v1.30.5']);
  });

  test('a value that is no version names the flag', () => {
    expect(() => renderTemplate({ values: [], set: [], name: 't', namespace: 'default', kubeVersion: 'latest' }))
      .toThrow(/--kube-version: "latest" is not a Kubernetes version: give one such as v1.31.0 or 1.29/);
  });
});

test.each(['k3s', 'k0s'])('a %s control plane renders from --set alone', (distro) => {
  const { yaml } = renderTemplate({ values: [], set: [`controlPlane.distro.${distro}.enabled=true`], name: 't', namespace: 'default' });
  expect(parseAllDocuments(yaml).map((d) => d.toJS()).find((o: any) => o.kind === 'StatefulSet').spec.template.spec.initContainers[0].args[1])
    .toBe(distro === 'k3s' ? 'cp /bin/k3s /binaries/k3s' : 'cp /usr/local/bin/k0s /binaries/k0s');
});
