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

/** A data source as kine takes it: `mysql://user:pass@tcp(host:port)/db?params`, or with a plain `host:port`. */
export function parseMysqlDsn(dsn: string): { host: string; port: number; user?: string; password?: string; database: string } {
  const m = /^(?:mysql:\/\/)?(?:([^:@/]*)(?::([^@]*))?@)?(?:tcp\(([^)]*)\)|([^/]*))\/([^?]*)/.exec(dsn);
  if (!m || !m[5]) throw new Error('expected mysql://user:pass@tcp(host:3306)/database');
  const address = m[3] ?? m[4] ?? '';
  const colon = address.lastIndexOf(':');
  return {
    host: (colon < 0 ? address : address.slice(0, colon)) || '127.0.0.1',
    port: colon < 0 ? 3306 : Number(address.slice(colon + 1)),
    user: m[1] ? decodeURIComponent(m[1]) : undefined,
    password: m[2] !== undefined ? decodeURIComponent(m[2]) : undefined,
    database: decodeURIComponent(m[5]),
  };
}

/** The data source with any password hidden, for messages. */
export function redact(endpoint: string): string {
  return endpoint.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

const DATABASE_NAMES = { postgres: 'PostgreSQL', mysql: 'MySQL' } as const;
/** Errors that mean the database server was not reached at all (as opposed to refusing us once reached). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET']);

/** `host:port` of a server data source, as messages name it. */
export function serverAddress(source: DataSource & { kind: 'postgres' | 'mysql' }): string {
  if (source.kind === 'mysql') {
    const { host, port } = parseMysqlDsn(source.url);
    return `${host}:${port}`;
  }
  const url = new URL(source.url);
  return `${url.hostname || 'localhost'}:${url.port || 5432}`;
}

/**
 * Node's codes for a server certificate that the CA given does not verify (or that names another host), and mysql2's
 * for any failed TLS handshake (it replaces Node's code with its own).
 */
const UNTRUSTED = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'HANDSHAKE_SSL_ERROR']);

/**
 * A failure to open a server database, said so the operator knows what to check: which database, where, from which
 * flag, and why, without the data source's credentials.
 */
export function databaseError(source: DataSource, origin: string, err: unknown): Error {
  const e = err as NodeJS.ErrnoException;
  if (source.kind === 'sqlite') return new Error(`the SQLite database ${source.path} (from ${origin}): ${e.message}`);
  const where = `the ${DATABASE_NAMES[source.kind]} database at ${serverAddress(source)} (from ${origin})`;
  if (e.code && UNREACHABLE.has(e.code)) return new Error(`cannot reach ${where}: connect ${e.code}; check that the server runs and the address`);
  if (/timeout/i.test(e.message ?? '')) return new Error(`cannot reach ${where}: no answer (${e.message}); check that the server runs and the address`);
  if (e.code && UNTRUSTED.has(e.code)) {
    return new Error(`${where}: its TLS certificate is not trusted (${e.message}): give the CA that signed it with --ca-file, and an `
      + 'address its certificate names');
  }
  return new Error(`${where}: ${e.message}`);
}
