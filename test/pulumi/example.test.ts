import { readFileSync } from 'fs';
import { join } from 'path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';

const dir = join(__dirname, '..', '..', 'examples', 'pulumi-stack');
const registered: { type: string; name: string }[] = [];
void pulumi.runtime.setMocks({
  newResource: (args) => {
    registered.push({ type: args.type, name: args.name });
    return { id: `${args.name}-id`, state: args.inputs };
  },
  call: (args) => args.inputs,
}, 'vcluster-tenants', 'test', false);

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
  expect(await new Promise((r) => program.serviceName.apply(r))).toBe('tenant-a');
  expect(await new Promise((r) => program.kubeconfigSecretName.apply(r))).toBe('vc-tenant-a');
  await new Promise((r) => setTimeout(r, 50));
  expect(registered.map((r) => r.type)).toEqual(expect.arrayContaining([
    'kubernetes:core/v1:Namespace',
    'vcluster-constructs:index:ControlPlane',
    'kubernetes:core/v1:Secret',
  ]));
  const workload = stack === 'postgres' ? 'kubernetes:apps/v1:Deployment' : 'kubernetes:apps/v1:StatefulSet';
  expect(registered.map((r) => r.type)).toContain(workload);
});

test('an unknown store is a clear error', () => {
  pulumi.runtime.setAllConfig({ 'vcluster-tenants:store': 'cassandra' });
  expect(() => jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(join(dir, 'index.ts'));
  })).toThrow(/store=cassandra: use one of sqlite, postgres, embedded-etcd, deployed-etcd/);
});
