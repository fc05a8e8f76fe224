import { DEFAULT_RELEASE, MY_RELEASE, renderTemplate } from './template-cases';
import type { VClusterValues } from '../../src/config';
import type { Release } from '../../src/model';

/**
 * Chart cases (chart/tests/*_test.yaml at v0.21.6) selected by kind, over the same rendering and releases as
 * template-cases.ts.
 */
export { DEFAULT_RELEASE, MY_RELEASE };

type Values = VClusterValues | Record<string, unknown>;

/** The rendered objects of `kind` (what the chart's template of that kind renders), in render order. */
export function documentsOf(kind: string, values: Values = {}, release: Release = DEFAULT_RELEASE): any[] {
  return renderTemplate((o) => o.kind === kind, values as VClusterValues, release);
}

/** The first case of most templates: nothing of `kind` with the default values. */
export function testNoneByDefault(kind: string): void {
  test(`no ${kind} by default`, () => {
    expect(documentsOf(kind)).toHaveLength(0);
  });
}

/** The one document of `kind` rendered for `values` in {@link MY_RELEASE}, checked to be `name` in its namespace. */
export function onlyDocumentOf(kind: string, values: Values, name: string): any {
  const docs = documentsOf(kind, values, MY_RELEASE);
  expect(docs).toHaveLength(1);
  expect(docs[0].metadata.name).toBe(name);
  expect(docs[0].metadata.namespace).toBe(MY_RELEASE.namespace);
  return docs[0];
}

/**
 * The cases the LimitRange and ResourceQuota templates share (their rule is one): rendered when the other is on and
 * this one left to `auto`, not when this one is off, whatever the other.
 */
export function testQuotaPolicySwitches(kind: string, own: 'limitRange' | 'resourceQuota'): void {
  const other = own === 'limitRange' ? 'resourceQuota' : 'limitRange';
  const count = (policies: Record<string, unknown>) => documentsOf(kind, { policies }, MY_RELEASE).length;
  test(`rendered with the ${other} on and ${own} left to auto`, () => {
    expect(count({ [other]: { enabled: true } })).toBe(1);
  });
  test(`not rendered when ${own} is off, even with the ${other} on`, () => {
    expect(count({ [own]: { enabled: false }, [other]: { enabled: true } })).toBe(0);
  });
  test('not rendered when both are off', () => {
    expect(count({ [own]: { enabled: false }, [other]: { enabled: false } })).toBe(0);
  });
}
