import { container, release, renderValues, STORES, workload } from './fixtures';
import { mergeValues, resolve, withKubeVersion, type VClusterValues } from '../../src/config';
import { render } from '../../src/model';

describe('distro images and init containers', () => {
  const initImages = (values: VClusterValues) => Object.fromEntries(
    workload(renderValues(values)).spec.template.spec.initContainers.map((c: any) => [c.name, c.image]),
  );

  test('the binaries of the distro are copied by init containers, at helm template\'s host version by default', () => {
    expect(initImages({})).toEqual({
      'vcluster-copy': 'ghcr.io/loft-sh/vcluster-pro:0.21.6',
      'kube-controller-manager': 'registry.k8s.io/kube-controller-manager:v1.31.0',
      'kube-apiserver': 'registry.k8s.io/kube-apiserver:v1.31.0',
    });
  });

  test('version replaces the default tags, but a component\'s own tag wins', () => {
    expect(initImages({ controlPlane: { distro: { k8s: { version: 'v1.29.6', apiServer: { image: { tag: 'v1.29.5' } } } } } })).toMatchObject({
      'kube-controller-manager': 'registry.k8s.io/kube-controller-manager:v1.29.6',
      'kube-apiserver': 'registry.k8s.io/kube-apiserver:v1.29.5',
    });
  });

  test('a disabled component is not copied; the scheduler is copied with the virtual scheduler', () => {
    const images = initImages({
      controlPlane: { distro: { k8s: { controllerManager: { enabled: false } } }, advanced: { virtualScheduler: { enabled: true } } },
      sync: { fromHost: { nodes: { enabled: true } } },
    });
    expect(images['kube-controller-manager']).toBeUndefined();
    expect(images['kube-scheduler-manager']).toBe('registry.k8s.io/kube-scheduler:v1.31.0');
  });
});

