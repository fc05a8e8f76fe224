/**
 * The cases of vCluster chart v0.21.6's `chart/tests/statefulset_test.yaml`, in this project's words: the same values
 * in, the same assertions on the control plane workload. Where the outcome differs by design, the case says so and
 * docs/compatibility.md gives the reason. The chart's unit tests run at chart version 0.0.1 (the syncer image
 * tag there); this library renders the pinned syncer release instead.
 */
import { resolve, type VClusterValues } from '../../src/config';
import { VCLUSTER_VERSION } from '../../src/contract';
import { render } from '../../src/model';

interface Host {
  readonly name?: string;
  readonly namespace?: string;
  /** The raw `.Capabilities.KubeVersion.Version` the templates see (the chart's tests feed it through the chart version). */
  readonly kubeVersion?: string;
}

/** The workload `NAME` rendered from values, or undefined when none is. */
function workload(values: VClusterValues, host: Host = {}): any {
  const name = host.name ?? 'my-release';
  const config = resolve(values);
  const objects = render(host.kubeVersion === undefined ? config : { ...config, kubeVersion: host.kubeVersion }, { name, namespace: host.namespace ?? 'my-namespace' });
  return objects.find((o) => o.metadata.name === name && (o.kind === 'StatefulSet' || o.kind === 'Deployment'));
}
const pod = (values: VClusterValues, host?: Host) => workload(values, host).spec.template.spec;
const initImage = (values: VClusterValues, index: number, host?: Host) => pod(values, host).initContainers[index].image;
const syncer = (values: VClusterValues) => pod(values).containers[0];
// The chart's `vcluster.image` for the syncer: this library pins the release instead of the chart's version.
const syncerTag = VCLUSTER_VERSION;
// A virtual scheduler needs nodes synced from the host: the syncer refuses it otherwise (pkg/config/validation.go),
// and so does this library, at render time; the chart's cases leave it out.
const NODES_SYNCED: VClusterValues = { sync: { fromHost: { nodes: { enabled: true } } } };

test('should not create control-plane', () => {
  expect(workload({ experimental: { isolatedControlPlane: { headless: true } } })).toBeUndefined();
});

test('image name', () => {
  expect(syncer({ controlPlane: { statefulSet: { image: { registry: 'custom-registry.com' } } } }).image)
    .toBe(`custom-registry.com/loft-sh/vcluster-pro:${syncerTag}`);
});

test('defaultImageRegistry', () => {
  expect(syncer({ controlPlane: { advanced: { defaultImageRegistry: 'docker.io' } } }).image).toBe(`docker.io/loft-sh/vcluster-pro:${syncerTag}`);
});

test('custom tag', () => {
  expect(syncer({ controlPlane: { statefulSet: { image: { repository: 'my-repo', tag: 'custom-tag' } } } }).image).toBe('ghcr.io/my-repo:custom-tag');
});

test('custom init container (k3s)', () => {
  expect(initImage({ controlPlane: { distro: { k3s: { enabled: true, image: { registry: 'ghcr.io', repository: 'test', tag: '123' } } } } }, 0))
    .toBe('ghcr.io/test:123');
});

test('custom init container (k0s)', () => {
  expect(initImage({ controlPlane: { distro: { k0s: { enabled: true, image: { registry: '', repository: 'k0s', tag: '123' } } } } }, 0))
    .toBe('k0s:123');
});

test('disables serviceLinks for sts etcd pod', () => {
  expect(pod({ controlPlane: { statefulSet: { enableServiceLinks: false } } }).enableServiceLinks).toBe(false);
});

test.each([
  ['', ['k8s-controller:123', 'k8s-api:456']],
  ['bbb.com', ['bbb.com/k8s-controller:123', 'bbb.com/k8s-api:456']],
])('custom init container (k8s, defaultImageRegistry %j)', (defaultImageRegistry, expected) => {
  // The chart's first case sets the image registries empty, its second leaves them and sets defaultImageRegistry.
  const registry = defaultImageRegistry ? {} : { registry: '' };
  const values: VClusterValues = {
    controlPlane: {
      distro: {
        k8s: {
          enabled: true,
          controllerManager: { image: { ...registry, repository: 'k8s-controller', tag: '123' } },
          apiServer: { image: { ...registry, repository: 'k8s-api', tag: '456' } },
        },
      },
      ...(defaultImageRegistry ? { advanced: { defaultImageRegistry } } : {}),
    },
  };
  expect([initImage(values, 1), initImage(values, 2)]).toEqual(expected);
});

