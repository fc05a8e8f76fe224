/**
 * Jest setup (setupFilesAfterEnv, from .projenrc.ts): every config Secret a test file renders proves itself against the
 * syncer. Its `config.yaml` is validated against the chart's values.schema.json of vCluster v0.21.6 (generated from the
 * syncer's config types; the syncer parses as strictly), and what the syncer derives from it is compared with what the
 * rendered objects need (./syncer-settings.ts). A failure fails the test file, naming the test and the problems.
 * The references come from ./chart-reference.ts.
 */
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { chartReference } from './chart-reference';
import { deriveFromConfig, expectedFromObjects, syncSwitchMismatches, validationErrors } from './syncer-settings';
import type { ResolvedConfig } from '../../src/config';
import type * as ModelModule from '../../src/model';
import type * as ConfigSecretModule from '../../src/model/config-secret';
import type { KubeObject, Release } from '../../src/model/types';

interface Rendered {
  readonly config: ResolvedConfig;
  readonly release: Release;
  readonly configYaml: string;
  readonly test: string;
}

const mockRendered = new Map<string, Rendered>();

/** Records a rendered config Secret, once per distinct config.yaml and release. */
function mockRecord(config: ResolvedConfig, release: Release, secret: KubeObject): void {
  const configYaml = Buffer.from((secret.data as Record<string, string>)['config.yaml'], 'base64').toString();
  const key = `${release.namespace}/${release.name}\n${configYaml}`;
  if (!mockRendered.has(key)) mockRendered.set(key, { config, release, configYaml, test: expect.getState().currentTestName ?? '(a describe block)' });
}

// A module factory rather than a spy on the loaded module: test files that load the library again in
// jest.isolateModules (the Pulumi example) get a fresh module, which this factory wraps too.
jest.mock('../../src/model/config-secret', () => {
  const actual = jest.requireActual<typeof ConfigSecretModule>('../../src/model/config-secret');
  return {
    ...actual,
    configSecret: (...args: Parameters<typeof actual.configSecret>) => {
      const secret = actual.configSecret(...args);
      mockRecord(args[0], args[1], secret);
      return secret;
    },
  };
});

afterAll(() => {
  if (mockRendered.size === 0) return;
  const reference = chartReference();
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(reference.schema);
  // Rendering again gives the objects the config Secret was rendered with (rendering is pure).
  const { render } = jest.requireActual<typeof ModelModule>('../../src/model');
  const failures: string[] = [];
  for (const { config, release, configYaml, test } of mockRendered.values()) {
    const values = parse(configYaml);
    const problems = validate(values) ? [] : (validate.errors ?? []).map((e) => `schema: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    const derived = deriveFromConfig(values, release.name);
    // A headless isolated control plane renders no workload to compare with: its syncer runs elsewhere.
    const headless = values.experimental?.isolatedControlPlane?.headless === true;
    const expected: Partial<ReturnType<typeof expectedFromObjects>> = headless
      ? {} : expectedFromObjects(render(config, release), release, config.values);
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
      if (derived[key] !== expected[key]) problems.push(`syncer derives ${key} = ${JSON.stringify(derived[key])}, the objects need ${JSON.stringify(expected[key])}`);
    }
    problems.push(...validationErrors(values).map((e) => `pkg/config/validation.go refuses it: ${e}`));
    problems.push(...syncSwitchMismatches(values, config.values, reference.values).map((m) => `sync switch ${m}`));
    if (problems.length > 0) {
      failures.push(`config rendered in "${test}" for ${release.namespace}/${release.name}, user values ${JSON.stringify(config.values).slice(0, 400)}:\n`
        + problems.map((p) => `    - ${p}`).join('\n'));
    }
  }
  if (failures.length > 0) {
    throw new Error(`${failures.length} of the ${mockRendered.size} config Secrets rendered by ${expect.getState().testPath} would not work `
      + `with the vCluster v0.21.6 syncer:\n${failures.join('\n')}`);
  }
});
