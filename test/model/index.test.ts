import { renderValues, STORES } from './fixtures';
import { resolve } from '../../src/config';
import { render } from '../../src/model';
import { validateAgainstKubernetesSchema } from '../support/validate-k8s';

describe.each(Object.entries(STORES))('store %s', (_store, values) => {
  const objects = renderValues(values);

  test('every object is valid against the Kubernetes schema', () => {
    expect(() => validateAgainstKubernetesSchema(objects)).not.toThrow();
  });

  test('rendering is deterministic', () => {
    expect(renderValues(values)).toEqual(objects);
  });

  test('objects carry the chart labels and the release namespace', () => {
    for (const object of objects) {
      expect(object.metadata.namespace).toBe('tenants');
      // As in the chart, the CoreDNS ConfigMap is the one object without labels.
      if (object.metadata.name === 'vc-coredns-tenant-a') expect(object.metadata.labels).toBeUndefined();
      else expect(object.metadata.labels).toMatchObject({ release: 'tenant-a', chart: 'vcluster-0.21.6' });
    }
  });

  test('objects match the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

});

test('release names that cannot name every object are refused', () => {
  expect(() => render(resolve({}), { name: 'Tenant_A', namespace: 'x' })).toThrow(/must be a DNS label of at most 52 characters/);
});

test('a release name starting with a digit is refused: Service NAME could not exist, and the syncer looks for no other', () => {
  for (const name of ['1234', '1234-foo']) {
    expect(() => render(resolve({}), { name, namespace: 'x' }))
      .toThrow(`release name "${name}" must start with a letter: it names Service ${name}, and a Service name cannot start with a digit (e.g. use "vc-${name}")`);
  }
  expect(render(resolve({}), { name: 'vc-1234', namespace: 'x' }).find((o) => o.kind === 'Service')?.metadata.name).toBe('vc-1234');
});
