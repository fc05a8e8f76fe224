import { spawnSync } from 'child_process';
import { join } from 'path';
import { loadOptional, packageOf } from '../../src/runtime/optional';
import { scaled } from '../support/time-scale';

const root = join(__dirname, '..', '..');

/** The runtime's packages: reached only from the code paths of `vck storage` and `vck etcd`. */
const RUNTIME_PACKAGES = ['better-sqlite3', 'pg', 'mysql2', '@grpc/grpc-js', '@grpc/proto-loader', 'etcd3', 'prom-client', 'node-forge'];

/**
 * Loads entry points in a fresh Node process, does `work` there, and returns the runtime packages that process
 * loaded (from its module cache).
 */
function runtimePackagesLoadedBy(work: string): string[] {
  const script = `
    ${work}
    const loaded = new Set();
    for (const file of Object.keys(require.cache)) {
      const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file.slice(file.lastIndexOf('node_modules/')));
      if (m) loaded.add(m[1]);
    }
    process.stdout.write(JSON.stringify([...loaded]));
  `;
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: root,
    encoding: 'utf-8',
    timeout: scaled(120_000),
    env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') },
  });
  if (result.status !== 0) throw new Error(`the loading process failed (${result.status}):\n${result.stderr}`);
  const loaded = JSON.parse(result.stdout) as string[];
  return RUNTIME_PACKAGES.filter((name) => loaded.includes(name));
}

describe('the runtime packages stay unloaded outside vck storage and vck etcd', () => {
  test('the library entry point and vck template render without loading any', () => {
    const loaded = runtimePackagesLoadedBy(`
      const lib = require('./src/index.ts');
      const { renderTemplate } = require('./src/cli/template.ts');
      const objects = lib.render(lib.resolve({}), { name: 'demo', namespace: 'team' });
      if (objects.length === 0) throw new Error('nothing rendered');
      const { yaml } = renderTemplate({ values: [], set: [], name: 'demo', namespace: 'team' });
      if (!yaml.includes('kind: StatefulSet')) throw new Error('vck template rendered no StatefulSet');
    `);
    expect(loaded).toEqual([]);
  }, scaled(150_000));

  test('the Pulumi entry point loads none beyond those the Pulumi SDK itself loads (it speaks gRPC to its engine)', () => {
    const sdk = runtimePackagesLoadedBy("require('@pulumi/pulumi'); require('@pulumi/kubernetes');");
    const loaded = runtimePackagesLoadedBy("require('./src/pulumi/index.ts');");
    expect(loaded.filter((name) => !sdk.includes(name))).toEqual([]);
  }, scaled(150_000));

  test('building the vck program (every subcommand, for the help) loads none; only running the store does', () => {
    const loaded = runtimePackagesLoadedBy(`
      const { buildProgram } = require('./src/cli/main.ts');
      for (const sub of ['template', 'storage', 'etcd']) buildProgram(['node', 'vck', sub]);
      buildProgram(['node', 'vck']).helpInformation();
    `);
    expect(loaded).toEqual([]);
  }, scaled(150_000));

  test('the runtime modules load them', () => {
    // The check above would pass vacuously if the cache inspection saw nothing: the server's module must show up.
    const loaded = runtimePackagesLoadedBy("require('./src/runtime/storage/server.ts'); new (require('./src/runtime/storage/metrics.ts').StorageMetrics)();");
    expect(loaded).toEqual(expect.arrayContaining(['@grpc/grpc-js', 'prom-client']));
  }, scaled(150_000));
});

describe('a missing runtime package is reported with the command that installs it', () => {
  test('the package and the npm command, for a plain and for a deep specifier', () => {
    expect(() => loadOptional('vck-absent-package', 'vck storage')).toThrow("vck storage needs the package 'vck-absent-package': npm install vck-absent-package");
    expect(() => loadOptional('@vck-absent/driver/promise', 'vck etcd')).toThrow("vck etcd needs the package '@vck-absent/driver': npm install @vck-absent/driver");
  });

  test.each([
    ['pg', 'pg'],
    ['mysql2/promise', 'mysql2'],
    ['@grpc/grpc-js', '@grpc/grpc-js'],
    ['etcd3/package.json', 'etcd3'],
  ])('%s belongs to the package %s', (specifier, name) => {
    expect(packageOf(specifier)).toBe(name);
  });

  test('an installed package is returned as require gives it', () => {
    expect(loadOptional<typeof import('path')>('path', 'vck storage').join('a', 'b')).toBe(join('a', 'b'));
  });
});
