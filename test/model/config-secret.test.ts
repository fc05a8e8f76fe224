import { configYaml, ETCD_DEPLOY, renderValues, STORES } from './fixtures';
import { CHART_DEFAULTS, resolve } from '../../src/config';
import { syncerValues } from '../../src/model';

describe('the config Secret: the syncer\'s values', () => {
  test('the config Secret holds the user\'s values over the chart\'s whole defaults, as the chart writes it', () => {
    const values = configYaml(renderValues({ sync: { toHost: { ingresses: { enabled: true } } }, networking: { advanced: { clusterDomain: 'corp.local' } } }));
    expect(values.sync.toHost.ingresses.enabled).toBe(true);
    expect(values.sync.toHost.pods).toMatchObject({ enabled: true, rewriteHosts: { enabled: true } });
    expect(values.sync.fromHost.nodes.enabled).toBe(false);
    expect(values.controlPlane.proxy).toEqual({ bindAddress: '0.0.0.0', port: 8443, extraSANs: [] });
    expect(values.networking.advanced.clusterDomain).toBe('corp.local');
    expect(values.controlPlane.advanced.workloadServiceAccount).toEqual({ enabled: true, name: '', imagePullSecrets: [], annotations: {}, labels: {} });
    expect(Object.keys(values).sort()).toEqual(Object.keys(CHART_DEFAULTS).sort());
  });

  test('a null in the values drops the chart\'s default, as Helm does', () => {
    expect(configYaml(renderValues({ controlPlane: { proxy: { extraSANs: null } } })).controlPlane.proxy).toEqual({ bindAddress: '0.0.0.0', port: 8443 });
  });

  test('stores served by the runtime appear to the syncer as the chart\'s default backing store with a deployed etcd without its StatefulSet', () => {
    const expected = structuredClone(CHART_DEFAULTS.controlPlane.backingStore) as any;
    expected.etcd.deploy.enabled = true;
    expected.etcd.deploy.statefulSet.enabled = false;
    expected.etcd.deploy.service.enabled = true;
    const withEverything = {
      ...STORES['database.external'],
      controlPlane: {
        ...STORES['database.external'].controlPlane,
        backingStore: {
          database: { external: { enabled: true, dataSource: 'postgres://u:p@db/x', dataSourceSecret: { name: 'db', key: 'dsn' }, caFile: '/db-tls/ca.crt' } },
        },
        statefulSet: {
          persistence: { addVolumes: [{ name: 'db-tls', secret: { secretName: 'db-tls' } }], addVolumeMounts: [{ name: 'db-tls', mountPath: '/db-tls' }] },
        },
      },
    };
    for (const values of [STORES['database.embedded'], STORES['etcd.embedded'], withEverything]) {
      expect((syncerValues(resolve(values)) as any).controlPlane.backingStore).toEqual(expected);
    }
  });

  test('the user\'s deploy settings reach the syncer as given; without the client Service it dials the headless one', () => {
    const deploy = configYaml(renderValues(ETCD_DEPLOY)).controlPlane.backingStore.etcd.deploy;
    expect(deploy.statefulSet).toMatchObject({ enabled: true, highAvailability: { replicas: 3 }, extraArgs: ['--quota-backend-bytes=8589934592'] });
    expect(deploy.headlessService).toEqual({ annotations: { 'example.com/h': 'i' } });
    const noClientService = renderValues({ controlPlane: { backingStore: { etcd: { deploy: { enabled: true, service: { enabled: false } } } } } });
    expect(configYaml(noClientService).controlPlane.backingStore.etcd.deploy.service.enabled).toBe(false);
  });
});