test('name & defaults', () => {
  const sts = workload({}, { name: 'my-release', namespace: 'my-namespace', kubeVersion: 'v1.29.0' });
  const spec = sts.spec.template.spec;
  expect(sts.kind).toBe('StatefulSet');
  // Deviation: the store is served by the `storage` container beside the syncer.
  expect(spec.containers.map((c: any) => c.name)).toEqual(['syncer', 'storage']);
  expect(spec.containers[0].image).toBe(`ghcr.io/loft-sh/vcluster-pro:${syncerTag}`);
  expect(spec.containers[0].env).toContainEqual({ name: 'VCLUSTER_NAME', value: 'my-release' });
  for (const mount of [
    { name: 'data', mountPath: '/data' },
    { name: 'binaries', mountPath: '/binaries' },
    { name: 'certs', mountPath: '/pki' },
    { name: 'helm-cache', mountPath: '/.cache/helm' },
  ]) expect(spec.containers[0].volumeMounts).toContainEqual(mount);
  expect(sts.metadata).toMatchObject({ name: 'my-release', namespace: 'my-namespace' });
  expect(sts.spec.podManagementPolicy).toBe('Parallel');
  expect(sts.spec.persistentVolumeClaimRetentionPolicy.whenDeleted).toBe('Retain');
  expect(sts.spec.replicas).toBe(1);
  expect(sts.spec.template.metadata.labels.app).toBe('vcluster');
  expect(spec.terminationGracePeriodSeconds).toBe(10);
  expect(sts.spec.volumeClaimTemplates[0].spec.accessModes[0]).toBe('ReadWriteOnce');
  expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('5Gi');
});

test('fail when both backing stores are enabled', () => {
  // Deviation: the same refusal, in this library's words, naming the path and the stores.
  expect(() => workload({ controlPlane: { backingStore: { etcd: { embedded: { enabled: true }, deploy: { enabled: true } } } } }))
    .toThrow(/controlPlane.backingStore: only one backing store can be enabled; found etcd.embedded and etcd.deploy/);
});

const isDeploymentWithoutClaims = (sts: any) => {
  expect(sts.kind).toBe('Deployment');
  expect(sts.spec.volumeClaimTemplates).toBeUndefined();
};
const isStatefulSetWithOneClaim = (sts: any) => {
  expect(sts.kind).toBe('StatefulSet');
  expect(sts.spec.volumeClaimTemplates).toHaveLength(1);
};

test('not persistent when external etcd is enabled', () => {
  isDeploymentWithoutClaims(workload({ controlPlane: { backingStore: { etcd: { deploy: { enabled: true } } } } }));
});

test('not persistent when k8s and external database', () => {
  // Deviation: an external database needs its data source here (the storage container connects to it).
  isDeploymentWithoutClaims(workload({
    controlPlane: { distro: { k8s: { enabled: true } }, backingStore: { database: { external: { enabled: true, dataSource: 'postgres://u:p@db:5432/vc' } } } },
  }));
});

test('persistent when embedded database', () => {
  isStatefulSetWithOneClaim(workload({
    controlPlane: { distro: { k8s: { enabled: true } }, backingStore: { database: { embedded: { enabled: true } } } },
  }));
});

test('persistent when k8s and embedded etcd', () => {
  isStatefulSetWithOneClaim(workload({
    controlPlane: { backingStore: { etcd: { embedded: { enabled: true } } }, distro: { k8s: { enabled: true } } },
  }));
});

test('persistent when embedded database (defaults)', () => {
  isStatefulSetWithOneClaim(workload({}));
});

// "plugin 1" and "plugin volumes 3" are in statefulset-plugins.test.ts.

test('plugin volumes 2', () => {
  // With k0s: its volumes and the plugins' one, the plugin's init container and k0s's.
  const sts = workload({ controlPlane: { distro: { k0s: { enabled: true } } }, plugin: { test: { version: 'v2', image: 'test' } } });
  expect(sts.kind).toBe('StatefulSet');
  expect(sts.spec.template.spec.volumes).toHaveLength(8);
  expect(sts.spec.template.spec.initContainers).toHaveLength(2);
});

test('add volumes', () => {
  const spec = pod({ controlPlane: { distro: { k3s: { enabled: true } }, statefulSet: { persistence: { addVolumes: [{ name: 'myVolume' }] } } } });
  expect(spec.volumes).toContainEqual({ name: 'myVolume' });
  expect(spec.volumes).toHaveLength(8);
});

