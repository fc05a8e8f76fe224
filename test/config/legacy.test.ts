import { refused } from './helpers';
import { resolve } from '../../src/config';


const converted = (path: string, to: string, value: unknown) => ({
  path,
  message: `key of vCluster < 0.20, read as its v0.21 form ${to}: ${JSON.stringify(value)} (write that instead)`,
});

describe('keys of vCluster < 0.20 with one new home are converted, with a warning showing the new form', () => {
  test('the seed\'s embedded etcd: embeddedEtcd.enabled, embeddedEtcd.migrateFromEtcd and syncer.replicas', () => {
    const config = resolve({ embeddedEtcd: { enabled: true, migrateFromEtcd: true }, syncer: { replicas: 1 } });
    expect(config.store).toBe('etcd.embedded');
    expect(config.controlPlane.backingStore.etcd.embedded).toEqual({ enabled: true, migrateFromDeployedEtcd: true });
    expect(config.values).toEqual({
      controlPlane: {
        backingStore: { etcd: { embedded: { enabled: true, migrateFromDeployedEtcd: true } } },
        statefulSet: { highAvailability: { replicas: 1 } },
      },
    });
    expect(config.warnings).toEqual([
      converted('embeddedEtcd.enabled', 'controlPlane.backingStore.etcd.embedded.enabled', true),
      converted('embeddedEtcd.migrateFromEtcd', 'controlPlane.backingStore.etcd.embedded.migrateFromDeployedEtcd', true),
      converted('syncer.replicas', 'controlPlane.statefulSet.highAvailability.replicas', 1),
    ]);
  });

  test('converted values are validated in their new place', () => {
    expect(refused({ syncer: { replicas: 3 } })).toEqual([expect.objectContaining({
      path: 'controlPlane.statefulSet.highAvailability.replicas',
      message: expect.stringMatching(/cannot share the embedded SQLite database/),
    })]);
  });

  test('sync.<resource>.enabled of the old format, beside keys of the new one', () => {
    const config = resolve({
      sync: {
        toHost: { secrets: { all: true } },
        services: { enabled: false },
        hoststorageclasses: { enabled: true },
        nodes: { enabled: true, syncAllNodes: true },
      },
    });
    expect(config.values.sync).toEqual({
      toHost: { secrets: { all: true }, services: { enabled: false } },
      fromHost: { storageClasses: { enabled: true }, nodes: { enabled: true, selector: { all: true } } },
    });
    expect(config.warnings.map((w) => w.path)).toEqual(['sync.services.enabled', 'sync.hoststorageclasses.enabled', 'sync.nodes.enabled', 'sync.nodes.syncAllNodes']);
  });

  test('keys renamed in place, keys spelt differently now', () => {
    const config = resolve({
      rbac: { role: { create: false } },
      telemetry: { disabled: 'true' },
      defaultImageRegistry: 'mirror.example.com/',
      autoDeletePersistentVolumeClaims: true,
    });
    expect(config.values).toEqual({
      rbac: { role: { enabled: false } },
      telemetry: { enabled: false },
      controlPlane: {
        advanced: { defaultImageRegistry: 'mirror.example.com' },
        statefulSet: { persistence: { volumeClaim: { retentionPolicy: 'Delete' } } },
      },
    });
    expect(config.controlPlane.statefulSet.persistence.volumeClaim.retentionPolicy).toBe('Delete');
    expect(config.warnings).toContainEqual(converted('telemetry.disabled', 'telemetry.enabled', false));
  });

  test('the caller\'s values are left alone', () => {
    const values = { syncer: { replicas: 1 } };
    resolve(values);
    expect(values).toEqual({ syncer: { replicas: 1 } });
  });
});

describe('keys of vCluster < 0.20 without one new home are refused, with the form to write', () => {
  test.each([
    ['isolation', { isolation: { enabled: true } }, 'isolation', /write policies\.networkPolicy\.enabled, policies\.resourceQuota\.enabled/],
    ['an image as one string', { syncer: { image: 'ghcr.io/loft-sh/vcluster:0.15.0' } }, 'syncer.image', /write controlPlane\.statefulSet\.image as \{ registry, repository, tag \}/],
    ['syncer.extraArgs', { syncer: { extraArgs: ['--tls-san=x'] } }, 'syncer.extraArgs', /--tls-san: controlPlane\.proxy\.extraSANs/],
    ['a key that switched two on', { sync: { ingresses: { enabled: true } } }, 'sync.ingresses', /sync\.toHost\.ingresses\.enabled \(and sync\.fromHost\.ingressClasses\.enabled/],
    ['a key of an old section not listed', { syncer: { kubeletPort: 1 } }, 'syncer.kubeletPort', /its settings are under controlPlane\.statefulSet now/],
    ['an inverted switch', { sync: { 'fake-nodes': { enabled: true } } }, 'sync.fake-nodes', /write sync\.fromHost\.nodes\.enabled: false/],
    ['the k3s token', { k3sToken: 'secret' }, 'k3sToken', /write controlPlane\.distro\.k3s\.token/],
  ])('%s', (_what, values, path, fix) => {
    const problems = refused(values);
    expect(problems).toEqual([{ path, message: expect.stringMatching(/^key of vCluster < 0\.20, not read by v0\.21\.6: /) }]);
    expect(problems[0].message).toMatch(fix);
  });

  test('an old key set together with its new form', () => {
    expect(refused({ syncer: { replicas: 3 }, controlPlane: { statefulSet: { highAvailability: { replicas: 1 } } } })).toEqual([{
      path: 'syncer.replicas',
      message: 'key of vCluster < 0.20, set together with its v0.21 form controlPlane.statefulSet.highAvailability.replicas: '
        + 'keep only controlPlane.statefulSet.highAvailability.replicas',
    }]);
  });

  test('refused old keys and unknown keys are reported together', () => {
    expect(refused({ isolation: { enabled: true }, snyc: {} }).map((p) => p.path)).toEqual(['isolation', 'snyc']);
  });
});
