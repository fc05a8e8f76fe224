import { createHash } from 'crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';
import type { Etcd3 } from 'etcd3';
import { etcdClient } from '../etcd-client';
import { EtcdProcess } from './etcd-process';
import { installMigratedData, MIGRATED_MARKER } from './migrated-data';
import { bounds, KvReader, type KeyValue } from '../storage/kv';
import { SqlLog } from '../storage/sql/sql-log';
import { SqliteDriver } from '../storage/sql/sqlite';
import { waitFor } from '../wait';

/** etcd's default limit on operations in one txn. */
const TXN_OPS = 128;
const PARALLEL = 8;
const PAGE = 1000;
/** The key whose puts move the revision past the source's before the data is served; deleted after. */
const BUMP_KEY = '/vck/migration/revision';

export interface SqliteMigration {
  /** The kine SQLite database (`state.db`); renamed to `state.db.migrated` once etcd serves its data. */
  readonly source: string;
  /** The member's data directory (etcd's own data is its `data` subdirectory). */
  readonly dataDir: string;
  readonly etcdBinary: string;
  /**
   * The flags of the member's first start as a one-member cluster, with its data in `dataDir` and its clients on
   * `clientUrl` instead: the private etcd is the member itself, unreachable by clients until the data is complete.
   */
  readonly memberArgs: (dataDir: string, clientUrl: string) => string[];
  readonly log: (line: string) => void;
}

/**
 * Moves a kine SQLite store into this member's etcd, crash-safe and idempotent at every step: the latest value of
 * every live key (with its lease) is written into a private etcd in a scratch directory (no client can reach it),
 * the revision is moved past the source's highest so resourceVersions never go back, the copy is verified (count
 * and checksum against the source), and only then does the scratch directory become the member's data by one
 * rename. The source is renamed last; a crash before that finds the marker and just finishes.
 */
export async function migrateSqlite(m: SqliteMigration): Promise<void> {
  if (!existsSync(m.source)) return;
  const data = join(m.dataDir, 'data');
  if (existsSync(join(data, 'member'))) {
    if (!existsSync(join(data, MIGRATED_MARKER))) {
      throw new Error(`${data} already holds etcd data and ${m.source} holds a SQLite store: refusing to merge them; `
        + `move ${m.source} away to keep the etcd data, or empty ${data} to migrate the SQLite store`);
    }
    finish(m);
    return;
  }
  const work = join(m.dataDir, 'migrating');
  // What a crashed attempt left is discarded: the copy starts again from the source.
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const clientUrl = `http://127.0.0.1:${await freePort()}`;
  const etcd = new EtcdProcess(m.etcdBinary, m.memberArgs(join(work, 'data'), clientUrl), m.log);
  etcd.start();
  const client = etcdClient(clientUrl, 30_000);
  try {
    await waitHealthy(client);
    const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
    let step = performance.now();
    const copied = await copy(m, client);
    m.log(`migration: ${copied.count} keys copied in ${seconds(step)}`);
    step = performance.now();
    await bumpRevision(client, copied.maxRevision);
    m.log(`migration: revision moved past the source's ${copied.maxRevision} in ${seconds(step)}`);
    step = performance.now();
    const stored = await digestOf(client);
    if (stored.count !== copied.count || stored.digest !== copied.digest) {
      throw new Error(`migration check failed: the source has ${copied.count} keys, etcd ${stored.count}`
        + `${stored.count === copied.count ? ' with other contents' : ''}; the source is left as it was`);
    }
    m.log(`migration: ${copied.count} keys verified (count and digest) in ${seconds(step)}`);
  } finally {
    client.close();
    await etcd.stop();
  }
  installMigratedData(m.dataDir, `from ${m.source}`);
  finish(m);
}

function finish(m: SqliteMigration): void {
  renameSync(m.source, `${m.source}.migrated`);
  for (const suffix of ['-wal', '-shm']) rmSync(`${m.source}${suffix}`, { force: true });
  m.log(`migration: ${m.source} renamed to ${m.source}.migrated`);
}

/**
 * Digest of a set of keys and values, independent of their order (the apiserver's `compact_rev_key` sorts elsewhere
 * in the source, where it is stored under another name): the sum of every pair's SHA-256, modulo 2^256.
 */
class Digest {
  public count = 0;
  private sum = 0n;

  public add(key: Buffer, value: Buffer): void {
    this.count++;
    const hash = createHash('sha256').update(`${key.length}:`).update(key).update(value).digest('hex');
    this.sum = (this.sum + BigInt(`0x${hash}`)) % 2n ** 256n;
  }

