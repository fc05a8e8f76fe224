import { configYaml, container, find, renderValues, STORES, workload } from './fixtures';
import { mergeValues } from '../../src/config';
import {
  DATA_DIR, ETCD_LEAVE_COMMAND, PKI, RUNTIME_ENTRYPOINT, SQLITE_PATH, STORAGE_CONTAINER_NAME, STORE_ENDPOINT_SECRET_KEY,
} from '../../src/contract';
import { LEAVE_BUDGET_MS } from '../../src/runtime/etcd/leave';

describe.each(Object.entries(STORES))('store %s', (store, values) => {
  const objects = renderValues(values);

  test(`the store container matches the store (${store})`, () => {
    const storage = container(objects, STORAGE_CONTAINER_NAME);
    if (store === 'etcd.deploy') {
      expect(storage).toBeUndefined();
    } else {
      expect(storage.command).toEqual([RUNTIME_ENTRYPOINT]);
      expect(storage.args[0]).toBe(store === 'etcd.embedded' ? 'etcd' : 'storage');
      // vck storage serves the syncer's server certificate; the etcd manager issues its member's own from the syncer's CA.
      const tls = store === 'etcd.embedded'
        ? [`--ca-file=${PKI.etcdCa}`, `--ca-key-file=${PKI.etcdCaKey}`, '--san=tenant-a-etcd']
        : [`--server-cert-file=${PKI.etcdServerCert}`, `--server-key-file=${PKI.etcdServerKey}`, `--trusted-ca-file=${PKI.etcdCa}`];
      expect(storage.args).toEqual(expect.arrayContaining(tls));
    }
  });
});

describe('the store container', () => {
  test('the SQLite store serves /data/state.db with the syncer\'s etcd certificates', () => {
    const storage = container(renderValues({}), STORAGE_CONTAINER_NAME);
    expect(storage.args).toEqual(expect.arrayContaining(['storage', '--endpoint=sqlite:///data/state.db', '--listen-address=https://0.0.0.0:2379']));
    expect(storage.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(storage.securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('an external database\'s data source comes from a Secret, never inline in the pod', () => {
    const fromUserSecret = container(renderValues(STORES['database.external']), STORAGE_CONTAINER_NAME);
    expect(fromUserSecret.env).toEqual([{ name: 'VCK_STORE_ENDPOINT', valueFrom: { secretKeyRef: { name: 'db', key: 'dsn' } } }]);
    const inline = renderValues({ controlPlane: { backingStore: { database: { external: { enabled: true, dataSource: 'postgres://u:p@db/x' } } } } });
    expect(container(inline, STORAGE_CONTAINER_NAME).env[0].valueFrom.secretKeyRef).toEqual({ name: 'vc-config-tenant-a', key: STORE_ENDPOINT_SECRET_KEY });
    expect(JSON.stringify(workload(inline))).not.toContain('postgres://');
    expect(Buffer.from(find(inline, 'Secret', 'vc-config-tenant-a').data['config.yaml'], 'base64').toString()).not.toContain('postgres://');
    expect(Buffer.from(find(inline, 'Secret', 'vc-config-tenant-a').data[STORE_ENDPOINT_SECRET_KEY], 'base64').toString()).toBe('postgres://u:p@db/x');
  });

  test('the etcd manager leaves the cluster in preStop and knows its StatefulSet and headless Service', () => {
    const manager = container(renderValues(STORES['etcd.embedded']), STORAGE_CONTAINER_NAME);
    expect(manager.lifecycle.preStop.exec.command).toEqual([RUNTIME_ENTRYPOINT, 'etcd', ...ETCD_LEAVE_COMMAND]);
    expect(manager.env).toEqual(expect.arrayContaining([{ name: 'VCK_STATEFULSET', value: 'tenant-a' }, { name: 'VCK_HEADLESS_SERVICE', value: 'tenant-a-headless' }]));
    expect(manager.readinessProbe.httpGet.path).toBe('/readyz');
  });

  test('the preStop hook leaves at least half of the grace period to the stop of etcd', () => {
    for (const pod of [workload(renderValues(STORES['etcd.embedded'])), find(renderValues(STORES['etcd.deploy']), 'StatefulSet', 'tenant-a-etcd')]) {
      expect(LEAVE_BUDGET_MS).toBeLessThanOrEqual((pod.spec.template.spec.terminationGracePeriodSeconds * 1000) / 2);
    }
  });

  test('a control plane moving from the SQLite store to embedded etcd has its state.db migrated by the etcd manager', () => {
    const manager = container(renderValues(STORES['etcd.embedded']), STORAGE_CONTAINER_NAME);
    expect(manager.args).toContain(`--migrate-from-sqlite=${SQLITE_PATH}`);
    // The SQLite store keeps its database at that path on the same volume.
    expect(container(renderValues(STORES['database.embedded']), STORAGE_CONTAINER_NAME).args).toContain(`--endpoint=sqlite://${SQLITE_PATH}`);
    expect(manager.volumeMounts).toEqual(expect.arrayContaining([{ name: 'data', mountPath: DATA_DIR }]));
  });
});

describe('the store of a k3s or k0s control plane', () => {
  const onDistro = (distro: 'k3s' | 'k0s', store: string) =>
    renderValues(mergeValues(STORES[store], { controlPlane: { distro: { [distro]: { enabled: true } } } }));

  test.each([
    ['k3s', '/data/server/db/state.db', '/data/pki'],
    ['k0s', '/data/k0s/db/state.db', '/data/k0s/pki'],
  ] as const)('%s: SQLite at the distro\'s own path, served with the certificates the syncer makes for it', (distro, sqlite, pki) => {
    const storage = container(onDistro(distro, 'database.embedded'), STORAGE_CONTAINER_NAME);
    expect(storage.args).toEqual(expect.arrayContaining([
      `--endpoint=sqlite://${sqlite}`, `--trusted-ca-file=${pki}/etcd/ca.crt`, `--server-cert-file=${pki}/etcd/server.crt`,
      `--server-key-file=${pki}/etcd/server.key`,
    ]));
  });

  test.each([
    ['k3s', '/data/server/db/state.db', '/data/pki'],
    ['k0s', '/data/k0s/db/state.db', '/data/k0s/pki'],
  ] as const)('%s: embedded etcd migrates the distro\'s SQLite database and issues from its etcd CA', (distro, sqlite, pki) => {
    const manager = container(onDistro(distro, 'etcd.embedded'), STORAGE_CONTAINER_NAME);
    expect(manager.args).toEqual(expect.arrayContaining([`--migrate-from-sqlite=${sqlite}`, `--ca-file=${pki}/etcd/ca.crt`, `--ca-key-file=${pki}/etcd/ca.key`]));
  });

  test.each(['k3s', 'k0s'] as const)('%s: the syncer is told of a deployed etcd behind NAME-etcd, as with k8s', (distro) => {
    for (const store of ['database.embedded', 'database.external', 'etcd.embedded']) {
      const backingStore = configYaml(onDistro(distro, store)).controlPlane.backingStore;
      expect(backingStore.etcd.deploy).toMatchObject({ enabled: true, statefulSet: { enabled: false }, service: { enabled: true } });
      expect(backingStore.etcd.embedded.enabled).toBe(false);
      expect(backingStore.database.external.enabled).toBe(false);
    }
  });
});
