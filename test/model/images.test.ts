import { DEFAULT_K8S_VERSION } from '../../src/config';
import { capabilitiesVersion } from '../../src/model/host-version';
import { imageName, k8sComponentTag } from '../../src/model/images';

test.each([
  [{ registry: 'registry.k8s.io', repository: 'kube-apiserver', tag: 'v1.30.2' }, '', 'registry.k8s.io/kube-apiserver:v1.30.2'],
  [{ registry: '', repository: 'library/etcd', tag: '3.5' }, '', 'library/etcd:3.5'],
  [{ registry: 'registry.k8s.io', repository: 'kube-apiserver', tag: 'v1.30.2' }, 'mirror.internal:5000', 'mirror.internal:5000/kube-apiserver:v1.30.2'],
])('imageName(%j, defaultImageRegistry %j) is %s', (image, defaultRegistry, expected) => {
  expect(imageName(image, defaultRegistry)).toBe(expected);
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
