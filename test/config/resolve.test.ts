import { refused } from './helpers';
import { resolve } from '../../src/config';


describe('defaults', () => {
  const config = resolve({});
  const cp = config.controlPlane;

  test('the embedded database is the store when none is enabled', () => {
    expect(config.store).toBe('database.embedded');
  });

  test('k8s component images default to registry.k8s.io at the chart\'s v1.31.1', () => {
    expect(cp.distro.k8s.apiServer.image).toEqual({ registry: 'registry.k8s.io', repository: 'kube-apiserver', tag: 'v1.31.1' });
    expect(cp.distro.k8s.controllerManager.image.repository).toBe('kube-controller-manager');
    expect(cp.distro.k8s.scheduler.image.repository).toBe('kube-scheduler');
  });

  test('deployed etcd defaults to registry.k8s.io/etcd:3.5.15-0, one replica, a 5Gi claim', () => {
    const sts = cp.backingStore.etcd.deploy.statefulSet;
    expect(sts.image).toEqual({ registry: 'registry.k8s.io', repository: 'etcd', tag: '3.5.15-0' });
    expect(sts.highAvailability.replicas).toBe(1);
    expect(sts.persistence.volumeClaim).toEqual({ enabled: true, accessModes: ['ReadWriteOnce'], retentionPolicy: 'Retain', size: '5Gi', storageClass: '' });
    expect(cp.backingStore.etcd.deploy.service.enabled).toBe(true);
  });

  test('control plane HA, scheduling, persistence, resources, probes and security defaults', () => {
    const sts = cp.statefulSet;
    expect(sts.highAvailability).toEqual({ replicas: 1, leaseDuration: 60, renewDeadline: 40, retryPeriod: 15 });
    expect(sts.scheduling.podManagementPolicy).toBe('Parallel');
    expect(sts.persistence.volumeClaim).toEqual({ enabled: 'auto', accessModes: ['ReadWriteOnce'], retentionPolicy: 'Retain', size: '5Gi', storageClass: '' });
    expect(sts.persistence.binariesVolume).toEqual([{ name: 'binaries', emptyDir: {} }]);
    expect(sts.resources).toEqual({
      limits: { 'ephemeral-storage': '8Gi', 'memory': '2Gi' },
      requests: { 'ephemeral-storage': '400Mi', 'cpu': '200m', 'memory': '256Mi' },
    });
    expect(sts.probes).toEqual({ livenessProbe: { enabled: true }, readinessProbe: { enabled: true }, startupProbe: { enabled: true } });
    expect(sts.security.containerSecurityContext).toEqual({ allowPrivilegeEscalation: false, runAsUser: 0, runAsGroup: 0 });
    expect(sts.image).toEqual({ registry: 'ghcr.io', repository: 'loft-sh/vcluster-pro', tag: '' });
    expect(sts.enableServiceLinks).toBe(true);
  });

  test('the resolved configuration is immutable', () => {
    expect(Object.isFrozen(config.controlPlane.statefulSet.highAvailability)).toBe(true);
  });
});

describe('sections without defaults here', () => {
  test('are validated and carried as given, undefaulted', () => {
    const config = resolve({ sync: { toHost: { ingresses: { enabled: true } } }, controlPlane: { proxy: { extraSANs: ['a.example.com'] } } });
    expect(config.values.sync).toEqual({ toHost: { ingresses: { enabled: true } } });
    expect((config.values.controlPlane as Record<string, unknown>).proxy).toEqual({ extraSANs: ['a.example.com'] });
    expect(config.controlPlane.proxy).toEqual({ extraSANs: ['a.example.com'] });
    expect(config.controlPlane.coredns).toBeUndefined();
  });
});

