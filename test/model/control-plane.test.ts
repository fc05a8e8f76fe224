import { container, renderValues, workload } from './fixtures';
import type { VClusterValues } from '../../src/config';

describe('distro images and init containers', () => {
  const initImages = (values: VClusterValues) => Object.fromEntries(
    workload(renderValues(values)).spec.template.spec.initContainers.map((c: any) => [c.name, c.image]),
  );

  test('the binaries of the distro are copied by init containers', () => {
    expect(initImages({})).toEqual({
      'vcluster-copy': 'ghcr.io/loft-sh/vcluster-pro:0.21.6',
      'kube-controller-manager': 'registry.k8s.io/kube-controller-manager:v1.30.2',
      'kube-apiserver': 'registry.k8s.io/kube-apiserver:v1.30.2',
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
    expect(images['kube-scheduler-manager']).toBe('registry.k8s.io/kube-scheduler:v1.30.2');
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