test('enable k8s', () => {
  isStatefulSetWithOneClaim(workload({ controlPlane: { distro: { k8s: { enabled: true } } } }));
});

test.each([
  ['k8s', { k8s: { enabled: true } }],
  ['k0s', { k0s: { enabled: true } }],
])('enable %s with deploy etcd', (_distro, distro) => {
  const sts = workload({ controlPlane: { distro, backingStore: { etcd: { deploy: { enabled: true } } } } });
  isDeploymentWithoutClaims(sts);
  expect(sts.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: {} });
});

test('enable k8s with volume claim templates', () => {
  const claim = { metadata: { name: 'data' }, spec: { resources: { requests: { storage: '5Gi' } } } };
  const sts = workload(
    {
      controlPlane: {
        distro: { k8s: { enabled: true } },
        statefulSet: { persistence: { volumeClaim: { enabled: false }, volumeClaimTemplates: [claim] } },
      },
    },
    { name: 'my-release', namespace: 'my-namespace' },
  );
  expect(sts.kind).toBe('StatefulSet');
  expect(sts.spec.serviceName).toBe('my-release-headless');
  expect(sts.spec.volumeClaimTemplates).toContainEqual(claim);
});

test('enable k8s (release name)', () => {
  const sts = workload({ controlPlane: { distro: { k8s: { enabled: true } } } }, { name: 'my-release', namespace: 'my-namespace' });
  isStatefulSetWithOneClaim(sts);
  expect(sts.spec.serviceName).toBe('my-release-headless');
});

test('append distro env', () => {
  const sts = workload({ controlPlane: { distro: { k3s: { enabled: true, env: [{ name: 'KEY', value: 'VALUE' }] } } } });
  expect(sts.kind).toBe('StatefulSet');
  expect(sts.spec.template.spec.containers[0].env).toContainEqual({ name: 'KEY', value: 'VALUE' });
});

test('should correctly set labels on the statefulset', () => {
  const sts = workload({ controlPlane: { statefulSet: { labels: { 'my-label': 'my-value' } } } });
  expect(sts.kind).toBe('StatefulSet');
  expect(sts.metadata.labels['my-label']).toBe('my-value');
});

test('binariesVolume - should set to emptyDir by default', () => {
  expect(pod({}).volumes).toContainEqual({ name: 'binaries', emptyDir: {} });
});

test('binariesVolume - should set the specified volume type correctly', () => {
  const volume = { name: 'binaries', persistentVolumeClaim: { claimName: 'my-pvc' } };
  expect(pod({ controlPlane: { statefulSet: { persistence: { binariesVolume: [volume] } } } }).volumes).toContainEqual(volume);
});

test('dataVolume - should set the specified data volume type correctly', () => {
  const volume = { name: 'data', persistentVolumeClaim: { claimName: 'my-custom-pvc' } };
  expect(pod({ controlPlane: { statefulSet: { persistence: { dataVolume: [volume] } } } }).volumes).toContainEqual(volume);
});

