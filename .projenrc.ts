import { javascript, typescript } from 'projen';
import runtimePackages from './scripts/runtime-packages.json';

/**
 * What `vck storage` and `vck etcd` load, and only they (name -> range; the Dockerfile reads the same file): optional
 * peer dependencies, so a cdk8s or Pulumi user installs no native addon, and dev dependencies, so the tests have them.
 */
const RUNTIME_PACKAGES = Object.entries(runtimePackages).map(([name, range]) => `${name}@${range}`);

// The single source of truth for package.json, tsconfig and the jest config: edit here, then `npx projen`.
const project = new typescript.TypeScriptProject({
  name: 'vcluster-constructs',
  description: 'Virtual Kubernetes control planes (vCluster-compatible) from cdk8s and Pulumi, plus the runtime that serves their store.',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  license: 'Apache-2.0',
  copyrightOwner: 'vcluster-constructs authors',
  minNodeVersion: '20.0.0',
  github: false,
  release: false,
  sampleCode: false,
  gitignore: ['/examples/**/dist/', '/.test-data/', '*.db', '*.db-wal', '*.db-shm', '/bench/out/'],
  // docs/ ships: API.md and the README link into it, and a package's links must resolve inside the package.
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/bench/', '/scripts/', '/.ci/', '/Dockerfile', '/.dockerignore'] },
  bin: { vck: 'lib/src/cli/main.js' },
  // Only what rendering and `vck template` need: installing the library compiles nothing and pulls no database driver.
  deps: [
    'yaml@^2.8.0',
    'zod@^3.25.0',
    'commander@^14.0.0',
  ],
  peerDeps: [
    ...RUNTIME_PACKAGES,
    'cdk8s@^2.68.0',
    'constructs@^10.3.0',
    '@pulumi/pulumi@^3.142.0',
    '@pulumi/kubernetes@^4.18.0',
  ],
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    ...RUNTIME_PACKAGES,
    'cdk8s@^2.70.0',
    'constructs@^10.8.0',
    // The oldest and the newest cdk8s-plus the construct's selectPods is tested with (it imports neither).
    'cdk8s-plus-28@^2.5.6',
    'cdk8s-plus-33@^2.5.57',
    'cdk8s-cli@^2.200.0',
    '@pulumi/pulumi@~3.248.0',
    '@pulumi/kubernetes@^4.34.0',
    '@types/better-sqlite3@^7.6.0',
    '@types/pg@^8.11.0',
    '@types/node-forge@^1.3.11',
    'typedoc@^0.28.0',
    'typedoc-plugin-markdown@^4.6.0',
    'kubernetes-models@~4.5.0',
    'ts-node@^10.9.2',
    // Validates every rendered config Secret against the chart's values.schema.json (JSON Schema 2020-12) in the tests.
    'ajv@^8',
  ],
  tsconfig: {
    compilerOptions: {
      rootDir: '.',
      lib: ['es2022'],
      target: 'ES2022',
    },
    include: ['src/**/*.ts'],
  },
  // test/tsconfig.json type-checks everything that is not compiled: its paths are relative to test/.
  tsconfigDev: {
    include: ['../src/**/*.ts', '../examples/**/*.ts', '../bench/**/*.ts', '../.projenrc.ts'],
  },
  // One typed program (test/tsconfig.json) lints every TypeScript file; `npm test` only reports, `eslint:fix` fixes.
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'bench', 'examples'],
    tsconfigPath: './test/tsconfig.json',
    projectService: false,
    commandOptions: { fix: false },
  },
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      coveragePathIgnorePatterns: ['/node_modules/'],
      // The end-to-end suite needs binaries CI does not have: it runs by hand, with `npm run test:e2e`.
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/test/e2e/'],
      // Every config Secret a test renders is checked against the syncer's schema (test/support/syncer-schema-setup.ts).
      setupFilesAfterEnv: ['<rootDir>/test/support/syncer-schema-setup.ts'],
      // Integration tests start real servers; two workers match the CI machine's two cores.
      maxWorkers: 2,
      testTimeout: 120_000,
    },
  },
  tsJestOptions: {
    transformOptions: { isolatedModules: true },
  },
});

