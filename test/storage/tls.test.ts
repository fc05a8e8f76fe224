import { rmSync } from 'fs';
import { join } from 'path';
import { etcdctl } from './helpers';
import { makePki } from '../support/pki';
import { scratchDir } from '../support/processes';
import { startStorage } from '../support/storage-server';
import { scaled } from '../support/time-scale';

test('serves TLS with the given certificates and requires a client certificate signed by the CA', async () => {
  const dir = scratchDir('tls');
  makePki(dir, ['server', 'client']);
  const server = await startStorage({
    dir,
    args: [`--trusted-ca-file=${join(dir, 'ca.crt')}`, `--server-cert-file=${join(dir, 'server.crt')}`, `--server-key-file=${join(dir, 'server.key')}`],
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
}, scaled(60_000));
