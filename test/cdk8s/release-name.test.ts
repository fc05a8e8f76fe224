import { Chart, Testing } from 'cdk8s';
import { ConfigError, ControlPlane } from '../../src';
import { suggestReleaseName } from '../../src/cdk8s/release-fields';

/** The problems a construct's validation reports, or a failure when it accepts the input. */
function problemsOf(build: () => void) {
  try {
    build();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

test('an id that is not a release name: the error says the id is the name and how to fix it', () => {
  const problems = problemsOf(() => new ControlPlane(Testing.chart(), 'TenantA'));
  expect(problems).toEqual([{
    path: 'the construct id "TenantA" (used as the release name; pass name: \'tenant-a\' or use a lowercase id)',
    message: expect.stringMatching(/^release name "TenantA" must be a DNS label of at most 52 characters/),
  }]);
});

test('name overrides the id, which may then be any construct id', () => {
  const chart = Testing.chart();
  const controlPlane = new ControlPlane(chart, 'TenantA', { name: 'tenant-a' });
  expect(controlPlane.name).toBe('tenant-a');
  expect(controlPlane.workload.name).toBe('tenant-a');
  expect(Testing.synth(chart).find((m: any) => m.kind === 'StatefulSet').metadata.name).toBe('tenant-a');
});

test('a bad name or namespace prop is reported as that prop', () => {
  const problems = problemsOf(() => new ControlPlane(Testing.chart(), 'tenant-a', { name: 'tenant_a', namespace: 'Tenants' }));
  expect(problems.map((p) => p.path)).toEqual(['name', 'namespace']);
});

test('a bad namespace from the chart is reported as the chart\'s', () => {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'Team_X' });
  const problems = problemsOf(() => new ControlPlane(chart, 'tenant-a'));
  expect(problems).toEqual([{
    path: 'the chart\'s namespace (used as the namespace; pass namespace: ...)',
    message: expect.stringMatching(/^namespace "Team_X" must be a DNS label/),
  }]);
});

test('an id with nothing usable as a name asks for a name', () => {
  const problems = problemsOf(() => new ControlPlane(Testing.chart(), '__'));
  expect(problems[0].path).toBe('the construct id "__" (used as the release name; pass name: ...)');
});

test.each([
  ['TenantA', 'tenant-a'],
  ['tenant_b', 'tenant-b'],
  ['Team 7 Cluster', 'team-7-cluster'],
  ['-edge-', 'edge'],
  ['A'.repeat(60), 'a'.repeat(52)],
  ['x'.repeat(51) + '_y', 'x'.repeat(51)],
])('the suggested name for id %j is %j', (id, name) => {
  expect(suggestReleaseName(id)).toBe(name);
});
