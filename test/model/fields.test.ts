import { nonEmpty, optional } from '../../src/model/fields';

test.each([
  ['x', undefined, {}],
  ['x', '', { x: '' }],
  ['x', 0, { x: 0 }],
  ['x', false, { x: false }],
])('optional(%j, %j) is %j', (key, value, expected) => {
  expect(optional(key, value)).toEqual(expected);
});

test.each([
  ['x', undefined, {}],
  ['x', null, {}],
  ['x', {}, {}],
  ['x', [], {}],
  ['x', { a: 1 }, { x: { a: 1 } }],
  ['x', [1], { x: [1] }],
])('nonEmpty(%j, %j) is %j', (key, value, expected) => {
  expect(nonEmpty(key, value)).toEqual(expected);
});
