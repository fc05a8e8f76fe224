import { resolve } from '../../src/config';
import { RUNTIME_IMAGE } from '../../src/contract';
import { render } from '../../src/model';
import { distroTag, imageName } from '../../src/model/images';

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

test.each([
  ['v1.30.2', '', 'v1.30.2', 'v1.30.2'],
  ['v1.30.2', 'v1.29.6', 'v1.30.2', 'v1.29.6'],
  ['v1.29.5', 'v1.29.6', 'v1.30.2', 'v1.29.5'],
])('distroTag(component %s, version %j, default %s) is %s', (componentTag, version, defaultTag, expected) => {
  expect(distroTag(componentTag, version, defaultTag)).toBe(expected);
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
