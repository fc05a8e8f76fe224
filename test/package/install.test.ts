/**
 * The packed tarball installed as users install it: a fresh cdk8s app and a fresh Pulumi program, each compiled with
 * TypeScript against the shipped declarations and run with node. Installing the library must pull no database driver
 * and compile nothing: the runtime's packages are optional peers, needed only by `vck storage` and `vck etcd`.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { installConsumer, installedForTheLibrary, installedVersion, linksOutside, nativeArtifacts, packTarball, root, run, tarballFiles } from './consumer';
import runtimePackages from '../../scripts/runtime-packages.json';

const RUNTIME_PACKAGES = Object.keys(runtimePackages);
/** The oldest TypeScript the README promises; the Pulumi program compiles with the newest, this repository's own. */
const OLDEST_TYPESCRIPT = '~5.9.0';
const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', skipLibCheck: false, types: ['node'] } });

let work: string;
let tarball: string;
let files: string[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vck-package-'));
  tarball = packTarball(work);
  files = tarballFiles(tarball);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the tarball', () => {
  test('holds the compiled library and its docs, under 1 MB', () => {
    expect(statSync(tarball).size).toBeLessThan(1_000_000);
    expect(files).toEqual(expect.arrayContaining([
      'package.json', 'README.md', 'API.md', 'LICENSE', 'lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/pulumi/index.d.ts', 'lib/src/cli/main.js',
    ]));
    expect(files.filter((path) => /^(src|test|imports|bench|examples|scripts)\//.test(path) || path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([]);
  });

  test('depends on no runtime package: they are optional peers', () => {
    const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], root, 30_000));
    expect(Object.keys(manifest.dependencies).filter((name) => RUNTIME_PACKAGES.includes(name))).toEqual([]);
    for (const name of RUNTIME_PACKAGES) {
      expect({ name, range: manifest.peerDependencies[name], meta: manifest.peerDependenciesMeta[name] })
        .toEqual({ name, range: expect.any(String), meta: { optional: true } });
    }
  });

  test('links from its Markdown only to files it holds', () => {
    run('tar', ['-xzf', tarball, '-C', work], root, 30_000);
    expect(linksOutside(files, (path) => readFileSync(join(work, 'package', path), 'utf-8'))).toEqual([]);
  });
});

/** A fresh project of `name` that installs the tarball, `dependencies` and TypeScript, with `sources` in it. */
function freshProject(name: string, dependencies: Record<string, string>, typescript: string, sources: Record<string, string>): string {
  const dir = join(work, name);
  installConsumer(dir, {
    ...dependencies,
    'vcluster-constructs': `file:${tarball}`,
    'typescript': typescript,
    '@types/node': installedVersion('@types/node'),
  }, { 'tsconfig.json': TSCONFIG, ...sources });
  return dir;
}

/** Compiles the project in `dir` with its own TypeScript, then runs `script` (compiled) with node: its stdout. */
function compileAndRun(dir: string, script: string): string {
  run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', '.'], dir, 120_000);
  return run('node', [script], dir, 60_000);
}

/** The library must bring no runtime package and no native code, whatever else the project installs. */
function expectNothingUnwanted(dir: string) {
  expect({
    runtimePackages: installedForTheLibrary(dir, 'vcluster-constructs', RUNTIME_PACKAGES),
    nativeArtifacts: nativeArtifacts(join(dir, 'node_modules')),
  }).toEqual({ runtimePackages: [], nativeArtifacts: [] });
}

describe('a fresh cdk8s app', () => {
  let app: string;

  beforeAll(() => {
    app = freshProject('cdk8s-app', { cdk8s: installedVersion('cdk8s'), constructs: installedVersion('constructs') }, OLDEST_TYPESCRIPT, {
      'main.ts': [
        "import { App, Chart } from 'cdk8s';",
        "import { ControlPlane, SqlBackingStore } from 'vcluster-constructs';",
        'const app = new App();',
        "const chart = new Chart(app, 'tenants', { namespace: 'tenants' });",
        "new ControlPlane(chart, 'tenant-a', { backingStore: SqlBackingStore.sqlite() });",
        'process.stdout.write(app.synthYaml());',
      ].join('\n'),
      'values.yaml': 'controlPlane:\n  statefulSet:\n    highAvailability:\n      replicas: 1\n',
    });
  }, 300_000);

  test('installs no runtime package and compiles nothing', () => expectNothingUnwanted(app));

  test('compiles with the oldest supported TypeScript and synthesizes the StatefulSet', () => {
    const objects = parseAllDocuments(compileAndRun(app, 'main.js')).map((doc) => doc.toJS());
    expect(objects).toContainEqual(expect.objectContaining({ kind: 'StatefulSet', metadata: expect.objectContaining({ name: 'tenant-a' }) }));
  }, 180_000);

  test('runs vck template without the runtime packages', () => {
    const yaml = run(join(app, 'node_modules', '.bin', 'vck'), ['template', '-f', 'values.yaml', '--name', 'tenant-a', '--namespace', 'tenants'], app, 60_000);
    expect(parseAllDocuments(yaml).map((doc) => doc.toJS().kind)).toContain('StatefulSet');
  });
});

describe('a fresh Pulumi program', () => {
  let program: string;

  beforeAll(() => {
    const pulumi = { '@pulumi/pulumi': installedVersion('@pulumi/pulumi'), '@pulumi/kubernetes': installedVersion('@pulumi/kubernetes') };
    program = freshProject('pulumi-program', pulumi, installedVersion('typescript'), {
      // Pulumi's mocks stand in for the engine: every resource registered is recorded, and printed when all settled.
      'index.ts': [
        "import * as pulumi from '@pulumi/pulumi';",
        "import { ControlPlane } from 'vcluster-constructs/pulumi';",
        'const types: string[] = [];',
        'void pulumi.runtime.setMocks({',
        '  newResource: (args) => {',
        '    types.push(args.type);',
        // The component reads the kubeconfig from the Secret the syncer writes: a mocked read returns one.
        "    const read = args.id && args.type === 'kubernetes:core/v1:Secret';",
        "    return { id: args.id || `${args.name}-id`, state: read ? { data: { config: Buffer.from('kubeconfig').toString('base64') } } : args.inputs };",
        '  },',
        '  call: (args) => args.inputs,',
        "}, 'consumer', 'test', false);",
        "new ControlPlane('tenant-a', { namespace: 'tenants' });",
        "process.once('beforeExit', () => process.stdout.write(JSON.stringify(types)));",
      ].join('\n'),
    });
  }, 300_000);

  test('installs no runtime package and compiles nothing', () => expectNothingUnwanted(program));

  test('compiles with this repository\'s TypeScript and registers the StatefulSet under mocks', () => {
    const types: string[] = JSON.parse(compileAndRun(program, 'index.js'));
    expect(types).toEqual(expect.arrayContaining(['vcluster-constructs:index:ControlPlane', 'kubernetes:apps/v1:StatefulSet', 'kubernetes:core/v1:Secret']));
  }, 180_000);
});
