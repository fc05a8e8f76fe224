import { execFileSync } from 'child_process';
import { rmSync } from 'fs';
import { join } from 'path';
import { writeEtcdBackend } from '../../src/runtime/etcd/backend-file';
import { fnv64a } from '../../src/runtime/etcd/bolt-file';
import { Crc32c } from '../../src/runtime/etcd/crc32c';
import { restoreSnapshot } from '../../src/runtime/etcd/snapshot-restore';
import { etcdClient, hashKV } from '../../src/runtime/etcd-client';
import type { KeyValue } from '../../src/runtime/storage/kv';
import { rawEtcdClient } from '../support/etcd-grpc';
import { ETCD_RELEASES, etcdRelease } from '../support/etcd-releases';
import { startEtcd, type EtcdServer } from '../support/etcd-server';
import { scratchDir, waitFor } from '../support/processes';
import { scaled } from '../support/time-scale';

test('fnv64a is FNV-1a of 64 bits (the published test vectors)', () => {
  expect(fnv64a(Buffer.from(''))).toBe(0xcbf29ce484222325n);
  expect(fnv64a(Buffer.from('a'))).toBe(0xaf63dc4c8601ec8cn);
  expect(fnv64a(Buffer.from('foobar'))).toBe(0x85944171f73967e8n);
});

test('Crc32c is CRC-32C (Castagnoli), fed whole or in parts', () => {
  expect(new Crc32c().update(Buffer.from('123456789')).value).toBe(0xe3069283);
  expect(new Crc32c().update(Buffer.from('1234')).update(Buffer.from('56789')).value).toBe(0xe3069283);
  // RFC 3720's vectors: 32 bytes each, through the eight-bytes-at-a-time path.
  expect(new Crc32c().update(Buffer.alloc(32, 0)).value).toBe(0x8a9136aa);
  expect(new Crc32c().update(Buffer.alloc(32, 0xff)).value).toBe(0x62a8ab43);
  expect(new Crc32c().update(Buffer.from(Array.from({ length: 32 }, (_, i) => i))).value).toBe(0x46dd794e);
  expect(new Crc32c().update(Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i))).value).toBe(0x113fdb5c);
});

test('Crc32c over any split of the input equals its whole', () => {
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7919) % 251));
  const whole = new Crc32c().update(bytes).value;
  for (const cut of [1, 3, 7, 8, 9, 500, 999]) {
    expect(new Crc32c().update(bytes.subarray(0, cut)).update(bytes.subarray(cut)).value).toBe(whole);
  }
});

test('a key with a revision past the store\'s, or two keys at one revision, are refused', () => {
  const kv = (key: string, revision: number): KeyValue => ({ key: Buffer.from(key), value: Buffer.from('v'), create_revision: revision, mod_revision: revision, version: 1, lease: 0 });
  const path = join(scratchDir('backend-refused'), 'db');
  try {
    expect(() => writeEtcdBackend(path, { kvs: [kv('/a', 3)], leases: [], revision: 2 })).toThrow('key /a has revision 3, past the store\'s revision 2');
    expect(() => writeEtcdBackend(path, { kvs: [kv('/a', 2), kv('/b', 2)], leases: [], revision: 2 })).toThrow('keys /a and /b both have revision 2');
  } finally {
    rmSync(path, { force: true });
  }
});

