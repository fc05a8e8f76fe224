import { isDeepStrictEqual } from 'util';
import { resolve, type VClusterValues } from '../../src/config';
import { render, type KubeObject, type Release } from '../../src/model';

/**
 * Rendering a case of the chart's own template tests (chart/tests/*_test.yaml of vCluster v0.21.6): the same values
 * in, the objects of one template out. A case that names no release gets the chart test's default release, in
 * lowercase: a release name here must be a DNS label.
 */
export const DEFAULT_RELEASE: Release = { name: 'release-name', namespace: 'namespace' };
export const MY_RELEASE: Release = { name: 'my-release', namespace: 'my-namespace' };

/** Which rendered objects come from a template of the chart: its kind and name for a release. */
export type Template = (object: KubeObject, release: Release) => boolean;

/** The objects the template renders for the values (`hasDocuments` counts them). */
export function renderTemplate(template: Template, values: VClusterValues, release: Release = DEFAULT_RELEASE): any[] {
  return render(resolve(values), release).filter((o) => template(o, release));
}

/** The one object the template renders for the values. */
export function renderOne(template: Template, values: VClusterValues, release: Release = DEFAULT_RELEASE): any {
  const objects = renderTemplate(template, values, release);
  expect(objects).toHaveLength(1);
  return objects[0];
}

/** How many items of a list equal the item (`contains` with a `count`), as plain JSON (whatever their prototype). */
export function occurrences(list: readonly unknown[], item: unknown): number {
  return list.filter((entry) => isDeepStrictEqual(JSON.parse(JSON.stringify(entry)), item)).length;
}

/** A rule as the chart's cases write one. */
export const rule = (apiGroups: string[], resources: string[], verbs: string[]) => ({ apiGroups, resources, verbs });

/** The two ServiceAccounts the chart renders: `controlPlane.advanced.<key>`, named `<prefix>NAME` unless named there. */
export interface AccountTemplate {
  readonly key: 'serviceAccount' | 'workloadServiceAccount';
  readonly prefix: string;
}

/** The cases both ServiceAccount templates have: none when disabled, `<prefix>NAME` by default, else the name set. */
export function serviceAccountCases({ key, prefix }: AccountTemplate): void {
  const account = (name?: string): Template => (o, release) => o.kind === 'ServiceAccount' && o.metadata.name === (name ?? `${prefix}${release.name}`);
  test('none when disabled', () => {
    expect(renderTemplate(account(), { controlPlane: { advanced: { [key]: { enabled: false } } } })).toHaveLength(0);
  });
  test(`${prefix}NAME in the release namespace by default`, () => {
    expect(renderOne(account(), {}, MY_RELEASE).metadata).toMatchObject({ name: `${prefix}my-release`, namespace: 'my-namespace' });
  });
  test(`the name set in controlPlane.advanced.${key}.name`, () => {
    expect(renderOne(account('test'), { controlPlane: { advanced: { [key]: { name: 'test' } } } }).metadata.name).toBe('test');
  });
}

/** Pull secrets for both accounts, as the chart's cases set them. */
export const PULL_SECRETS = {
  controlPlane: { advanced: { serviceAccount: { imagePullSecrets: [{ name: 'test1' }] }, workloadServiceAccount: { imagePullSecrets: [{ name: 'test2' }] } } },
};

/** Values with a deployed etcd: `etcd.deploy` enabled with the given settings, and more under `controlPlane`. */
export const deployedEtcd = (deploy: object, controlPlane: object = {}) => ({
  controlPlane: { backingStore: { etcd: { deploy: { enabled: true, ...deploy } } }, ...controlPlane },
});
