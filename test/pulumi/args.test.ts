import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as pulumi from '@pulumi/pulumi';
import { created, recordResources, settled, valueOf } from './mocks';
import { resolve } from '../../src/config';
import { ConfigError, ControlPlane, EtcdCluster, SqlBackingStore, type ControlPlaneArgs } from '../../src/pulumi';
import { checkRelease } from '../../src/pulumi/args';
import { planObjects } from '../../src/pulumi/objects';

const registered = recordResources();

/** The problems of the ConfigError a component's construction throws. */
function problemsOf(name: string, args: ControlPlaneArgs): readonly { path: string; message: string }[] {
  try {
    new ControlPlane(name, args);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('no error');
}

describe('errors name the args', () => {
  test('a value of a typed arg names the arg and keeps the vcluster.yaml path', () => {
    expect(problemsOf('bad', { replicas: 3 })).toEqual([{
      path: 'args.replicas',
      message: expect.stringMatching(/^controlPlane\.statefulSet\.highAvailability\.replicas: .*cannot share the embedded SQLite database/),
    }]);
  });

  test('a backing store that cannot serve the typed replicas names both args', () => {
    const problems = problemsOf('bad', { backingStore: SqlBackingStore.sqlite(), replicas: 2 });
    expect(problems.map((p) => p.path)).toEqual(['args.replicas']);
    expect(problems[0].message).toMatch(/^controlPlane\.statefulSet\.highAvailability\.replicas: 2 replicas cannot share the embedded SQLite/);
  });

  test('a runtime image that is no image reference names args.runtimeImage', () => {
    expect(problemsOf('bad', { runtimeImage: 'ghcr.io/acme/runtime' })).toEqual([{ path: 'args.runtimeImage', message: expect.stringContaining('needs a tag') }]);
  });

  test('a problem in the values keeps its vcluster.yaml path', () => {
    expect(problemsOf('bad', { values: { controlPlane: { statefulSet: { highAvailability: { replicas: 2 } } } } }).map((p) => p.path))
      .toEqual(['controlPlane.statefulSet.highAvailability.replicas']);
  });

  test('a bad name names args.name, with the config problems in the same error', () => {
    expect(problemsOf('ok', { name: 'Tenant_A', replicas: 2 }).map((p) => p.path)).toEqual(['args.name', 'args.replicas']);
  });

  test('without a name arg, a bad component name is reported as the release name it stands for', () => {
    const [problem] = problemsOf('Tenant A', {});
    expect(problem.path).toBe('component name "Tenant A" (the release name when args.name is not set)');
    expect(problem.message).toMatch(/must be a DNS label/);
  });

  test('a bad namespace names args.namespace', () => {
    expect(problemsOf('ok', { namespace: 'Tenants' }).map((p) => p.path)).toEqual(['args.namespace']);
  });

  test('with values from an output, the release args are still checked at once', () => {
    expect(problemsOf('ok', { name: 'Tenant_A', values: pulumi.output({}) }).map((p) => p.path)).toEqual(['args.name']);
    expect(problemsOf('ok', { name: 'a', releaseName: 'b', values: pulumi.output({}) }).map((p) => p.path)).toEqual(['args.releaseName']);
  });

  test('a known part of the release is checked at once while the other is an output', () => {
    expect(problemsOf('ok', { name: 'Tenant_A', namespace: pulumi.output('tenants') }).map((p) => p.path)).toEqual(['args.name']);
    expect(problemsOf('ok', { name: pulumi.output('tenant-a'), namespace: 'Tenants' }).map((p) => p.path)).toEqual(['args.namespace']);
  });

  test('name and its deprecated alias releaseName set differently are refused', () => {
    expect(problemsOf('ok', { name: 'a', releaseName: 'b' })).toEqual([{ path: 'args.releaseName', message: expect.stringMatching(/set only args.name/) }]);
    expect(() => new ControlPlane('same', { name: 'a', releaseName: 'a' })).not.toThrow();
  });

  test('a name from an output is checked, naming args.name, once it resolves', async () => {
    const seen: unknown[] = [];
    const [statefulSet] = planObjects(resolve({}), { name: pulumi.output('late'), namespace: 'ok' }, (release) => seen.push(release))
      .filter((o) => o.template.kind === 'StatefulSet');
    expect(await valueOf((statefulSet.args.metadata as Record<string, pulumi.Output<string>>).name)).toBe('late');
    expect(seen).toEqual([{ name: 'late', namespace: 'ok' }]);
    expect(() => checkRelease('ok', { name: pulumi.output('Bad_Name') }, { name: 'Bad_Name', namespace: 'ok' })).toThrow(/args\.name: release name "Bad_Name"/);
  });
});

describe('fromFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vcluster-values-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('reads a vcluster.yaml; the typed args win over it', async () => {
    const file = join(dir, 'vcluster.yaml');
    writeFileSync(file, 'controlPlane:\n  backingStore:\n    etcd:\n      embedded:\n        enabled: true\n  statefulSet:\n    highAvailability:\n      replicas: 3\n');
    const component = ControlPlane.fromFile('from-file', file, { namespace: 'tenants', replicas: 5 });
    expect((await valueOf(component.config)).controlPlane.backingStore.etcd.embedded.enabled).toBe(true);
    await valueOf(component.serviceName);
    await settled();
    const statefulSet = created(registered, 'kubernetes:apps/v1:StatefulSet').find((r) => r.name === 'from-file-statefulset-from-file')!;
    expect(statefulSet.inputs.spec.replicas).toBe(5);
    expect(statefulSet.inputs.metadata).toMatchObject({ name: 'from-file', namespace: 'tenants' });
  });

  test('a file that cannot be read is a ConfigError naming the file', () => {
    const file = join(dir, 'missing.yaml');
    expect(() => ControlPlane.fromFile('from-file', file)).toThrow(ConfigError);
    expect(() => ControlPlane.fromFile('from-file', file)).toThrow(file);
  });

  test('values from the file are checked like any values', () => {
    const file = join(dir, 'ha-sqlite.yaml');
    writeFileSync(file, 'controlPlane:\n  statefulSet:\n    highAvailability:\n      replicas: 2\n');
    expect(() => ControlPlane.fromFile('from-file', file, { backingStore: SqlBackingStore.sqlite() })).toThrow(/replicas/);
  });
});

test('warnings go to the Pulumi log, on the component', () => {
  const warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue(undefined);
  try {
    const component = new ControlPlane('even', { backingStore: EtcdCluster.embedded(), replicas: 2 });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^controlPlane\.statefulSet\.highAvailability\.replicas: 2 etcd members tolerate/), component);
  } finally {
    warn.mockRestore();
  }
});
