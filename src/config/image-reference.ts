import { ConfigError } from './errors';

/** An image as the chart's values write it. */
export interface ImageValues {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
}

/**
 * Splits an image reference (`ghcr.io/acme/runtime:0.2.0`, `localhost:5000/runtime:dev`) into the chart's
 * `{ registry, repository, tag }`. The first path component is the registry when it looks like a host (a dot, a
 * port or `localhost`), as container runtimes decide; a reference without a tag or with a digest is refused, since
 * the chart's image values carry a tag. `field` names the input in the error.
 */
export function parseImageReference(reference: string, field: string): ImageValues {
  const fail = (why: string) => new ConfigError([{ path: field, message: `"${reference}" ${why}, e.g. ghcr.io/acme/runtime:0.2.0` }]);
  if (reference.includes('@')) throw fail('is pinned by digest; give a tag instead');
  const slash = reference.indexOf('/');
  const first = slash < 0 ? '' : reference.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const rest = hasRegistry ? reference.slice(slash + 1) : reference;
  const colon = rest.lastIndexOf(':');
  if (colon <= 0 || colon === rest.length - 1) throw fail('needs a tag');
  return { registry: hasRegistry ? first : '', repository: rest.slice(0, colon), tag: rest.slice(colon + 1) };
}
