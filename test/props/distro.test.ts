import { App, Chart } from 'cdk8s';
import { ControlPlane } from '../../src/cdk8s';
import { ConfigError } from '../../src/config';
import { render } from '../../src/model';
import { K0sDistro, K3sDistro, K8sDistro, resolveProps, SqlBackingStore } from '../../src/props';

const release = { name: 'tenant-a', namespace: 'tenants' };
const workload = (options: Parameters<typeof resolveProps>[0]) =>
  render(resolveProps(options), release).find((o) => o.metadata.name === 'tenant-a' && /StatefulSet|Deployment/.test(o.kind)) as any;
const initImages = (options: Parameters<typeof resolveProps>[0]) => workload(options).spec.template.spec.initContainers.map((c: any) => c.image);

describe('K3sDistro and K0sDistro', () => {
  test('the defaults enable the distro with the chart\'s image', () => {
    expect(K3sDistro.of().toValues()).toEqual({ enabled: true });
    expect(initImages({ distro: K3sDistro.of() })).toEqual(['rancher/k3s:v1.31.1-k3s1']);
    expect(initImages({ distro: K0sDistro.of() })).toEqual(['k0sproject/k0s:v1.30.2-k0s.0']);
  });

  test('version is the image tag; image, flags, command, env and the distro\'s own settings land under its key', () => {
    const k3s = K3sDistro.of({
      version: 'v1.30.4-k3s1',
      image: { registry: 'mirror.internal' },
      extraArgs: ['--debug'],
      command: ['/binaries/k3s', 'server'],
      env: [{ name: 'A', value: '1' }],
      token: 'from-a-vault',
    });
    expect(k3s.name).toBe('k3s');
    expect(k3s.toValues()).toEqual({
      enabled: true,
      image: { registry: 'mirror.internal', tag: 'v1.30.4-k3s1' },
      extraArgs: ['--debug'],
      command: ['/binaries/k3s', 'server'],
      env: [{ name: 'A', value: '1' }],
      token: 'from-a-vault',
    });
    expect(initImages({ distro: k3s })).toEqual(['mirror.internal/rancher/k3s:v1.30.4-k3s1']);
    expect(K0sDistro.of({ config: 'apiVersion: k0s.k0sproject.io/v1beta1' }).toValues()).toEqual({ enabled: true, config: 'apiVersion: k0s.k0sproject.io/v1beta1' });
  });

  test('the typed distro replaces the distro of the values: no two distros enabled', () => {
    const config = resolveProps({ distro: K0sDistro.of(), values: { controlPlane: { distro: { k8s: { enabled: true } } } } });
    expect(config.controlPlane.distro.k0s.enabled).toBe(true);
    expect(config.controlPlane.distro.k8s.enabled).toBe(false);
  });

  test('a bad version, or version and image.tag together, is refused naming the prop', () => {
    expect(() => K3sDistro.of({ version: '1.30' })).toThrow(/K3sDistro.version: "1.30" must be a Kubernetes version tag/);
    expect(() => K0sDistro.of({ version: 'v1.30.2-k0s.0', image: { tag: 'v1.30.1-k0s.0' } }))
      .toThrow(/K0sDistro.image.tag: sets the same tag as K0sDistro.version: set only one/);
  });
});

describe('kubeVersion', () => {
  test('the k8s images follow the host version unless the distro sets one', () => {
    expect(initImages({ kubeVersion: 'v1.29.3' }).slice(1)).toEqual(['registry.k8s.io/kube-controller-manager:v1.29.3', 'registry.k8s.io/kube-apiserver:v1.29.3']);
    expect(initImages({ kubeVersion: 'v1.29.3', distro: K8sDistro.v1_30() })[1]).toBe('registry.k8s.io/kube-controller-manager:v1.30.2');
  });

  test('without it, helm template\'s default', () => {
    expect(initImages({ backingStore: SqlBackingStore.sqlite() })[2]).toBe('registry.k8s.io/kube-apiserver:v1.31.0');
  });

  test('a value that is no version is a ConfigError naming kubeVersion', () => {
    expect(() => resolveProps({ kubeVersion: 'v1.x' })).toThrow(ConfigError);
    expect(() => resolveProps({ kubeVersion: 'v1.x' })).toThrow(/kubeVersion: "v1.x" is not a Kubernetes version/);
  });
});

test('the cdk8s construct takes kubeVersion, from typed props and with fromValues', () => {
  const chart = new Chart(new App(), 'test');
  const images = (cp: ControlPlane) => (cp.workload.toJson() as any).spec.template.spec.initContainers.map((c: any) => c.image);
  expect(images(new ControlPlane(chart, 'a', { kubeVersion: 'v1.30.1' }))[2]).toBe('registry.k8s.io/kube-apiserver:v1.30.1');
  expect(images(ControlPlane.fromValues(chart, 'b', {}, { kubeVersion: 'v1.28.4' }))[2]).toBe('registry.k8s.io/kube-apiserver:v1.28.4');
});
