import { javascript, typescript } from 'projen';

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
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/bench/', '/scripts/', '/.ci/', '/docs/'] },
  bin: { vck: 'lib/src/cli/main.js' },
  deps: [
    '@grpc/grpc-js@^1.14.0',
    '@grpc/proto-loader@^0.8.0',
    'better-sqlite3@^12.6.0',
    'pg@^8.16.0',
    'mysql2@^3.14.0',
    'etcd3@^1.1.2',
    'yaml@^2.8.0',
    'zod@^3.25.0',
    'prom-client@^15.1.0',
    'commander@^14.0.0',
    'node-forge@^1.3.1',
  ],
  peerDeps: [
    'cdk8s@^2.68.0',
    'constructs@^10.3.0',
    '@pulumi/pulumi@^3.142.0',
    '@pulumi/kubernetes@^4.18.0',
  ],
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
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
    include: ['src/**/*.ts', 'imports/**/*.ts'],
  },
  tsconfigDev: {
    include: ['src/**/*.ts', 'imports/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
  },
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      coveragePathIgnorePatterns: ['/node_modules/', '/imports/'],
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

project.package.addField('peerDependenciesMeta', {
  '@pulumi/pulumi': { optional: true },
  '@pulumi/kubernetes': { optional: true },
});
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
// Type-check what tsc --build does not compile: tests, examples and benchmarks.
project.postCompileTask.exec('tsc -p test/tsconfig.json');

// Regenerate imports/k8s.ts from a local Kubernetes schema (the schema itself is never committed).
project.addTask('import:k8s', {
  description: 'Regenerate imports/k8s.ts offline (K8S_SCHEMA_DIR must hold v1.28.0/_definitions.json)',
  exec: 'CDK8S_CHECK_UPGRADE=false node -r ./scripts/offline-schema.js node_modules/cdk8s-cli/bin/cdk8s import k8s@1.28.0 -l typescript -o imports',
});

project.addTask('synth:example', {
  description: 'Synthesize the example cdk8s app (embedded SQLite default chart first)',
  cwd: 'examples/cdk8s-app',
  exec: 'CDK8S_CHECK_UPGRADE=false npx cdk8s synth',
});
project.addTask('bench', { description: 'Run every benchmark', exec: 'npm run bench:synth && npm run bench:storage && npm run bench:etcd' });
project.addTask('bench:synth', { exec: 'ts-node --transpile-only bench/synth.ts' });
project.addTask('bench:storage', { exec: 'ts-node --transpile-only bench/storage.ts' });
project.addTask('bench:etcd', { exec: 'ts-node --transpile-only bench/etcd.ts' });

// The pods of the end-to-end suite run the compiled `vck`, so it compiles first.
const e2e = project.addTask('test:e2e', { description: 'End-to-end suite with the real vCluster syncer (needs VCK_E2E_BIN, root)' });
e2e.exec('tsc --build');
e2e.exec('jest --testPathIgnorePatterns /node_modules/ /lib/ --runInBand --coverage=false --testTimeout 2400000 test/e2e');

// `npm test` is self-sufficient on a fresh machine: it first installs the servers the integration tests start.
project.testTask.prependExec('bash scripts/test-deps.sh');

project.synth();
