import { join } from 'path';
import { Testing } from 'cdk8s';
import { ConfigError, ControlPlane } from '../../src';

const values = (name: string) => join(__dirname, '..', 'fixtures', 'values', name);
const twoReplicas = join(__dirname, 'fixtures', 'two-replicas.yaml');
const synthesize = (build: (chart: ReturnType<typeof Testing.chart>) => void) => {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
};
const one = (manifests: any[], kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);

test('a vcluster.yaml gives the objects of the same values in code', () => {
  const fromFile = synthesize((chart) => ControlPlane.fromFile(chart, 'tenant-b', values('embedded-etcd.yaml'), { namespace: 'tenants' }));
  const fromValues = synthesize((chart) => ControlPlane.fromValues(chart, 'tenant-b', {
    controlPlane: {
      backingStore: { etcd: { embedded: { enabled: true } } },
      statefulSet: { highAvailability: { replicas: 3 }, persistence: { volumeClaim: { size: '10Gi', retentionPolicy: 'Delete' } } },
    },
  }, { namespace: 'tenants' }));
  expect(fromFile).toEqual(fromValues);
});

test('with several files, later ones override earlier ones key by key', () => {
  const manifests = synthesize((chart) => ControlPlane.fromFile(chart, 'tenant-c', [values('ha-etcd-deploy.yaml'), twoReplicas]));
  const controlPlane = one(manifests, 'Deployment', 'tenant-c');
  expect(controlPlane.spec.replicas).toBe(2);
  expect(controlPlane.spec.template.spec.nodeSelector).toEqual({ 'node-role.example.com/control-plane': 'true' });
  const etcd = one(manifests, 'StatefulSet', 'tenant-c-etcd');
  expect(etcd.spec.replicas).toBe(3);
  expect(etcd.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'standard', resources: { requests: { storage: '20Gi' } } });
});

test('values and typed props go over the files, the typed props last', () => {
  const controlPlane = ControlPlane.fromFile(Testing.chart(), 'tenant-c', values('ha-etcd-deploy.yaml'), {
    values: { controlPlane: { statefulSet: { highAvailability: { replicas: 4 } } }, sync: { toHost: { ingresses: { enabled: false } } } },
    replicas: 5,
  });
  expect(controlPlane.config.controlPlane.statefulSet.highAvailability.replicas).toBe(5);
  expect(controlPlane.config.values.sync).toMatchObject({ toHost: { ingresses: { enabled: false } } });
  expect(controlPlane.config.controlPlane.backingStore.etcd.deploy.statefulSet.highAvailability.replicas).toBe(3);
});

test('a missing file is an error naming the file', () => {
  const file = values('missing.yaml');
  expect(() => ControlPlane.fromFile(Testing.chart(), 'tenant-a', [values('default.yaml'), file])).toThrow(ConfigError);
  expect(() => ControlPlane.fromFile(Testing.chart(), 'tenant-a', file)).toThrow(`${file}: cannot read the values file`);
});

test('an empty list of files is refused rather than read as no values', () => {
  expect(() => ControlPlane.fromFile(Testing.chart(), 'tenant-a', [])).toThrow(/files: name at least one vcluster.yaml/);
});

test('invalid values in a file are reported at their paths', () => {
  let error: unknown;
  try {
    ControlPlane.fromFile(Testing.chart(), 'tenant-a', values('invalid.yaml'));
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems.map((p) => p.path)).toEqual(expect.arrayContaining(['controlPlane.statefulSet.highAvailabilty']));
});
