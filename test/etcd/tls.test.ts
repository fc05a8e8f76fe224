import { rmSync } from 'fs';
import { Etcd3 } from 'etcd3';
import { lostWrites, startWriter, useLocalCluster } from './local-cluster';
import { makePki } from '../support/pki';
import { scratchDir } from '../support/processes';

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
  }, 180_000);
});
