/**
 * How the chart's templates test a value, so settings the chart tests for truth are read exactly as `helm template`
 * reads them.
 */

/** Go template truth (`if`, `and`, `or`): false, 0, "", null and empty lists and maps are false, anything else true. */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/**
 * The chart's test of a tri-state switch (`eq (toString VALUE) "true"`): only `true` itself, never `"auto"`, which
 * the syncer resolves on its own.
 */
export function isTrue(value: unknown): boolean {
  return String(value) === 'true';
}
