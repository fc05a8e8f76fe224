import { vck } from '../support/vck';

const local = ['etcd', '--local', '--ordinal=0', '--client-urls=https://127.0.0.1:1', '--peer-urls=https://127.0.0.1:2', '--replicas-file=/nonexistent'];

describe('vck etcd refuses TLS flags that do not go together, saying what to change', () => {
  test.each([
    [['--ca-file=ca.crt', '--cert-file=m.crt'], 'TLS needs every certificate file: --key-file, --peer-cert-file, --peer-key-file missing'],
    [['--ca-file=ca.crt', '--ca-key-file=ca.key', '--cert-file=m.crt'], '--ca-key-file has the manager issue the member\'s certificate: drop --cert-file, or --ca-key-file'],
    [['--ca-key-file=ca.key'], '--ca-key-file needs --ca-file, the CA certificate it belongs to'],
    [['--generate-ca', '--san=etcd.example'], '--generate-ca, --san only apply when the manager issues the member\'s certificate: add --ca-key-file'],
  ])('%j', (flags, error) => {
    const { status, stderr } = vck(...local, ...flags);
    expect(status).toBe(1);
    expect(stderr).toContain(error);
  });
});
