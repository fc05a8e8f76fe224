import { Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import {
  ConfigError, ControlPlane, EtcdCluster, K8sDistro, PersistenceConfig, SqlBackingStore, VolumeRetention,
} from '../../src';
import { validateAgainstKubernetesSchema } from '../support/validate-k8s';

const synth = (build: (chart: Chart) => void) => {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
};
const byKind = (manifests: any[], kind: string) => manifests.filter((m) => m.kind === kind);

test('the issue example: k8s 1.30, embedded etcd, a 10Gi claim', () => {
  const manifests = synth((chart) => new ControlPlane(chart, 'tenant-a', {
    distro: K8sDistro.v1_30(),
    backingStore: EtcdCluster.embedded(),
    persistence: PersistenceConfig.volumeClaim({ size: Size.gibibytes(10) }),
  }));
  validateAgainstKubernetesSchema(manifests);
  const [sts] = byKind(manifests, 'StatefulSet');
  expect(sts.metadata.name).toBe('tenant-a');
  expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
  expect(sts.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['syncer', 'storage']);
});

test('props and the equivalent vcluster.yaml give the same objects', () => {
  const fromProps = synth((chart) => new ControlPlane(chart, 'tenant-a', {
    distro: K8sDistro.v1_29(),
    backingStore: EtcdCluster.deploy({ replicas: 3, storageSize: Size.gibibytes(20), storageClass: 'ssd' }),
    replicas: 2,
    namespace: 'tenants',
  }));
  const fromValues = synth((chart) => ControlPlane.fromValues(chart, 'tenant-a', {
    controlPlane: {
      distro: { k8s: { enabled: true, version: 'v1.29.6' } },
      backingStore: { etcd: { deploy: { enabled: true, statefulSet: { highAvailability: { replicas: 3 }, persistence: { volumeClaim: { size: '20Gi', storageClass: 'ssd' } } } } } },
      statefulSet: { highAvailability: { replicas: 2 } },
    },
  }, { namespace: 'tenants' }));
  expect(fromProps).toEqual(fromValues);
});

test('external databases take their data source from a Secret key, never inline', () => {
  const manifests = synth((chart) => new ControlPlane(chart, 'tenant-d', {
    backingStore: SqlBackingStore.postgres({ dataSource: { secret: kplus.Secret.fromSecretName(chart, 'db', 'tenant-d-db'), key: 'dsn' } }),
    replicas: 2,
  }));
  const [deployment] = byKind(manifests, 'Deployment');
  const storage = deployment.spec.template.spec.containers.find((c: any) => c.name === 'storage');
  expect(storage.env).toEqual([{ name: 'VCK_STORE_ENDPOINT', valueFrom: { secretKeyRef: { name: 'tenant-d-db', key: 'dsn' } } }]);
});

test('persistence variants', () => {
  const existing = synth((chart) => new ControlPlane(chart, 'a', { persistence: PersistenceConfig.existingClaim('my-claim') }));
  expect(byKind(existing, 'Deployment')[0].spec.template.spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'my-claim' } });
  const retained = synth((chart) => new ControlPlane(chart, 'a', { persistence: PersistenceConfig.volumeClaim({ size: Size.mebibytes(512), retention: VolumeRetention.DELETE }) }));
  expect(byKind(retained, 'StatefulSet')[0].spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('512Mi');
  expect(byKind(retained, 'StatefulSet')[0].spec.persistentVolumeClaimRetentionPolicy.whenDeleted).toBe('Delete');
  expect(byKind(synth((chart) => new ControlPlane(chart, 'a', { persistence: PersistenceConfig.ephemeral() })), 'Deployment')).toHaveLength(1);
});

test('bad props fail early with the field and the fix', () => {
  expect(() => synth((chart) => new ControlPlane(chart, 'a', { replicas: 3 }))).toThrow(ConfigError);
  expect(() => synth((chart) => new ControlPlane(chart, 'a', { replicas: 3 }))).toThrow(/highAvailability.replicas: 3 replicas cannot share the embedded SQLite database/);
  expect(() => K8sDistro.of({ version: '1.30' })).toThrow(/K8sDistro.version: "1.30" must be a Kubernetes version tag such as v1.30.2/);
  expect(() => PersistenceConfig.existingClaim('')).toThrow(/existingClaim\(claimName\): must name an existing PersistentVolumeClaim/);
});

test('an external etcd is refused: the syncer release this library runs (v0.21.6) has none', () => {
  let error: unknown;
  try {
    EtcdCluster.external({ endpoint: 'https://etcd.example.com:2379' });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems).toEqual([{
    path: 'controlPlane.backingStore.etcd.external',
    message: expect.stringMatching(/etcd.external exists from v0.25\): use etcd.deploy .* or etcd.embedded/),
  }]);
});

test('escape hatches: every object is an ApiObject that takes JSON patches', () => {
  const chart = Testing.chart();
  const cp = new ControlPlane(chart, 'tenant-a');
  cp.workload.addJsonPatch(JsonPatch.add('/spec/template/spec/hostNetwork', false));
  expect(cp.find('Secret', 'vc-config-tenant-a')).toBeDefined();
  expect(cp.service?.name).toBe('tenant-a');
  const [sts] = byKind(Testing.synth(chart), 'StatefulSet');
  expect(sts.spec.template.spec.hostNetwork).toBe(false);
});

test('the namespace defaults to the chart\'s', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'c', { namespace: 'team-x' });
  const cp = new ControlPlane(chart, 'tenant-a');
  expect(cp.namespace).toBe('team-x');
  expect(Testing.synth(chart).every((m: any) => m.metadata.namespace === 'team-x')).toBe(true);
});

test('cluster-scoped objects keep no namespace, the chart\'s included', () => {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'team-x' });
  new ControlPlane(chart, 'tenant-a', { values: { sync: { fromHost: { nodes: { enabled: true } } } } });
  const clusterScoped = Testing.synth(chart).filter((m: any) => m.kind.startsWith('Cluster'));
  expect(clusterScoped.map((m: any) => m.metadata)).toEqual([
    expect.objectContaining({ name: 'vc-tenant-a-v-team-x' }),
    expect.objectContaining({ name: 'vc-tenant-a-v-team-x' }),
  ]);
  expect(clusterScoped.some((m: any) => 'namespace' in m.metadata)).toBe(false);
});

test('warnings are printed with the construct path, and the objects still rendered', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const objects = synth((chart) => new ControlPlane(chart, 'a', { backingStore: EtcdCluster.embedded(), replicas: 4 }));
    expect(byKind(objects, 'StatefulSet')).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(
      /^vcluster-constructs: warning: test\/a: controlPlane.statefulSet.highAvailability.replicas: 4 etcd members tolerate as many failures as 3/,
    ));
  } finally {
    warn.mockRestore();
  }
});
