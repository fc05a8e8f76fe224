import { createPrivateKey, X509Certificate } from 'crypto';
import { readFileSync } from 'fs';

/**
 * kine's TLS flags for the connection to the database (`--ca-file`, `--cert-file`, `--key-file`, `--skip-verify`):
 * the CA that verifies the database server, and the client certificate presented to it. (The store's own listener
 * has other flags: `--server-cert-file`, `--server-key-file`, `--trusted-ca-file`.)
 */
export interface DatabaseTlsFiles {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  /** Do not verify the database server's certificate (MySQL; PostgreSQL follows the data source's `sslmode`). */
  readonly skipVerify?: boolean;
}

/** The contents of the database TLS files, read once at start as kine reads them. */
export interface DatabaseTls {
  /** CA certificates (PEM) that verify the database server; the system's roots when absent. */
  readonly ca?: Buffer;
  /** Client certificate (PEM), presented with `key`. */
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly skipVerify?: boolean;
}

/** What a TLS file must hold, checked as it is read so that a wrong file fails at start, naming where it was given. */
type Contents = 'certificate' | 'key';

/**
 * A TLS file's contents. `origin` says where the path was given (`--ca-file`, `sslrootcert in the data source`), so
 * a missing, unreadable or malformed file fails at start with an error naming it.
 */
export function readTlsFile(path: string, origin: string, contents: Contents): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(`${origin} ${path}: cannot read it (${e.code ?? e.message}); mount the file at that path (e.g. from a Secret) or fix the path`);
  }
  try {
    if (contents === 'certificate') new X509Certificate(data);
    else createPrivateKey(data);
  } catch (err) {
    throw new Error(`${origin} ${path}: not a PEM ${contents === 'certificate' ? 'certificate' : 'private key'} (${(err as Error).message})`);
  }
  return data;
}

/**
 * The database TLS the flags give, or undefined when they name no file: then, as in kine, the data source alone says
 * whether and how the connection is encrypted (and `--skip-verify` alone changes nothing).
 */
export function readDatabaseTls(files: DatabaseTlsFiles): DatabaseTls | undefined {
  if (!files.caFile && !files.certFile && !files.keyFile) return undefined;
  if (!files.certFile !== !files.keyFile) {
    throw new Error('--cert-file and --key-file go together: give both to present a client certificate to the database, or neither');
  }
  const cert = files.certFile ? readTlsFile(files.certFile, '--cert-file', 'certificate') : undefined;
  const key = files.keyFile ? readTlsFile(files.keyFile, '--key-file', 'key') : undefined;
  if (cert && key && !new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) {
    throw new Error(`--key-file ${files.keyFile} is not the key of --cert-file ${files.certFile}`);
  }
  return {
    ca: files.caFile ? readTlsFile(files.caFile, '--ca-file', 'certificate') : undefined,
    cert,
    key,
    skipVerify: files.skipVerify,
  };
}
