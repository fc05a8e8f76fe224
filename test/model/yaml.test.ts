import { parse } from 'yaml';
import { toYaml } from '../../src/model/yaml';

/** Strings a YAML 1.1 or 1.2 reader takes for another type when they are written plain. */
const LOOKALIKES = ['yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'False', '~', 'null', 'Null', '1_000', '0o17', '017', '0x1F', '0b101', '+12', '1e3',
  '1:20', '190:20:30.15', '685_230.15', '.inf', '-.Inf', '.NaN', '2001-12-14', '2001-12-14 21:59:43.10 -5', '<<', ''];

test.each(LOOKALIKES)('%j is written quoted, and YAML 1.1 and 1.2 readers both read it back as that string', (value) => {
  const text = toYaml({ value, [value || 'empty']: 'key' });
  for (const version of ['1.1', '1.2'] as const) {
    expect(parse(text, { version })).toEqual({ value, [value || 'empty']: 'key' });
  }
});

test('other strings stay plain, and numbers, bools and null stay what they are', () => {
  expect(toYaml({ name: 'tenant-a', image: 'registry.k8s.io/etcd:3.5.15-0', port: 2379, enabled: true, none: null }))
    .toBe('name: tenant-a\nimage: registry.k8s.io/etcd:3.5.15-0\nport: 2379\nenabled: true\nnone: null\n');
});

test('lists under a key are indented unless told otherwise, lines never folded', () => {
  const long = 'x'.repeat(200);
  expect(toYaml({ args: [long] })).toBe(`args:\n  - ${long}\n`);
  expect(toYaml({ args: ['a'] }, { indentSeq: false })).toBe('args:\n- a\n');
});
