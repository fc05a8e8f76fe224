import { dirname, join } from 'path';
import { valuesFiles } from './helpers';
import { ConfigError, readValuesFile } from '../../src/config';

const file = valuesFiles();

test('a vcluster.yaml is read into values', () => {
  expect(readValuesFile(file('a.yaml', 'controlPlane:\n  statefulSet:\n    highAvailability:\n      replicas: 3\n')))
    .toEqual({ controlPlane: { statefulSet: { highAvailability: { replicas: 3 } } } });
});

test('read as Helm reads it (YAML 1.1): a plain yes or off is a boolean, a quoted one stays a string', () => {
  const text = 'sync:\n  toHost:\n    ingresses:\n      enabled: yes\ncontrolPlane:\n  statefulSet:\n    annotations:\n      a: "off"\n    enableServiceLinks: off\n';
  expect(readValuesFile(file('yaml11.yaml', text))).toEqual({
    sync: { toHost: { ingresses: { enabled: true } } },
    controlPlane: { statefulSet: { annotations: { a: 'off' }, enableServiceLinks: false } },
  });
});

test('an empty file is empty values', () => {
  expect(readValuesFile(file('empty.yaml', ''))).toEqual({});
});

test.each([
  ['two.yaml', 'a: 1\n---\nb: 2\n', /two.yaml: holds 2 YAML documents; a values file holds one/],
  ['bad.yaml', 'a: [1\n', /bad.yaml: invalid YAML/],
  ['list.yaml', '- a\n- b\n', /list.yaml: must hold a map of values/],
])('%s is refused with the file as the path', (name, text, message) => {
  const path = file(name, text);
  expect(() => readValuesFile(path)).toThrow(ConfigError);
  expect(() => readValuesFile(path)).toThrow(message);
});

test('a missing file names the file', () => {
  const beside = join(dirname(file('present.yaml', '')), 'nope.yaml');
  expect(() => readValuesFile(beside)).toThrow(/nope.yaml: cannot read the values file/);
});
