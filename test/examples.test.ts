import { App, Testing } from 'cdk8s';
import { validateAgainstKubernetesSchema } from './support/validate-k8s';
import { buildApp } from '../examples/cdk8s-app/main';

const app = buildApp(Testing.app() as App);

describe.each(app.charts.map((chart) => [chart.node.id, chart] as const))('example chart %s', (_id, chart) => {
  const manifests = Testing.synth(chart);

  test('synthesizes the snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('every object is valid against the Kubernetes 1.28 schema', () => {
    expect(() => validateAgainstKubernetesSchema(manifests)).not.toThrow();
  });
});

test('the embedded SQLite default is the first chart (the README synthesizes it)', () => {
  expect(app.charts[0].node.id).toBe('embedded-sqlite');
});
