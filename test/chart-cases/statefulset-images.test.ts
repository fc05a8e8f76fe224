import { documentsOf } from './chart-case';
import { VCLUSTER_VERSION } from '../../src/contract';

/** The image cases of chart/tests/statefulset_test.yaml (vCluster v0.21.6) for the k8s distro. */
const podOf = (values: Record<string, unknown>) => documentsOf('StatefulSet', values)[0].spec.template.spec;

describe('chart case: ControlPlane StatefulSet, images', () => {
  test('a registry of its own for the syncer image', () => {
    const pod = podOf({ controlPlane: { statefulSet: { image: { registry: 'custom-registry.com' } } } });
    expect(pod.containers[0].image).toBe(`custom-registry.com/loft-sh/vcluster-pro:${VCLUSTER_VERSION}`);
  });

  test('defaultImageRegistry replaces the syncer image\'s registry', () => {
    const pod = podOf({ controlPlane: { advanced: { defaultImageRegistry: 'docker.io' } } });
    expect(pod.containers[0].image).toBe(`docker.io/loft-sh/vcluster-pro:${VCLUSTER_VERSION}`);
  });

  test('a repository and tag of its own for the syncer image', () => {
    const pod = podOf({ controlPlane: { statefulSet: { image: { repository: 'my-repo', tag: 'custom-tag' } } } });
    expect(pod.containers[0].image).toBe('ghcr.io/my-repo:custom-tag');
  });

  test('defaultImageRegistry replaces the registry of the k8s components\' images too', () => {
    const pod = podOf({
      controlPlane: {
        distro: { k8s: { enabled: true, controllerManager: { image: { repository: 'k8s-controller', tag: '123' } }, apiServer: { image: { repository: 'k8s-api', tag: '456' } } } },
        advanced: { defaultImageRegistry: 'bbb.com' },
      },
    });
    expect(pod.initContainers[1].image).toBe('bbb.com/k8s-controller:123');
    expect(pod.initContainers[2].image).toBe('bbb.com/k8s-api:456');
  });
});