describe('k8s image tags and the host version', () => {
  const k8s = (settings: Record<string, unknown>, scheduler = false): VClusterValues => ({
    controlPlane: { distro: { k8s: { enabled: true, ...settings } }, ...(scheduler ? { advanced: { virtualScheduler: { enabled: true } } } : {}) },
    ...(scheduler ? NODES_SYNCED : {}),
  });
  const images = (values: VClusterValues, host?: Host) => pod(values, host).initContainers.slice(1).map((c: any) => c.image);

  test('k8s version not set, default tag images used for apiServer and controllerManager', () => {
    expect(images(k8s({}), { kubeVersion: '' })).toEqual(['registry.k8s.io/kube-controller-manager:v1.31.1', 'registry.k8s.io/kube-apiserver:v1.31.1']);
  });

  test.each([
    ['k8s capabilities set', 'v1.29.3', 'v1.29.3'],
    ['k8s capabilities orbstack', 'v1.29.3+orb1', 'v1.29.3'],
    ['k8s capabilities invalid', 'invalid', 'v1.31.1'],
    ['k8s capabilities incomplete', 'v1.22', 'v1.31.1'],
    ['k8s capabilities incomplete 2', '1.22.11', 'v1.31.1'],
    ['k8s capabilities incomplete 2 (patch)', 'v1.22.33', 'v1.22.33'],
  ])('%s (%s)', (_name, kubeVersion, tag) => {
    expect(initImage({}, 1, { kubeVersion })).toBe(`registry.k8s.io/kube-controller-manager:${tag}`);
  });

  test('k8s version sets image tag for apiServer and controllerManager', () => {
    expect(images(k8s({ version: 'v1.35.999' }))).toEqual(['registry.k8s.io/kube-controller-manager:v1.35.999', 'registry.k8s.io/kube-apiserver:v1.35.999']);
  });

  test('k8s version set but overridden by image tag for apiServer and controllerManager', () => {
    expect(images(k8s({ version: 'v1.30.999', apiServer: { image: { tag: 'v99912' } }, controllerManager: { image: { tag: 'v23123' } } })))
      .toEqual(['registry.k8s.io/kube-controller-manager:v23123', 'registry.k8s.io/kube-apiserver:v99912']);
  });

  test('k8s not version set but image tags for apiServer and controllerManager set', () => {
    expect(images(k8s({ apiServer: { image: { tag: 'v99914' } }, controllerManager: { image: { tag: 'v23127' } } })))
      .toEqual(['registry.k8s.io/kube-controller-manager:v23127', 'registry.k8s.io/kube-apiserver:v99914']);
  });

  test('k8s version not set, default tag images used (virtual scheduler enabled)', () => {
    expect(images(k8s({}, true), { kubeVersion: '' })).toEqual([
      'registry.k8s.io/kube-controller-manager:v1.31.1', 'registry.k8s.io/kube-scheduler:v1.31.1', 'registry.k8s.io/kube-apiserver:v1.31.1',
    ]);
  });

  test('k8s version sets image tag (virtual scheduler enabled)', () => {
    expect(images(k8s({ version: 'v1.35.999' }, true))).toEqual([
      'registry.k8s.io/kube-controller-manager:v1.35.999', 'registry.k8s.io/kube-scheduler:v1.35.999', 'registry.k8s.io/kube-apiserver:v1.35.999',
    ]);
  });

  test('k8s version set but overridden by image tags (virtual scheduler enabled)', () => {
    const values = k8s({
      version: 'v1.30.999', apiServer: { image: { tag: 'v99912' } }, controllerManager: { image: { tag: 'v23123' } }, scheduler: { image: { tag: 'v123654' } },
    }, true);
    expect(images(values)).toEqual(['registry.k8s.io/kube-controller-manager:v23123', 'registry.k8s.io/kube-scheduler:v123654', 'registry.k8s.io/kube-apiserver:v99912']);
  });

  test('k8s not version set but image tags set (virtual scheduler enabled)', () => {
    const values = k8s({ apiServer: { image: { tag: 'v99914' } }, controllerManager: { image: { tag: 'v23127' } }, scheduler: { image: { tag: 'v123656' } } }, true);
    expect(images(values)).toEqual(['registry.k8s.io/kube-controller-manager:v23127', 'registry.k8s.io/kube-scheduler:v123656', 'registry.k8s.io/kube-apiserver:v99914']);
  });
});

test('custom dnsPolicy', () => {
  expect(pod({ controlPlane: { statefulSet: { dnsPolicy: 'ClusterFirst' } } }).dnsPolicy).toBe('ClusterFirst');
});

test('custom dnsConfig', () => {
  const dnsConfig = { nameservers: ['192.0.2.1'], searches: ['ns1.svc.cluster-domain.example'], options: [{ name: 'ndots', value: '2' }] };
  const rendered = pod({ controlPlane: { statefulSet: { dnsConfig } } }).dnsConfig;
  expect(rendered.nameservers[0]).toBe('192.0.2.1');
  expect(rendered.searches[0]).toBe('ns1.svc.cluster-domain.example');
  expect(rendered.options[0]).toEqual({ name: 'ndots', value: '2' });
});

test('must use StatefulSet for embedded etcd', () => {
  expect(workload({ controlPlane: { backingStore: { etcd: { embedded: { enabled: true } } } } }).kind).toBe('StatefulSet');
});

test('must use StatefulSet for embedded etcd without persistence', () => {
  expect(workload({
    controlPlane: {
      backingStore: { etcd: { embedded: { enabled: true } } },
      statefulSet: { persistence: { volumeClaim: { enabled: false }, binariesVolume: [{ name: 'binaries', emptyDir: { medium: 'Memory' } }] } },
    },
  }).kind).toBe('StatefulSet');
});

test('sync custom resources', () => {
  const patches = [{ path: 'spec.dnsNames[*]', expression: "value.startsWith('www.') ? value.slice(4) : value", reverseExpression: '"www."+value' }];
  expect(workload({ sync: { toHost: { customResources: { 'test.cert-manager.io': { enabled: true, patches } } } } }).kind).toBe('StatefulSet');
});