  public get digest(): string {
    return this.sum.toString(16);
  }
}

async function copy(m: SqliteMigration, client: Etcd3): Promise<{ count: number; digest: string; maxRevision: number }> {
  const log = await SqlLog.open(new SqliteDriver(m.source));
  try {
    const reader = new KvReader(log);
    const digest = new Digest();
    const leases = new Map<number, string>();
    const revision = log.currentRevision();
    const all = bounds({ key: Buffer.from([0]), end: Buffer.from([0]) });
    const kvs: KeyValue[] = [];
    for (let start = all.start; ;) {
      const rows = await log.list(start, all.end, revision, PAGE);
      if (rows.length === 0) break;
      start = `${rows[rows.length - 1].name}\u0000`;
      for (const row of rows) {
        const kv = reader.toKeyValue(row);
        if (!kv) continue;
        digest.add(kv.key, kv.value);
        kvs.push(kv);
      }
      if (kvs.length >= TXN_OPS * PARALLEL * 4) {
        await write(client, kvs.splice(0), leases, log);
        m.log(`migration: ${digest.count} keys written`);
      }
    }
    await write(client, kvs, leases, log);
    return { count: digest.count, digest: digest.digest, maxRevision: revision };
  } finally {
    await log.close();
  }
}

/** Writes keys with their leases, granting each lease first. */
async function write(client: Etcd3, kvs: KeyValue[], leases: Map<number, string>, log: SqlLog): Promise<void> {
  for (const lease of new Set(kvs.map((kv) => kv.lease).filter((l) => l !== 0 && !leases.has(l)))) {
    // A lease we kept has its expiry; one kine wrote is the key's TTL in seconds.
    const record = await log.lease(lease);
    const ttl = record ? Math.max(1, Math.ceil((record.expiresAt - Date.now()) / 1000)) : lease;
    leases.set(lease, (await client.leaseClient.leaseGrant({ TTL: ttl, ID: 0 })).ID);
  }
  await bulkPut(client, kvs.map((kv) => ({ key: kv.key, value: kv.value, lease: kv.lease ? leases.get(kv.lease) : undefined })));
}

/** The fastest way to write many keys into etcd: txns of etcd's maximum size, several at once. */
export async function bulkPut(client: Etcd3, kvs: readonly { key: Buffer; value: Buffer; lease?: string }[]): Promise<void> {
  const batches: (typeof kvs)[] = [];
  for (let i = 0; i < kvs.length; i += TXN_OPS) batches.push(kvs.slice(i, i + TXN_OPS));
  for (let i = 0; i < batches.length; i += PARALLEL) {
    await Promise.all(batches.slice(i, i + PARALLEL).map((batch) => client.kv.txn({
      success: batch.map((kv) => ({ request_put: { key: kv.key, value: kv.value, lease: kv.lease ?? 0 } })),
    })));
  }
}

/** Moves etcd's revision past `target` (one revision per put), so no resourceVersion clients hold goes back. */
async function bumpRevision(client: Etcd3, target: number): Promise<void> {
  const key = Buffer.from(BUMP_KEY);
  let revision = Number((await client.kv.put({ key, value: Buffer.from('') })).header.revision);
  while (revision <= target) {
    const n = Math.min(2048, target - revision + 1);
    const done = await Promise.all(Array.from({ length: n }, () => client.kv.put({ key, value: Buffer.from('') })));
    revision = Math.max(...done.map((r) => Number(r.header.revision)));
  }
  await client.kv.deleteRange({ key });
}

async function digestOf(client: Etcd3): Promise<{ count: number; digest: string }> {
  const digest = new Digest();
  for (let start = Buffer.from([0]); ;) {
    const page = await client.kv.range({ key: start, range_end: Buffer.from([0]), limit: PAGE });
    for (const kv of page.kvs) digest.add(kv.key, kv.value);
    if (!page.more) break;
    start = Buffer.concat([page.kvs[page.kvs.length - 1].key, Buffer.from([0])]);
  }
  return { count: digest.count, digest: digest.digest };
}

async function waitHealthy(client: Etcd3): Promise<void> {
  let failure: Error | undefined;
  await waitFor(() => client.maintenance.status().then(() => true, (err: Error) => {
    failure = err;
    return false;
  }), { intervalMs: 200, timeoutMs: 60_000, what: () => `the private etcd of the migration to start: ${failure?.message}` });
}

/** A free loopback port for the private etcd's client URL. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}
