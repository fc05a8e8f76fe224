import { execFileSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join } from 'path';

/** Files of a test PKI: a CA and certificates it signed, for 127.0.0.1 and localhost. */
export interface Pki {
  readonly ca: string;
  cert(name: string): string;
  key(name: string): string;
}

/**
 * A CA in `dir` and, per name, a certificate for 127.0.0.1 and localhost that serves and authenticates clients (as
 * the syncer's PKI and kubeadm's etcd certificates do).
 */
export function makePki(dir: string, names: readonly string[]): Pki {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=etcd-ca');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  for (const name of names) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', 'san.ext');
  }
  return { ca: join(dir, 'ca.crt'), cert: (name) => join(dir, `${name}.crt`), key: (name) => join(dir, `${name}.key`) };
}
