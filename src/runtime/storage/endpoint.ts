import { SQLITE_PATH } from '../../contract';

/** A parsed `--endpoint` data source, in the forms kine takes. */
export type DataSource =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres' | 'mysql'; readonly url: string };

/** Parses kine's data source forms: `sqlite://PATH[?params]` (or empty), `postgres://...`, `mysql://...`. */
export function parseDataSource(endpoint: string): DataSource {
  if (endpoint === '' || endpoint === 'sqlite://') return { kind: 'sqlite', path: SQLITE_PATH };
  const scheme = endpoint.slice(0, endpoint.indexOf('://') + 3);
  switch (scheme) {
    case 'sqlite://': {
      const path = endpoint.slice('sqlite://'.length).split('?')[0];
      return { kind: 'sqlite', path: path === '' ? SQLITE_PATH : path };
    }
    case 'postgres://':
    case 'postgresql://':
      return { kind: 'postgres', url: endpoint };
    case 'mysql://':
      return { kind: 'mysql', url: endpoint };
    default:
      throw new Error(`--endpoint ${redact(endpoint)}: unknown data source; use sqlite://PATH, postgres://user:pass@host:5432/db `
        + 'or mysql://user:pass@tcp(host:3306)/db');
  }
}

/** The data source with any password hidden, for messages. */
export function redact(endpoint: string): string {
  return endpoint.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
