import { join } from 'path';
import * as ts from 'typescript';

/** The supported cdk8s-plus range: its oldest and newest releases, both dev dependencies. */
const SUPPORTED = ['cdk8s-plus-28', 'cdk8s-plus-33'];
const root = join(__dirname, '..', '..');
const snippet = join(__dirname, 'snippets', 'network-policy.ts');

/** The test project's compiler options, with `cdk8s-plus-33` (the snippet's import) resolved to `cdk8sPlus`. */
function compilerOptions(cdk8sPlus: string): ts.CompilerOptions {
  const file = join(root, 'test', 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(file, ts.sys.readFile).config, ts.sys, join(root, 'test'));
  return { ...config.options, noEmit: true, paths: { 'cdk8s-plus-33': [join(root, 'node_modules', cdk8sPlus)] } };
}

/** Type-checks `fileName` (its text from disk, or `text`) with `cdk8sPlus` in place of cdk8s-plus-33. */
function typeCheck(cdk8sPlus: string, fileName: string, text?: string) {
  const options = compilerOptions(cdk8sPlus);
  const host = ts.createCompilerHost(options);
  if (text !== undefined) {
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = (name, ...rest) =>
      (name === fileName ? ts.createSourceFile(name, text, ts.ScriptTarget.ES2022) : getSourceFile(name, ...rest));
    const fileExists = host.fileExists;
    host.fileExists = (name) => name === fileName || fileExists(name);
  }
  const program = ts.createProgram([fileName], options, host);
  return {
    errors: ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    cdk8sPlusLoaded: program.getSourceFiles().some((f) => f.fileName.includes(`/node_modules/${cdk8sPlus}/lib/`)),
  };
}

/** Loads the snippet with `cdk8sPlus` as its cdk8s-plus-33, in a module registry of its own. */
function loadSnippet(cdk8sPlus: string): typeof import('./snippets/network-policy') {
  let snippetModule: typeof import('./snippets/network-policy') | undefined;
  jest.isolateModules(() => {
    jest.doMock('cdk8s-plus-33', () => jest.requireActual(cdk8sPlus));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    snippetModule = require('./snippets/network-policy');
  });
  return snippetModule!;
}

describe.each(SUPPORTED)('with %s', (cdk8sPlus) => {
  test('selectPods gives a selection its NetworkPolicy takes as selector and peer', () => {
    const manifests = loadSnippet(cdk8sPlus).synthNetworkPolicy();
    const policy = manifests.find((m) => m.kind === 'NetworkPolicy');
    const selection = { matchLabels: { app: 'vcluster', release: 'tenant-a' } };
    expect(policy.spec.podSelector).toEqual(selection);
    expect(policy.spec.ingress[0].from).toEqual([{
      podSelector: selection,
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tenants' } },
    }]);
  });

  test('the snippet type-checks', () => {
    const result = typeCheck(cdk8sPlus, snippet);
    expect(result.cdk8sPlusLoaded).toBe(true);
    expect(result.errors).toEqual([]);
  });
});

test('the type check catches a selection of one cdk8s-plus given to another\'s NetworkPolicy', () => {
  const mixed = join(__dirname, 'snippets', 'mixed-versions.ts');
  const result = typeCheck('cdk8s-plus-33', mixed, [
    "import { Testing } from 'cdk8s';",
    "import * as kplus28 from 'cdk8s-plus-28';",
    "import * as kplus33 from 'cdk8s-plus-33';",
    "import { ControlPlane } from '../../../src';",
    'const chart = Testing.chart();',
    "const pods = new ControlPlane(chart, 'tenant-a').selectPods(chart, 'pods', kplus28);",
    "new kplus33.NetworkPolicy(chart, 'policy', { selector: pods });",
  ].join('\n'));
  expect(result.errors).toEqual([expect.stringMatching(/is not assignable/)]);
});

test('the construct loads and synthesizes with no cdk8s-plus installed', () => {
  jest.isolateModules(() => {
    for (const cdk8sPlus of SUPPORTED) {
      jest.doMock(cdk8sPlus, () => {
        throw new Error(`Cannot find module '${cdk8sPlus}'`);
      });
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Testing } = require('cdk8s');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ControlPlane } = require('../../src');
    const chart = Testing.chart();
    new ControlPlane(chart, 'tenant-a');
    expect(Testing.synth(chart).map((m: any) => m.kind)).toContain('StatefulSet');
  });
});
