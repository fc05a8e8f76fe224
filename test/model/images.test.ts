import { DEFAULT_K8S_VERSION, resolve } from '../../src/config';
import { RUNTIME_IMAGE } from '../../src/contract';
import { render } from '../../src/model';
import { capabilitiesVersion } from '../../src/model/host-version';
import { imageName, k8sComponentTag } from '../../src/model/images';

const withRegistry = (defaultImageRegistry: string) => resolve(defaultImageRegistry ? { controlPlane: { advanced: { defaultImageRegistry } } } : {});

test.each([
  [{ registry: 'registry.k8s.io', repository: 'kube-apiserver', tag: 'v1.30.2' }, '', 'registry.k8s.io/kube-apiserver:v1.30.2'],
  [{ registry: '', repository: 'library/etcd', tag: '3.5' }, '', 'library/etcd:3.5'],
  [{ registry: 'registry.k8s.io', repository: 'kube-apiserver', tag: 'v1.30.2' }, 'mirror.internal:5000', 'mirror.internal:5000/kube-apiserver:v1.30.2'],
  [{ registry: '', repository: 'library/etcd', tag: '3.5' }, 'mirror.internal:5000', 'mirror.internal:5000/library/etcd:3.5'],
  ['acme/plugin:1.0', '', 'acme/plugin:1.0'],
  ['ghcr.io/acme/plugin:1.0', 'mirror.internal:5000', 'mirror.internal:5000/ghcr.io/acme/plugin:1.0'],
])('imageName(%j) with defaultImageRegistry %j is %s', (image, defaultRegistry, expected) => {
  expect(imageName(withRegistry(defaultRegistry), image)).toBe(expected);
});

test('the chart default tag is v1.31.1, the tag the rule compares with', () => {
  expect(DEFAULT_K8S_VERSION).toBe('v1.31.1');
});

test.each([
  // The default tag gives way to the distro's version, else to the host's version.
  ['v1.31.1', '', 'v1.29.3', 'v1.29.3'],
  ['v1.31.1', 'v1.29.6', 'v1.28.0', 'v1.29.6'],
  // A tag of the component's own wins over both.
  ['v1.29.5', 'v1.29.6', 'v1.28.0', 'v1.29.5'],
  ['v1.29.5', '', 'v1.28.0', 'v1.29.5'],
  // A host version that does not read as vX.Y.Z leaves the default tag.
  ['v1.31.1', '', 'invalid', 'v1.31.1'],
  ['v1.31.1', '', '', 'v1.31.1'],
])('k8sComponentTag(component %s, version %j, host %j) is %s', (componentTag, version, kubeVersion, expected) => {
  expect(k8sComponentTag(componentTag, version, kubeVersion)).toBe(expected);
});

test('capabilitiesVersion keeps the leading vX.Y.Z of the host version, else nothing', () => {
  const hosts = ['v1.29.3', 'v1.29.3+orb1', 'v1.30.4-eks-a737599', 'v1.22', '1.22.11', 'invalid'];
  expect(hosts.map(capabilitiesVersion)).toEqual(['v1.29.3', 'v1.29.3', 'v1.30.4', '', '', '']);
});

/** Every `image` field anywhere in a rendered object, embedded CoreDNS text aside. */
function imagesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(imagesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'image' && typeof v === 'string' ? [v] : imagesIn(v)));
}

const mirrored = { advanced: { defaultImageRegistry: 'mirror.internal' } };

test.each([
  ['embedded SQLite, virtual scheduler, plugins of each kind', {
    controlPlane: { advanced: { ...mirrored.advanced, virtualScheduler: { enabled: true } } },
    sync: { fromHost: { nodes: { enabled: true } } },
    plugins: { hooks: { image: 'acme/hooks:1' } },
    plugin: { legacy: { image: 'acme/legacy:1' }, v2: { version: 'v2', image: 'acme/v2:1' } },
  }],
  ['deployed etcd', { controlPlane: { ...mirrored, backingStore: { etcd: { deploy: { enabled: true } } } } }],
  ['embedded etcd', { controlPlane: { ...mirrored, backingStore: { etcd: { embedded: { enabled: true } } } } }],
])('defaultImageRegistry reaches every image rendered (%s), the runtime\'s included', (_, values) => {
  const images = imagesIn(render(resolve(values), { name: 'tenant-a', namespace: 'tenants' }));
  expect(images.length).toBeGreaterThan(3);
  for (const image of images) expect(image).toMatch(/^mirror\.internal\//);
  expect(images).toContain(`mirror.internal/${RUNTIME_IMAGE.repository}:${RUNTIME_IMAGE.tag}`);
});