describe.each(ETCD_RELEASES)('an etcd backend file written directly, read by the real etcd %s', (releaseName) => {
  // Enough keys (about 20 a leaf page) for two levels of branch pages above the leaves, a value spanning overflow
  // pages, gaps between revisions (superseded writes), and a store revision past its last live key (a delete came last).
  const KEYS = 5000;
  const kvs: KeyValue[] = Array.from({ length: KEYS }, (_, i) => ({
    key: Buffer.from(`/registry/pods/ns/p-${String(KEYS - i).padStart(5, '0')}`),
    value: Buffer.from(i === 17 ? 'x'.repeat(3 * 4096 + 100) : `{"pod":${i},"spec":"${'s'.repeat(120)}"}`),
    create_revision: 3 * i + 2,
    mod_revision: 3 * i + 2 + (i % 3),
    version: 1 + (i % 3),
    lease: i === 40 ? 7200 : 0,
  }));
  const revision = 3 * KEYS + 10;
  const dir = scratchDir('backend-file');
  const file = join(dir, 'backend.db');
  let etcd: EtcdServer;
  let written: { hashKV: number };

  beforeAll(async () => {
    written = writeEtcdBackend(file, { kvs, leases: [{ id: 7200, ttlSeconds: 3600 }], revision });
    const release = etcdRelease(releaseName);
    etcd = await startEtcd((member) => restoreSnapshot(release.etcdctl, file, { ...member, clusterToken: 'backend-file' }), release);
  }, scaled(90_000));

  afterAll(async () => {
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('snapshot status reads it (its integrity check passes) and finds the highest key revision', () => {
    const tool = etcdRelease(releaseName).snapshotTool;
    const status = JSON.parse(execFileSync(tool, ['snapshot', 'status', file, '-w', 'json'], { env: { ...process.env, ETCDCTL_API: '3' }, encoding: 'utf-8' }));
    expect(status.revision).toBe(Math.max(...kvs.map((kv) => kv.mod_revision)));
    expect(status.totalKey).toBeGreaterThanOrEqual(KEYS);
  });

  test('the restored etcd serves every key with its value, create and mod revision, version and lease, at the store\'s revision, with the hash the writer expected', async () => {
    const client = etcdClient(`http://${etcd.endpoint}`, 30_000);
    try {
      const hashed = await hashKV(client, 0);
      expect([Number(hashed.hash), Number(hashed.header.revision)]).toEqual([written.hashKV, revision]);
      const all = await client.kv.range({ key: Buffer.from('/registry/'), range_end: Buffer.from('/registry0') });
      expect(Number(all.header.revision)).toBe(revision);
      const served = new Map(all.kvs.map((kv) => [kv.key.toString(), kv]));
      expect(served.size).toBe(KEYS);
      for (const kv of kvs) {
        const got = served.get(kv.key.toString())!;
        expect([got.value.toString(), Number(got.create_revision), Number(got.mod_revision), Number(got.version), Number(got.lease)])
          .toEqual([kv.value.toString(), kv.create_revision, kv.mod_revision, kv.version, kv.lease]);
      }
      const ttl = await client.leaseClient.leaseTimeToLive({ ID: '7200', keys: true });
      expect(Number(ttl.TTL)).toBeGreaterThan(3000);
      expect(ttl.keys.map((k) => k.toString())).toEqual([kvs[40].key.toString()]);
      // The next write continues from the store's revision.
      expect(Number((await client.kv.put({ key: Buffer.from('/registry/after'), value: Buffer.from('1') })).header.revision)).toBe(revision + 1);
    } finally {
      client.close();
    }
  });

  test('reads and watches from before the store\'s revision behave as after a compaction at it', async () => {
    const client = etcdClient(`http://${etcd.endpoint}`, 30_000);
    try {
      await expect(client.kv.range({ key: kvs[0].key, revision: kvs[0].mod_revision })).rejects.toThrow('required revision has been compacted');
    } finally {
      client.close();
    }
    const raw = rawEtcdClient(etcd.endpoint);
    const stream = raw.watch();
    const received: { canceled?: boolean; compact_revision?: string }[] = [];
    stream.on('data', (res) => received.push(res));
    stream.on('error', () => undefined);
    try {
      stream.write({ create_request: { key: Buffer.from('/registry/'), range_end: Buffer.from('/registry0'), start_revision: 2 } });
      await waitFor(async () => received.some((r) => r.canceled), 10_000, () => JSON.stringify(received));
      expect(Number(received.find((r) => r.canceled)!.compact_revision)).toBe(revision);
    } finally {
      stream.end();
      raw.close();
    }
  });
});
