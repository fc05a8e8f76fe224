import { execFileSync } from 'child_process';
import { rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { etcdctl } from './helpers';
import { scratchDir } from '../support/processes';
import { startStorage } from '../support/storage-server';

/** A CA, a server certificate for 127.0.0.1 and a client certificate, as the syncer's PKI provides them. */
function makePki(dir: string): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=etcd-ca');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const name of ['server', 'client']) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', 'san.ext');
  }
}

test('serves TLS with the given certificates and requires a client certificate signed by the CA', async () => {
  const dir = scratchDir('tls');
  makePki(dir);
  const server = await startStorage({
    dir,
    args: [`--ca-file=${join(dir, 'ca.crt')}`, `--cert-file=${join(dir, 'server.crt')}`, `--key-file=${join(dir, 'server.key')}`],
    tls: { ca: join(dir, 'ca.crt'), cert: join(dir, 'client.crt'), key: join(dir, 'client.key') },
  });
  try {
    const tls = ['--cacert', join(dir, 'ca.crt'), '--cert', join(dir, 'client.crt'), '--key', join(dir, 'client.key')];
    expect(await etcdctl(`https://${server.endpoint}`, ...tls, 'put', '/tls', 'ok')).toBe('OK\n');
    expect(await etcdctl(`https://${server.endpoint}`, ...tls, 'get', '/tls', '--print-value-only')).toBe('ok\n');
    await expect(etcdctl(`https://${server.endpoint}`, '--cacert', join(dir, 'ca.crt'), '--dial-timeout=2s', 'get', '/tls')).rejects.toThrow();
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