describe('refused input', () => {
  test('two stores enabled', () => {
    expect(refused({ controlPlane: { backingStore: { etcd: { deploy: { enabled: true } }, database: { external: { enabled: true, dataSource: 'x' } } } } }))
      .toEqual([{ path: 'controlPlane.backingStore', message: 'only one backing store can be enabled; found database.external and etcd.deploy: set enabled: false on all but one' }]);
  });

  test('HA replicas with embedded SQLite', () => {
    const [problem] = refused({ controlPlane: { statefulSet: { highAvailability: { replicas: 3 } } } });
    expect(problem.path).toBe('controlPlane.statefulSet.highAvailability.replicas');
    expect(problem.message).toMatch(/cannot share the embedded SQLite database: use 1 replica, or enable etcd.embedded/);
  });

  test('HA is allowed with an external database and with etcd', () => {
    expect(resolve({ controlPlane: { statefulSet: { highAvailability: { replicas: 3 } }, backingStore: { etcd: { embedded: { enabled: true } } } } }).store).toBe('etcd.embedded');
    expect(resolve({ controlPlane: { statefulSet: { highAvailability: { replicas: 2 } }, backingStore: { database: { external: { enabled: true, dataSource: 'postgres://x' } } } } }).store)
      .toBe('database.external');
  });

  test('dataVolume together with an enabled volume claim', () => {
    const [problem] = refused({
      controlPlane: { statefulSet: { persistence: { volumeClaim: { enabled: true }, dataVolume: [{ name: 'data', persistentVolumeClaim: { claimName: 'x' } }] } } },
    });
    expect(problem.path).toBe('controlPlane.statefulSet.persistence.dataVolume');
    expect(problem.message).toMatch(/set persistence.volumeClaim.enabled: false/);
  });

  test('invalid quantities', () => {
    expect(refused({ controlPlane: { statefulSet: { persistence: { volumeClaim: { size: '5 GB' } } } } })).toEqual([
      { path: 'controlPlane.statefulSet.persistence.volumeClaim.size', message: 'must be a Kubernetes quantity such as 5Gi, 500Mi, 200m or 1' },
    ]);
    expect(refused({ controlPlane: { statefulSet: { resources: { requests: { cpu: 'lots' } } } } })[0].path).toBe('controlPlane.statefulSet.resources.requests.cpu');
  });

  test('invalid image references', () => {
    const problems = refused({ controlPlane: { distro: { k8s: { apiServer: { image: { registry: 'bad registry', repository: 'Kube-APIServer', tag: '-x' } } } } } });
    expect(problems.map((p) => p.path)).toEqual([
      'controlPlane.distro.k8s.apiServer.image.registry',
      'controlPlane.distro.k8s.apiServer.image.repository',
      'controlPlane.distro.k8s.apiServer.image.tag',
    ]);
    expect(problems[1].message).toMatch(/lowercase repository path/);
  });

  test('invalid label keys and values', () => {
    const problems = refused({ controlPlane: { statefulSet: { labels: { 'bad key!': 'x', 'ok': 'not ok value!' } } } });
    expect(problems).toEqual([
      { path: 'controlPlane.statefulSet.labels.bad key!', message: expect.stringMatching(/invalid label key/) },
      { path: 'controlPlane.statefulSet.labels.ok', message: expect.stringMatching(/invalid label value/) },
    ]);
  });

  test('invalid probe and HA numbers', () => {
    expect(refused({ controlPlane: { statefulSet: { probes: { livenessProbe: { enabled: 'yes' } } } } })).toEqual([
      { path: 'controlPlane.statefulSet.probes.livenessProbe.enabled', message: 'expected boolean, got string' },
    ]);
    expect(refused({ controlPlane: { statefulSet: { highAvailability: { replicas: 0 } } } })).toEqual([
      { path: 'controlPlane.statefulSet.highAvailability.replicas', message: 'must be at least 1' },
    ]);
    expect(refused({ controlPlane: { statefulSet: { highAvailability: { leaseDuration: 30, renewDeadline: 40 } } } })[0].path)
      .toBe('controlPlane.statefulSet.highAvailability.renewDeadline');
  });

  test('unknown keys inside the surface, with the closest key suggested', () => {
    expect(refused({ controlPlane: { statefulSet: { highAvailabilty: { replicas: 3 } } } })).toEqual([
      { path: 'controlPlane.statefulSet.highAvailabilty', message: 'unknown key: did you mean highAvailability?' },
    ]);
    expect(refused({ controlPlane: { backingStore: { etcd: { deploy: { statefulSet: { imagePullPolicyy: 'Always' } } } } } })[0].message)
      .toBe('unknown key: did you mean imagePullPolicy?');
  });

  test('an external database without a data source', () => {
    expect(refused({ controlPlane: { backingStore: { database: { external: { enabled: true } } } } })).toEqual([{
      path: 'controlPlane.backingStore.database.external',
      message: expect.stringMatching(/^needs a data source: set dataSourceSecret: \{ name, key \}.*, or dataSource$/),
    }]);
  });

  test('an external database with only a connector (a vCluster Platform feature)', () => {
    expect(refused({ controlPlane: { backingStore: { database: { external: { enabled: true, connector: 'shared-postgres' } } } } })).toEqual([{
      path: 'controlPlane.backingStore.database.external.connector',
      message: expect.stringMatching(/^a connector is resolved by vCluster Platform, which this library does not use; needs a data source: set dataSourceSecret/),
    }]);
  });

  test('etcd.external, which vCluster v0.21.6 does not have, names the fix', () => {
    for (const external of [{ enabled: true, endpoint: 'https://etcd.example.com:2379' }, { enabled: false }]) {
      expect(refused({ controlPlane: { backingStore: { etcd: { external } } } })).toEqual([{
        path: 'controlPlane.backingStore.etcd.external',
        message: expect.stringMatching(/has no external etcd \(etcd.external exists from v0.25\): use etcd.deploy .* or etcd.embedded .*, or render for a syncer release/),
      }]);
    }
  });

  test('etcd.deploy.headlessService has no enabled switch in v0.21.6', () => {
    expect(refused({ controlPlane: { backingStore: { etcd: { deploy: { headlessService: { enabled: false } } } } } })).toEqual([
      { path: 'controlPlane.backingStore.etcd.deploy.headlessService.enabled', message: 'unknown key: known keys: annotations' },
    ]);
  });

  test('a virtual scheduler without the host nodes synced, which the syncer refuses', () => {
    expect(refused({ controlPlane: { advanced: { virtualScheduler: { enabled: true } } } })).toEqual([{
      path: 'sync.fromHost.nodes.enabled',
      message: expect.stringMatching(/^must be true with controlPlane.advanced.virtualScheduler.enabled: true/),
    }]);
    expect(resolve({ controlPlane: { advanced: { virtualScheduler: { enabled: true } } }, sync: { fromHost: { nodes: { enabled: true } } } }).store)
      .toBe('database.embedded');
  });

  test('a migration from deployed etcd with more than one replica', () => {
    const problems = refused({
      controlPlane: {
        backingStore: { etcd: { embedded: { enabled: true, migrateFromDeployedEtcd: true } } },
        statefulSet: { highAvailability: { replicas: 3 } },
      },
    });
    expect(problems[0].message).toMatch(/migrations run with 1 replica only/);
  });

  test('every problem is listed in one error', () => {
    expect(refused({ controlPlane: { statefulSet: { highAvailability: { replicas: -1 }, persistence: { volumeClaim: { size: 'x' } }, nope: 1 } } })).toHaveLength(3);
  });

  test('values that are not a map', () => {
    expect(refused(['a'])[0].message).toMatch(/must be a map of keys/);
  });
});

describe('resolving equal values twice', () => {
  test('gives the same frozen config, and a changed value a new one', () => {
    const values = { controlPlane: { statefulSet: { highAvailability: { replicas: 1 } } } };
    const first = resolve(values);
    expect(resolve(JSON.parse(JSON.stringify(values)))).toBe(first);
    expect(Object.isFrozen(first.controlPlane.statefulSet)).toBe(true);
    values.controlPlane.statefulSet.highAvailability.replicas = 3;
    expect(() => resolve(values)).toThrow(/3 replicas cannot share the embedded SQLite database/);
    expect(() => resolve(values)).toThrow(/3 replicas cannot share the embedded SQLite database/);
    expect(resolve({ controlPlane: { backingStore: { etcd: { embedded: { enabled: true } } }, statefulSet: { highAvailability: { replicas: 3 } } } }))
      .not.toBe(first);
  });
});
