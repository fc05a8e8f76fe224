import { readFileSync } from 'fs';
import { join } from 'path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { created, recordResources, settled, SYNCER_KUBECONFIG, valueOf } from './mocks';

const dir = join(__dirname, '..', '..', 'examples', 'pulumi-stack');
const registered = recordResources({ project: 'vcluster-tenants' });

const stacks = ['sqlite', 'postgres', 'embedded-etcd', 'deployed-etcd'];

test.each(stacks)('the example program runs for stack %s', async (stack) => {
  const stackConfig = parse(readFileSync(join(dir, `Pulumi.${stack}.yaml`), 'utf-8')).config as Record<string, string>;
  pulumi.runtime.setAllConfig(stackConfig);
  registered.length = 0;
  let program: any;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    program = require(join(dir, 'index.ts'));
  });
  expect(await valueOf(program.serviceName)).toBe('tenant-a');
  expect(await valueOf(program.kubeconfigSecretName)).toBe('vc-tenant-a');
  expect(await valueOf(program.controlPlaneNamespace)).toBe('tenants');
  expect(await valueOf(program.kubeconfig)).toBe(SYNCER_KUBECONFIG);
  expect(await valueOf(program.virtualClusterNamespace)).toBe('team-a');
  await settled();
  const types = created(registered, '').map((r) => r.type);
  expect(types).toEqual(expect.arrayContaining([
    'kubernetes:core/v1:Namespace',
    'vcluster-constructs:index:ControlPlane',
    'kubernetes:core/v1:Secret',
    'pulumi:providers:kubernetes',
  ]));
  const workload = stack === 'postgres' ? 'kubernetes:apps/v1:Deployment' : 'kubernetes:apps/v1:StatefulSet';
  expect(types).toContain(workload);
  const team = created(registered, 'kubernetes:core/v1:Namespace').find((r) => r.name === 'team-a')!;
  expect(team.provider).toMatch(/::tenant-a-provider::/);
});

test('an unknown store is a clear error', () => {
  pulumi.runtime.setAllConfig({ 'vcluster-tenants:store': 'cassandra' });
  expect(() => jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(join(dir, 'index.ts'));
  })).toThrow(/store=cassandra: use one of sqlite, postgres, embedded-etcd, deployed-etcd/);
});
