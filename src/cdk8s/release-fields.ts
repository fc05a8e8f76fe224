import { MAX_RELEASE_NAME_LENGTH } from '../config';

/**
 * What a construct id would be as a release name, for the error that refuses it: words split at case changes,
 * lowercased, anything else a `-` (`TenantA` → `tenant-a`, `tenant_b` → `tenant-b`). Undefined when nothing usable
 * is left.
 */
export function suggestReleaseName(id: string): string | undefined {
  const name = id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_RELEASE_NAME_LENGTH)
    .replace(/^-+|-+$/g, '');
  return name === '' ? undefined : name;
}

/**
 * Names the inputs the release name and namespace came from, for `validateRelease`'s error: the prop when the user
 * passed one, else the construct id or the chart's namespace, each with the fix. An id is the usual source of a bad
 * name (`TenantA`), and without this the error would speak of a `name` the user never wrote.
 */
export function releaseFields(
  id: string,
  given: { readonly name?: string; readonly namespace?: string },
): { name: string; namespace: string } {
  const suggestion = suggestReleaseName(id);
  const nameFix = suggestion === undefined ? 'pass name: ...' : `pass name: '${suggestion}' or use a lowercase id`;
  return {
    name: given.name !== undefined ? 'name' : `the construct id "${id}" (used as the release name; ${nameFix})`,
    namespace: given.namespace !== undefined ? 'namespace' : 'the chart\'s namespace (used as the namespace; pass namespace: ...)',
  };
}
