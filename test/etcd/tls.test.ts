import { X509Certificate } from 'crypto';
import { readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { Etcd3 } from 'etcd3';
import { lostWrites, startWriter, useLocalCluster, type LocalCluster } from './local-cluster';
import { makePki } from '../support/pki';
import { scratchDir } from '../support/processes';
import { scaled } from '../support/time-scale';

describe('the etcd manager with client and peer TLS', () => {
  const pkiDir = scratchDir('etcd-pki');
  const fixture = useLocalCluster(2, () => makePki(pkiDir, ['member']));
  afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

  test('members join and replicate over peer TLS; clients must present a certificate the CA signed', async () => {
    const cluster = fixture.cluster;
    cluster.setReplicas(2);
    cluster.start(0);
    await cluster.ready(0);
    cluster.start(1);
    await cluster.ready(1);
    await cluster.waitForMembers(['etcd-0', 'etcd-1']);

    const writer = startWriter(cluster.clientUrl(0), cluster.tls);
    await new Promise((r) => setTimeout(r, 1000));
    await writer.stop();
    expect(writer.acked.length).toBeGreaterThan(10);
    expect(await lostWrites(cluster.clientUrl(1), writer.acked, cluster.tls)).toEqual([]);

    const anonymous = new Etcd3({ hosts: cluster.clientUrl(0), credentials: { rootCertificate: cluster.tls!.ca } });
    try {
      await expect(anonymous.get('/load/0000000').string()).rejects.toThrow();
    } finally {
      anonymous.close();
    }
  }, scaled(180_000));
});

describe('the etcd manager issuing its members\' certificates', () => {
  const caDir = scratchDir('etcd-ca');
  const fixture = useLocalCluster(3, () => ({ ca: { certFile: join(caDir, 'ca.crt'), keyFile: join(caDir, 'ca.key') }, generateCa: true }));
  afterAll(() => rmSync(caDir, { recursive: true, force: true }));

  test('members started together agree on one generated CA, each with a certificate for its own names, and keep it on restart', async () => {
    const cluster = fixture.cluster;
    await cluster.startAll(3);
    const tls = cluster.tls!;
    const writer = startWriter(cluster.clientUrl(0), tls);
    await new Promise((r) => setTimeout(r, 1000));
    await cluster.stop(2);
    const before = serialOf(cluster, 2);
    cluster.start(2);
    await cluster.ready(2);
    await writer.stop();
    expect(serialOf(cluster, 2)).toBe(before);
    expect(writer.acked.length).toBeGreaterThan(10);
    expect(await lostWrites(cluster.clientUrl(2), writer.acked, tls)).toEqual([]);
    const names = new X509Certificate(readFileSync(join(cluster.dir, 'member-1', 'pki', 'etcd-1.crt'))).subjectAltName;
    expect(names).toBe('IP Address:127.0.0.1, DNS:localhost');
  }, scaled(180_000));
});

function serialOf(cluster: LocalCluster, ordinal: number): string {
  return new X509Certificate(readFileSync(join(cluster.dir, `member-${ordinal}`, 'pki', `etcd-${ordinal}.crt`))).serialNumber;
}
