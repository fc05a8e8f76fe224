import { distroTag, imageName } from '../../src/model/images';

test.each([
  [{ registry: 'registry.k8s.io', repository: 'kube-apiserver', tag: 'v1.30.2' }, '', 'registry.k8s.io/kube-apiserver:v1.30.2'],
  [{ registry: '', repository: 'library/etcd', tag: '3.5' }, '', 'library/etcd:3.5'],
  [{ registry: 'registry.k8s.io', repository: 'kube-apiserver', tag: 'v1.30.2' }, 'mirror.internal:5000', 'mirror.internal:5000/kube-apiserver:v1.30.2'],
])('imageName(%j, defaultImageRegistry %j) is %s', (image, defaultRegistry, expected) => {
  expect(imageName(image, defaultRegistry)).toBe(expected);
});

test.each([
  ['v1.30.2', '', 'v1.30.2', 'v1.30.2'],
  ['v1.30.2', 'v1.29.6', 'v1.30.2', 'v1.29.6'],
  ['v1.29.5', 'v1.29.6', 'v1.30.2', 'v1.29.5'],
])('distroTag(component %s, version %j, default %s) is %s', (componentTag, version, defaultTag, expected) => {
  expect(distroTag(componentTag, version, defaultTag)).toBe(expected);
});
