import { applySet, mergeValues } from '../../src/config';

test('later layers win, maps merge, lists replace', () => {
  expect(mergeValues({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, e: 2 }, undefined)).toEqual({ a: { b: 1, c: [3] }, d: 1, e: 2 });
});

test('--set paths, typed scalars, list indexes and several assignments', () => {
  const out = applySet({ controlPlane: { statefulSet: { highAvailability: { replicas: 1 } } } },
    'controlPlane.statefulSet.highAvailability.replicas=3,controlPlane.statefulSet.env[0].name=A,controlPlane.statefulSet.env[0].value=x,flag=true,nothing=null,ver=1.30');
  expect(out).toEqual({
    controlPlane: { statefulSet: { highAvailability: { replicas: 3 }, env: [{ name: 'A', value: 'x' }] } },
    flag: true,
    nothing: null,
    ver: 1.3,
  });
});

test('--set escapes commas and dots', () => {
  expect(applySet({}, 'a\\.b=1\\,2')).toEqual({ 'a.b': '1,2' });
});

test('--set refuses an assignment without =', () => {
  expect(() => applySet({}, 'controlPlane.x')).toThrow(/expected path=value/);
});

test('the input is not modified', () => {
  const input = { a: { b: 1 } };
  applySet(input, 'a.b=2');
  expect(input).toEqual({ a: { b: 1 } });
});