const optionalPeers = ['@pulumi/pulumi', '@pulumi/kubernetes', ...Object.keys(runtimePackages)];
project.package.addField('peerDependenciesMeta', Object.fromEntries(optionalPeers.map((name) => [name, { optional: true }])));
project.package.addField('main', 'lib/src/index.js');
project.package.addField('types', 'lib/src/index.d.ts');
project.package.addField('exports', {
  '.': { types: './lib/src/index.d.ts', default: './lib/src/index.js' },
  './cdk8s': { types: './lib/src/cdk8s/index.d.ts', default: './lib/src/cdk8s/index.js' },
  './pulumi': { types: './lib/src/pulumi/index.d.ts', default: './lib/src/pulumi/index.js' },
  './package.json': './package.json',
});
project.package.addField('typesVersions', {
  '*': { cdk8s: ['lib/src/cdk8s/index.d.ts'], pulumi: ['lib/src/pulumi/index.d.ts'] },
});
project.package.addField('engines', { node: '>=20.0.0' });

// API.md from the TSDoc of every public entry point.
const docgen = project.addTask('docgen', { description: 'Generate API.md from the TSDoc' });
docgen.exec('typedoc --plugin typedoc-plugin-markdown --entryPoints src/index.ts src/cdk8s/index.ts src/pulumi/index.ts '
  + '--tsconfig tsconfig.json --out docs/api --entryFileName API.md --readme none --disableSources --logLevel Error');
docgen.exec(String.raw`node scripts/api-md.js`);
project.postCompileTask.spawn(docgen);
// Type-check what tsc --build does not compile: tests, examples, benchmarks and this file.
project.postCompileTask.exec('tsc -p test/tsconfig.json');

// `npm run build` is compile, docs, type-check and lint: the tests run once, by `npm test`. projen's build also spawns
// the tests and locks the task, hence the override of its steps.
const buildSteps = [project.defaultTask!, project.preCompileTask, project.compileTask, project.postCompileTask, project.eslint!.eslintTask];
project.tryFindObjectFile('.projen/tasks.json')!.addOverride('tasks.build.steps', buildSteps.map((task) => ({ spawn: task.name })));
project.addTask('eslint:fix', { description: 'Lint and fix what eslint can', exec: 'projen eslint --fix' });
// A tarball always holds a freshly compiled lib/, even when packed from a fresh clone, and nothing compiled from a
// source file that no longer exists.
project.package.setScript('prepack', 'rm -rf lib && projen compile');

project.addTask('synth:example', {
  description: 'Synthesize the example cdk8s app (embedded SQLite default chart first)',
  cwd: 'examples/cdk8s-app',
  exec: 'CDK8S_CHECK_UPGRADE=false npx cdk8s synth',
});
project.addTask('bench', { description: 'Run every benchmark', exec: 'npm run bench:synth && npm run bench:storage && npm run bench:etcd' });
project.addTask('bench:synth', { exec: 'ts-node --transpile-only bench/synth.ts' });
// The storage benchmarks run the compiled `vck`, as the runtime image does (its start is timed): they compile first.
for (const [name, file] of [['bench:storage', 'storage'], ['bench:apiserver', 'apiserver']]) {
  const bench = project.addTask(name);
  bench.exec('tsc --build');
  bench.exec(`ts-node --transpile-only bench/${file}.ts`, { receiveArgs: true });
}
project.addTask('bench:etcd', { exec: 'ts-node --transpile-only bench/etcd.ts' });

// The pods of the end-to-end suite run the compiled `vck`, so it compiles first.
const e2e = project.addTask('test:e2e', { description: 'End-to-end suite with the real vCluster syncer (needs VCK_E2E_BIN, root)' });
e2e.exec('tsc --build');
e2e.exec('jest --testPathIgnorePatterns /node_modules/ /lib/ --runInBand --coverage=false --testTimeout 2400000 test/e2e');

// `npm test` is self-sufficient on a fresh machine: it first installs the servers the integration tests start.
project.testTask.prependExec('bash scripts/test-deps.sh');

project.synth();