describe('the host\'s Kubernetes version', () => {
  const onHost = (kubeVersion: string | undefined, values: VClusterValues = {}) =>
    workload(render(withKubeVersion(resolve(values), kubeVersion), release));

  test('the k8s images follow it while no version or tag is set', () => {
    const images = onHost('1.29').spec.template.spec.initContainers.map((c: any) => c.image);
    expect(images).toEqual(['ghcr.io/loft-sh/vcluster-pro:0.21.6', 'registry.k8s.io/kube-controller-manager:v1.29.0', 'registry.k8s.io/kube-apiserver:v1.29.0']);
  });

  test('the claim retention policy is rendered from Kubernetes 1.27 only', () => {
    expect(onHost('v1.26.15').spec.persistentVolumeClaimRetentionPolicy).toBeUndefined();
    expect(onHost('v1.27.0').spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain' });
  });

  test('a version that is none is refused with the field', () => {
    expect(() => onHost('latest')).toThrow(/kubeVersion: "latest" is not a Kubernetes version/);
  });

  test('k3s and k0s images do not follow it', () => {
    const k3s = onHost('v1.28.1', { controlPlane: { distro: { k3s: { enabled: true } } } });
    expect(k3s.spec.template.spec.initContainers[0].image).toBe('rancher/k3s:v1.31.1-k3s1');
  });
});

describe('k3s and k0s', () => {
  const withDistro = (distro: 'k3s' | 'k0s', values: VClusterValues = {}) =>
    renderValues(mergeValues(values, { controlPlane: { distro: { [distro]: { enabled: true } } } }));

  test.each([
    ['k3s', 'rancher/k3s:v1.31.1-k3s1', 'cp /bin/k3s /binaries/k3s'],
    ['k0s', 'k0sproject/k0s:v1.30.2-k0s.0', 'cp /usr/local/bin/k0s /binaries/k0s'],
  ] as const)('%s: one init container copies the binary from the distro image', (distro, image, copy) => {
    expect(workload(withDistro(distro)).spec.template.spec.initContainers).toEqual([{
      name: 'vcluster',
      image,
      command: ['/bin/sh'],
      args: ['-c', copy],
      securityContext: {},
      volumeMounts: [{ mountPath: '/binaries', name: 'binaries' }],
      resources: { limits: { cpu: '100m', memory: '256Mi' }, requests: { cpu: '40m', memory: '64Mi' } },
    }]);
  });

  test('the distro image takes defaultImageRegistry and its pull policy', () => {
    const [init] = workload(withDistro('k3s', {
      controlPlane: { advanced: { defaultImageRegistry: 'mirror.internal' }, distro: { k3s: { imagePullPolicy: 'Always' } } },
    })).spec.template.spec.initContainers;
    expect(init).toMatchObject({ image: 'mirror.internal/rancher/k3s:v1.31.1-k3s1', imagePullPolicy: 'Always' });
  });

  test.each([
    ['k3s', { name: 'k3s-config', emptyDir: {} }, { name: 'k3s-config', mountPath: '/etc/rancher' }],
    ['k0s', { name: 'run-k0s', emptyDir: {} }, { name: 'run-k0s', mountPath: '/run/k0s' }],
  ] as const)('%s: its scratch volume is mounted in the syncer after the certificates', (distro, volume, mount) => {
    const spec = workload(withDistro(distro)).spec.template.spec;
    const names = spec.volumes.map((v: any) => v.name);
    expect(names.slice(names.indexOf('certs'), names.indexOf('certs') + 3)).toEqual(['certs', volume.name, 'vcluster-config']);
    expect(spec.volumes).toContainEqual(volume);
    const mounts = spec.containers[0].volumeMounts.map((m: any) => m.name);
    expect(mounts.slice(mounts.indexOf('helm-cache'), mounts.indexOf('helm-cache') + 3)).toEqual(['helm-cache', mount.name, 'vcluster-config']);
    expect(spec.containers[0].volumeMounts).toContainEqual(mount);
  });

  test('the enabled distro\'s env reaches the syncer, not another distro\'s', () => {
    const syncer = container(renderValues({
      controlPlane: { distro: { k0s: { enabled: true, env: [{ name: 'K0S', value: '1' }] }, k8s: { env: [{ name: 'K8S', value: '1' }] } } },
    }), 'syncer');
    expect(syncer.env.map((e: any) => e.name)).toEqual(['VCLUSTER_NAME', 'POD_NAME', 'POD_IP', 'NODE_NAME', 'K0S']);
  });

  test('with syncing disabled no distro binaries are copied', () => {
    expect(workload(withDistro('k3s', { experimental: { syncSettings: { disableSync: true } } })).spec.template.spec.initContainers).toBeUndefined();
  });

  test('two distros enabled are refused, as the chart refuses them', () => {
    expect(() => resolve({ controlPlane: { distro: { k3s: { enabled: true }, k8s: { enabled: true } } } }))
      .toThrow(/controlPlane.distro: only one distro can be enabled at the same time; found k3s and k8s/);
  });

  test('an unknown distro key is refused with its path', () => {
    expect(() => resolve({ controlPlane: { distro: { k3s: { enabled: true, tokn: 'x' } } } } as VClusterValues)).toThrow(/controlPlane.distro.k3s/);
  });

  test.each(Object.keys(STORES))('every distro of store %s renders', (store) => {
    for (const distro of ['k3s', 'k0s'] as const) expect(workload(withDistro(distro, STORES[store]))).toBeDefined();
  });
});

describe('the syncer container', () => {
  test('probes can be turned off one by one', () => {
    const syncer = container(renderValues({ controlPlane: { statefulSet: { probes: { livenessProbe: { enabled: false } } } } }), 'syncer');
    expect(syncer.livenessProbe).toBeUndefined();
    expect(syncer.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 8443, scheme: 'HTTPS' });
    expect(syncer.startupProbe.failureThreshold).toBe(300);
  });

  test('env, resources, security context', () => {
    const syncer = container(renderValues({ controlPlane: { statefulSet: { env: [{ name: 'X', value: '1' }] }, distro: { k8s: { env: [{ name: 'Y', value: '2' }] } } } }), 'syncer');
    expect(syncer.env.map((e: any) => e.name)).toEqual(['VCLUSTER_NAME', 'POD_NAME', 'POD_IP', 'NODE_NAME', 'X', 'Y']);
    expect(syncer.resources.limits).toEqual({ 'ephemeral-storage': '8Gi', 'memory': '2Gi' });
    expect(syncer.securityContext).toEqual({ allowPrivilegeEscalation: false, runAsUser: 0, runAsGroup: 0 });
  });

  test('scheduling, DNS and metadata', () => {
    const objects = renderValues({
      controlPlane: {
        statefulSet: {
          labels: { team: 'a' },
          annotations: { 'example.com/x': 'y' },
          pods: { labels: { tier: 'cp' }, annotations: { 'example.com/p': 'q' } },
          scheduling: { nodeSelector: { pool: 'cp' }, tolerations: [{ key: 'cp', operator: 'Exists' }], priorityClassName: 'high' },
          dnsPolicy: 'ClusterFirst',
        },
      },
    });
    const sts = workload(objects);
    expect(sts.metadata.labels.team).toBe('a');
    expect(sts.metadata.annotations).toEqual({ 'example.com/x': 'y' });
    expect(sts.spec.selector.matchLabels).toEqual({ app: 'vcluster', release: 'tenant-a' });
    expect(sts.spec.template.metadata.labels).toEqual({ app: 'vcluster', release: 'tenant-a', tier: 'cp' });
    expect(sts.spec.template.metadata.annotations['example.com/p']).toBe('q');
    const spec = sts.spec.template.spec;
    expect(spec.nodeSelector).toEqual({ pool: 'cp' });
    expect(spec.tolerations).toEqual([{ key: 'cp', operator: 'Exists' }]);
    expect(spec.priorityClassName).toBe('high');
    expect(spec.dnsPolicy).toBe('ClusterFirst');
  });

  test('the config hash changes with the values and only then', () => {
    const hash = (values: VClusterValues) => workload(renderValues(values)).spec.template.metadata.annotations.vClusterConfigHash;
    expect(hash({})).toBe(hash({ controlPlane: {} }));
    expect(hash({})).not.toBe(hash({ sync: { toHost: { ingresses: { enabled: true } } } }));
    expect(hash({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
