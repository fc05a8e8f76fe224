import { spawnSync } from 'child_process';
import { join } from 'path';

const root = join(__dirname, '..', '..');

/**
 * Runs a script in a fresh Node process in which every `@pulumi/*` module is missing, as in a cdk8s-only install
 * (the Pulumi packages are optional peer dependencies).
 */
function withoutPulumi(script: string) {
  const hook = `
    const Module = require('module');
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (request.startsWith('@pulumi/')) {
        const err = new Error("Cannot find module '" + request + "'");
        err.code = 'MODULE_NOT_FOUND';
        throw err;
      }
      return resolve.call(this, request, ...rest);
    };`;
  return spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), '-e', `${hook}\n${script}`], {
    cwd: root,
    encoding: 'utf-8',
    timeout: 60_000,
  });
}

test('the main entry point synthesizes a control plane with no Pulumi package present', () => {
  const result = withoutPulumi(`
    const { Testing } = require('cdk8s');
    const { ControlPlane } = require('./src');
    const chart = Testing.chart();
    new ControlPlane(chart, 'tenant-a');
    const kinds = Testing.synth(chart).map((o) => o.kind);
    const loaded = Object.keys(require.cache).filter((f) => f.includes('@pulumi'));
    console.log(JSON.stringify({ kinds, loaded }));
  `);
  expect(result.stderr).toBe('');
  const out = JSON.parse(result.stdout);
  expect(out.loaded).toEqual([]);
  expect(out.kinds).toContain('StatefulSet');
});

test('the ./pulumi entry point says which package is missing', () => {
  const result = withoutPulumi("require('./src/pulumi');");
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(/Cannot find module '@pulumi\/(kubernetes|pulumi)'/);
});
