import { rmSync, readFileSync, writeFileSync } from 'fs';
import { createServer } from 'https';
import { join } from 'path';
import { statefulSetReplicas } from '../../src/runtime/etcd/kubernetes';
import { StatefulSetTopology } from '../../src/runtime/etcd/topology';
import { makePki } from '../support/pki';
import { scratchDir } from '../support/processes';

describe('vck etcd in a StatefulSet pod', () => {
  test('members are named after the pods and reached at their headless DNS names (which their certificates cover); etcd listens on every address', () => {
    const topology = new StatefulSetTopology('tenant-a-2', 'tenants', 'tenant-a', 'tenant-a-headless', { client: 2379, peer: 2380 }, async () => 3);
    expect(topology.ordinal).toBe(2);
    expect(topology.name(0)).toBe('tenant-a-0');
    expect(topology.clientUrl(1)).toBe('https://tenant-a-1.tenant-a-headless.tenants.svc:2379');
    expect(topology.peerUrl(2)).toBe('https://tenant-a-2.tenant-a-headless.tenants.svc:2380');
    expect(topology.listen).toEqual({ client: 'https://0.0.0.0:2379', peer: 'https://0.0.0.0:2380', local: 'https://127.0.0.1:2379' });
    expect(topology.ordinalOf('tenant-a-4')).toBe(4);
    expect(topology.ordinalOf('tenant-b-0')).toBeUndefined();
    // A member added but not started has no name yet: its peer URL tells the ordinal.
    expect(topology.ordinalOfPeerUrl('https://tenant-a-1.tenant-a-headless.tenants.svc:2380')).toBe(1);
    expect(topology.ordinalOfPeerUrl('https://tenant-a-1.tenant-a-headless.other.svc:2380')).toBeUndefined();
    expect(topology.ordinalOfPeerUrl('https://tenant-b-1.tenant-a-headless.tenants.svc:2380')).toBeUndefined();
    expect(new StatefulSetTopology('tenant-a-2', 'tenants', 'tenant-a', 'tenant-a-headless', { client: 2379, peer: 2380 }, async () => 3, '10.0.0.7')
      .certificateNames()).toEqual(['tenant-a-2.tenant-a-headless.tenants.svc', 'tenant-a-2.tenant-a-headless.tenants.svc.cluster.local',
      'tenant-a-2.tenant-a-headless', 'tenant-a-2.tenant-a-headless.tenants', 'localhost', '127.0.0.1', '10.0.0.7']);
    expect(() => new StatefulSetTopology('other-0', 'tenants', 'tenant-a', 'h', { client: 2379, peer: 2380 }, async () => 1))
      .toThrow(/pod other-0 is not a pod of the StatefulSet tenant-a: check POD_NAME and VCK_STATEFULSET/);
  });

  test('the desired replica count is read from the StatefulSet through the Kubernetes API, with the pod\'s token', async () => {
    const dir = scratchDir('kube-api');
    const pki = makePki(dir, ['apiserver']);
    writeFileSync(join(dir, 'token'), 'pod-token\n');
    let replicas = 3;
    const seen: string[] = [];
    const server = createServer({ cert: readFileSync(pki.cert('apiserver')), key: readFileSync(pki.key('apiserver')) }, (req, res) => {
      seen.push(`${req.headers.authorization} ${req.url}`);
      if (req.url !== '/apis/apps/v1/namespaces/tenants/statefulsets/tenant-a') {
        res.writeHead(403).end('{"reason":"Forbidden"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ spec: { replicas } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const api = { server: `https://127.0.0.1:${(server.address() as { port: number }).port}`, tokenFile: join(dir, 'token'), caFile: pki.ca };
      const desired = statefulSetReplicas(api, 'tenants', 'tenant-a');
      expect(await desired()).toBe(3);
      replicas = 1;
      expect(await desired()).toBe(1);
      expect(seen[0]).toBe('Bearer pod-token /apis/apps/v1/namespaces/tenants/statefulsets/tenant-a');
      await expect(statefulSetReplicas(api, 'tenants', 'other')()).rejects.toThrow(/403 .*must allow get on statefulsets/);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
