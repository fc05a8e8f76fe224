import { rmSync } from 'fs';
import * as grpc from '@grpc/grpc-js';
import { b, client, serveTarget, prefixEnd, uniquePrefix } from './helpers';
import { TARGETS } from './targets';
import { scratchDir } from '../support/processes';
import { startStorage, type StorageProcess } from '../support/storage-server';
import { scaled } from '../support/time-scale';

describe('vck storage survives kill -9 without losing an acknowledged write', () => {
  test('concurrent writers, killed mid-run, every acknowledged write is there after restart', async () => {
    const dir = scratchDir('kill');
    let server: StorageProcess | undefined = await startStorage({ dir });
    const c = client(server.endpoint);
    const acked = new Map<string, string>();
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const key = `/kill/${w}/${i}`;
        try {
          await c.kv.put({ key: b(key), value: b(`v${i}`) });
          acked.set(key, `v${i}`);
        } catch {
          return;
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    while (acked.size < 300) await new Promise((r) => setTimeout(r, 10));
    await server.stop('SIGKILL');
    stop = true;
    await Promise.all(writers);
    c.close();
    try {
      server = await startStorage({ dir });
      const after = client(server.endpoint);
      const all = await after.kv.range({ key: b('/kill/'), range_end: prefixEnd('/kill/') });
      const stored = new Map(all.kvs.map((kv) => [kv.key.toString(), kv.value.toString()]));
      const lost = [...acked].filter(([k, v]) => stored.get(k) !== v);
      expect({ acked: acked.size, lost }).toEqual({ acked: acked.size, lost: [] });
      after.close();
    } finally {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, scaled(120_000));
});

describe.each(TARGETS.map((t) => [t.name, t] as const))('under load: %s', (_name, target) => {
  const server = serveTarget(target);

  test('32 clients x 50 compare-and-swap increments of one key end exactly at 1600', async () => {
    const key = b(`${uniquePrefix('cas')}counter`);
    await server.client.kv.put({ key, value: b('0') });
    const clients = Array.from({ length: 32 }, () => client(server.endpoint));
    await Promise.all(clients.map(async (cc) => {
      for (let done = 0; done < 50;) {
        const current = (await cc.kv.range({ key })).kvs[0];
        const next = String(Number(current.value.toString()) + 1);
        const res = await cc.kv.txn({
          compare: [{ key, target: 'Mod', result: 'Equal', mod_revision: current.mod_revision }],
          success: [{ request_put: { key, value: b(next) } }],
        });
        if (res.succeeded) done++;
      }
    }));
    clients.forEach((cc) => cc.close());
    expect((await server.client.kv.range({ key })).kvs[0].value.toString()).toBe('1600');
  }, scaled(240_000));

  test('5,000 keys listed in pages at a fixed revision while writes go on', async () => {
    const p = uniquePrefix('pages');
    for (let i = 0; i < 5000; i += 250) {
      await Promise.all(Array.from({ length: 250 }, (_, j) => server.client.kv.put({ key: b(`${p}${String(i + j).padStart(5, '0')}`), value: b('x'.repeat(100)) })));
    }
    let writing = true;
    const writes = (async () => {
      for (let i = 0; writing; i++) {
        await server.client.kv.put({ key: b(`${p}${String(i % 5000).padStart(5, '0')}`), value: b(`changed-${i}`) });
        if (i % 3 === 0) await server.client.kv.put({ key: b(`${p}new-${i}`), value: b('new') });
      }
    })();
    const first = await server.client.kv.range({ key: b(p), range_end: prefixEnd(p), limit: 500 });
    const revision = Number(first.header.revision);
    const keys = first.kvs.map((kv) => kv.key.toString());
    let more = first.more;
    let last = first.kvs[first.kvs.length - 1].key;
    while (more) {
      const page = await server.client.kv.range({ key: Buffer.concat([last, Buffer.from([0])]), range_end: prefixEnd(p), limit: 500, revision });
      keys.push(...page.kvs.map((kv) => kv.key.toString()));
      more = page.more;
      last = page.kvs[page.kvs.length - 1].key;
    }
    writing = false;
    await writes;
    const expectedAtRevision = Number((await server.client.kv.range({ key: b(p), range_end: prefixEnd(p), revision, count_only: true })).count);
    expect(keys).toHaveLength(expectedAtRevision);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => !k.includes('new-'))).toHaveLength(5000);
  }, scaled(120_000));

  test('oversized requests are refused with etcd\'s error, and the server goes on', async () => {
    const key = b(`${uniquePrefix('big')}k`);
    await expect(server.client.kv.put({ key, value: Buffer.alloc(1_700_000, 1) })).rejects.toThrow(/request is too large|larger than max/);
    await server.client.kv.put({ key, value: b('small') });
    expect((await server.client.kv.range({ key })).kvs[0].value.toString()).toBe('small');
  });

  test('malformed requests get an error, never a crash', async () => {
    const raw = new grpc.Client(server.endpoint, grpc.credentials.createInsecure());
    const garbage = await new Promise<grpc.ServiceError | null>((resolve) => {
      raw.makeUnaryRequest('/etcdserverpb.KV/Range', (x: Buffer) => x, (x: Buffer) => x, Buffer.from([0xff, 0xff, 0xff, 0x0f, 0x01]), (err) => resolve(err));
    });
    expect(garbage?.code).toBeDefined();
    expect(garbage?.code).not.toBe(grpc.status.OK);
    raw.close();
    await expect(server.client.kv.range({ key: b('') })).rejects.toThrow('etcdserver: key is not provided');
    expect((await server.client.maintenance.status()).version).toMatch(/^3\./);
  });
});
