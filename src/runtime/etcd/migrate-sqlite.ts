import { existsSync, mkdirSync, renameSync, rmSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';
import type { Etcd3 } from 'etcd3';
import { etcdClient, hashKV } from '../etcd-client';
import { writeEtcdBackend } from './backend-file';
import { EtcdProcess } from './etcd-process';
import { readKineSqlite } from './kine-source';
import { installMigratedData, MIGRATED_MARKER } from './migrated-data';
import { restoreSnapshot, type RestoredMember } from './snapshot-restore';
import { waitFor } from '../wait';

export interface SqliteMigration {
  /** The kine SQLite database (`state.db`); renamed to `state.db.migrated` once etcd serves its data. */
  readonly source: string;
  /** The member's data directory (etcd's own data is its `data` subdirectory). */
  readonly dataDir: string;
  readonly etcdBinary: string;
  /** The etcdctl binary (or, beside it, etcdutl) that restores the backend file written from the source. */
  readonly etcdctl: string;
  /** The member the data is restored as: the first member of the cluster. */
  readonly member: Omit<RestoredMember, 'dataDir'>;
  /**
   * The flags of the member's first start as a one-member cluster, with its data in `dataDir` and its clients on
   * `clientUrl` instead: the private etcd is the member itself, unreachable by clients until the data is checked.
   */
  readonly memberArgs: (dataDir: string, clientUrl: string) => string[];
  readonly log: (line: string) => void;
}

/**
 * Moves a kine SQLite store into this member's etcd, crash-safe and idempotent at every step. The latest value of
 * every live key is written straight into an etcd backend file (see backend-file.ts) at the revision the source gave
 * it, with its create revision, version and lease, the source's revision recorded as compacted: every resourceVersion
 * a client holds stays valid, and etcd continues from the source's revision. No request per key or per revision:
 * the file is restored as this member with `snapshot restore` in a scratch directory, started there as a private
 * etcd (no client can reach it), checked (count and digest of every key, value, revisions, version and lease against
 * the source, and the revision), and only then made the member's data by one rename. The source is renamed last; a
 * crash before that finds the marker and just finishes. The live keys are held in memory while the file is written.
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
  const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
  let step = performance.now();
  const source = readKineSqlite(m.source);
  m.log(`migration: ${source.kvs.length} keys read at revision ${source.revision} in ${seconds(step)}`);
  step = performance.now();
  const file = join(work, 'backend.db');
  const written = writeEtcdBackend(file, source);
  m.log(`migration: ${source.kvs.length} keys written to etcd's backend file in ${seconds(step)}`);
  step = performance.now();
  await restoreSnapshot(m.etcdctl, file, { ...m.member, dataDir: join(work, 'data') });
  rmSync(file);
  m.log(`migration: backend file restored as ${m.member.name} in ${seconds(step)}`);
  step = performance.now();
  await verify(m, join(work, 'data'), { count: source.kvs.length, revision: source.revision, hashKV: written.hashKV });
  m.log(`migration: ${source.kvs.length} keys verified (count, revision ${source.revision} and etcd's hash of every key) in ${seconds(step)}`);
  installMigratedData(m.dataDir, `from ${m.source}`);
  finish(m);
}

function finish(m: SqliteMigration): void {
  renameSync(m.source, `${m.source}.migrated`);
  for (const suffix of ['-wal', '-shm']) rmSync(`${m.source}${suffix}`, { force: true });
  m.log(`migration: ${m.source} renamed to ${m.source}.migrated`);
}

/**
 * The private etcd is a cluster of one that no peer ever joins: it may elect itself at once (by default up to a second
 * passes, the election timeout's random part). These come after the member's flags, and the last of a flag counts.
 */
const ALONE = ['--heartbeat-interval=10', '--election-timeout=100'];

/**
 * Starts the restored data as a private etcd and checks that it serves exactly what was written, at the source's
 * revision: as many keys as the source has (counted from etcd's index), and etcd's own hash of its keyspace (every
 * key's revision and record: key, value, create and mod revision, version, lease) equal to the file's.
 */
async function verify(m: SqliteMigration, dataDir: string, expected: { count: number; revision: number; hashKV: number }): Promise<void> {
  const clientUrl = `http://127.0.0.1:${await freePort()}`;
  const etcd = new EtcdProcess(m.etcdBinary, [...m.memberArgs(dataDir, clientUrl), ...ALONE], m.log);
  etcd.start();
  const client = etcdClient(clientUrl, 30_000);
  try {
    await waitHealthy(client);
    const count = await client.kv.range({ key: Buffer.from([0]), range_end: Buffer.from([0]), count_only: true });
    // At the current revision: etcd refuses a hash at the compacted revision, which the current one is here.
    const hashed = await hashKV(client, 0);
    const served = { count: Number(count.count), revision: Number(count.header.revision), hash: Number(hashed.hash) };
    if (Number(hashed.header.revision) !== served.revision) throw new Error('etcd changed during the migration check: no client can reach it');
    if (served.count !== expected.count || served.revision !== expected.revision || served.hash !== expected.hashKV) {
      throw new Error(`migration check failed: the source has ${expected.count} keys at revision ${expected.revision}, `
        + `etcd ${served.count} at revision ${served.revision}`
        + `${served.count === expected.count && served.revision === expected.revision ? ` with other contents (hash ${served.hash}, expected ${expected.hashKV})` : ''}; `
        + 'the source is left as it was');
    }
  } finally {
    client.close();
    // Killed rather than stopped: a graceful stop takes etcd about a second, and nothing is lost either way (the
    // restore synced the data, etcd syncs its log before it applies an entry, and replays it on the next start).
    await etcd.stop('SIGKILL');
  }
}

async function waitHealthy(client: Etcd3): Promise<void> {
  let failure: Error | undefined;
  await waitFor(() => client.maintenance.status().then(() => true, (err: Error) => {
    failure = err;
    return false;
  }), { intervalMs: 20, timeoutMs: 60_000, what: () => `the private etcd of the migration to start: ${failure?.message}` });
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
