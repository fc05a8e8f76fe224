import { execFileSync } from 'child_process';
import { createPrivateKey, X509Certificate } from 'crypto';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { CertificateAuthority, MemberCertificate, type CertificateFiles } from '../../src/runtime/pki';
import { makePki } from '../support/pki';
import { scratchDir } from '../support/processes';

const quiet = () => undefined;
const identity = { commonName: 'etcd-0', names: ['etcd-0.etcd-headless.tenants.svc', 'localhost', '127.0.0.1'] };

describe('the etcd manager\'s certificates', () => {
  let dir: string;
  beforeEach(() => {
    dir = scratchDir('pki');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a member certificate issued from a CA openssl made (as kubeadm and the syncer make theirs) verifies with openssl', async () => {
    const pki = makePki(dir, []);
    const ca = await CertificateAuthority.load({ certFile: pki.ca, keyFile: join(dir, 'ca.key') }, { generate: false, log: quiet });
    const issued = ca.ensure(join(dir, 'member'), 'etcd-0', identity, quiet);
    expect(execFileSync('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', pki.ca, issued.certFile]).toString()).toContain('OK');
    expect(execFileSync('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', pki.ca, issued.certFile]).toString()).toContain('OK');
    const cert = new X509Certificate(readFileSync(issued.certFile));
    expect(cert.subjectAltName).toBe('DNS:etcd-0.etcd-headless.tenants.svc, DNS:localhost, IP Address:127.0.0.1');
    expect(cert.subject).toBe('CN=etcd-0');
  });

  test('a certificate is kept while it is valid, and issued anew when a name is missing, the CA changed or the key does not match', async () => {
    const ca = await CertificateAuthority.load(caFiles(dir, 'ca'), { generate: true, log: quiet });
    const member = join(dir, 'member');
    const serial = () => new X509Certificate(readFileSync(join(member, 'etcd-0.crt'))).serialNumber;
    const logged: string[] = [];
    ca.ensure(member, 'etcd-0', identity, (l) => logged.push(l));
    const first = serial();
    ca.ensure(member, 'etcd-0', identity, (l) => logged.push(l));
    expect(serial()).toBe(first);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('none yet');

    ca.ensure(member, 'etcd-0', { ...identity, names: [...identity.names, '10.0.0.7'] }, (l) => logged.push(l));
    expect(serial()).not.toBe(first);
    expect(logged[1]).toContain('did not cover 10.0.0.7');

    const other = await CertificateAuthority.load(caFiles(dir, 'other'), { generate: true, log: quiet });
    other.ensure(member, 'etcd-0', identity, (l) => logged.push(l));
    expect(logged[2]).toContain('issued by another CA');

    writeFileSync(join(member, 'etcd-0.key'), readFileSync(caFiles(dir, 'other').keyFile));
    other.ensure(member, 'etcd-0', identity, (l) => logged.push(l));
    expect(logged[3]).toContain('its key does not match');
    const cert = new X509Certificate(readFileSync(join(member, 'etcd-0.crt')));
    expect(cert.checkPrivateKey(createPrivateKey(readFileSync(join(member, 'etcd-0.key'))))).toBe(true);
  });

  test('members that start together agree on one generated CA', async () => {
    const files = caFiles(dir, 'shared');
    const cas = await Promise.all(Array.from({ length: 5 }, () => CertificateAuthority.load(files, { generate: true, log: quiet })));
    const issuers = cas.map((ca, i) => new X509Certificate(readFileSync(ca.ensure(join(dir, `m${i}`), 'm', identity, quiet).certFile)).issuer);
    expect(new Set(issuers).size).toBe(1);
    const ca = new X509Certificate(readFileSync(files.certFile));
    expect(ca.ca).toBe(true);
    for (let i = 0; i < 5; i++) expect(new X509Certificate(readFileSync(join(dir, `m${i}`, 'm.crt'))).verify(ca.publicKey)).toBe(true);
  });

  test('a member certificate is issued anew from the CA that replaced the one it came from (the syncer replicas\' CA race), and only then', async () => {
    const files = caFiles(dir, 'live');
    await CertificateAuthority.load(files, { generate: true, log: quiet });
    const member = await MemberCertificate.issue(files, { generate: false, log: quiet }, join(dir, 'member'), 'etcd-0', identity);
    const issuedBy = () => new X509Certificate(readFileSync(member.files.certFile));
    const first = issuedBy().serialNumber;
    expect(await member.renewIfCaReplaced()).toBe(false);
    expect(issuedBy().serialNumber).toBe(first);

    // Another replica stored its CA first: this one's files are overwritten with it.
    const winner = caFiles(dir, 'winner');
    await CertificateAuthority.load(winner, { generate: true, log: quiet });
    copyFileSync(winner.keyFile, files.keyFile);
    copyFileSync(winner.certFile, files.certFile);
    expect(await member.renewIfCaReplaced()).toBe(true);
    expect(issuedBy().verify(new X509Certificate(readFileSync(winner.certFile)).publicKey)).toBe(true);
    expect(execFileSync('openssl', ['verify', '-CAfile', winner.certFile, member.files.certFile]).toString()).toContain('OK');
    expect(await member.renewIfCaReplaced()).toBe(false);
  });

  test('without --generate-ca an absent CA is waited for, and the error says how to go on', async () => {
    const files = caFiles(dir, 'absent');
    await expect(CertificateAuthority.load(files, { generate: false, log: quiet, waitMs: 300 })).rejects.toThrow(/did not appear; give them, or --generate-ca/);
    expect(existsSync(files.keyFile)).toBe(false);
  });

  test('a CA without its key, or a key that is not the CA\'s, is refused by name, and never replaced', async () => {
    const a = caFiles(dir, 'a');
    const b = caFiles(dir, 'b');
    await CertificateAuthority.load(a, { generate: true, log: quiet });
    await CertificateAuthority.load(b, { generate: true, log: quiet });
    const lone = { certFile: a.certFile, keyFile: join(dir, 'missing.key') };
    const before = readFileSync(a.certFile, 'utf-8');
    await expect(CertificateAuthority.load(lone, { generate: true, log: quiet })).rejects.toThrow(`the CA ${a.certFile} exists without its key`);
    expect(readFileSync(a.certFile, 'utf-8')).toBe(before);
    await expect(CertificateAuthority.load({ certFile: a.certFile, keyFile: b.keyFile }, { generate: false, log: quiet }))
      .rejects.toThrow(`${b.keyFile} is not the key of ${a.certFile}`);
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', join(dir, 'ec.key')]);
    execFileSync('openssl', ['req', '-x509', '-key', join(dir, 'ec.key'), '-out', join(dir, 'ec.crt'), '-days', '1', '-subj', '/CN=ec-ca']);
    await expect(CertificateAuthority.load({ certFile: join(dir, 'ec.crt'), keyFile: join(dir, 'ec.key') }, { generate: false, log: quiet }))
      .rejects.toThrow(/not an RSA private key/);
  });
});

function caFiles(dir: string, name: string): CertificateFiles {
  return { certFile: join(dir, name, 'ca.crt'), keyFile: join(dir, name, 'ca.key') };
}
