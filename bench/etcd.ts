/**
 * `npm run bench:etcd`: how long the etcd manager takes to scale a cluster 1 -> 3 (until all three are voting
 * members) and 3 -> 1 (until the two extra members are removed), in local mode against the real etcd binary; and
 * the SQLite -> etcd migration rate of 100k keys against the bulk-put rate of the same etcd binary in the same run.
 * Each on etcd 3.4 and 3.5 (the runtime image's minor), as scripts/test-deps.sh provides them.
 */
import { rmSync } from 'fs';
import { join } from 'path';
import type { Etcd3 } from 'etcd3';
import { migrateSqlite } from '../src/runtime/etcd/migrate-sqlite';
import { etcdClient } from '../src/runtime/etcd-client';
import { LocalCluster } from '../test/etcd/local-cluster';
import { ETCD_RELEASES, etcdRelease, type EtcdRelease, type EtcdReleaseName } from '../test/support/etcd-releases';
import { startEtcd } from '../test/support/etcd-server';
import { KEYS, keyOf, valueOf, writeKineDatabase } from '../test/support/kine-database';
import { freePort } from '../test/support/ports';
import { scratchDir } from '../test/support/processes';

async function timed(what: string, fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  const seconds = (performance.now() - start) / 1000;
  console.log(`  ${what}: ${seconds.toFixed(2)} s`);
  return seconds;
}

async function main(): Promise<void> {
  for (const name of ETCD_RELEASES) await benchmark(name, etcdRelease(name));
}

async function benchmark(name: EtcdReleaseName, release: EtcdRelease): Promise<void> {
  const cluster = await LocalCluster.create(3, undefined, release);
  try {
    console.log(`etcd manager benchmark (local mode, real etcd ${name})`);
    cluster.setReplicas(1);
    await timed('bootstrap of a one-member cluster', async () => {
      cluster.start(0);
      await cluster.ready(0);
    });
    await timed('scale 1 -> 3 (all voting)', async () => {
      cluster.setReplicas(3);
      cluster.start(1);
      cluster.start(2);
      await cluster.waitForMembers(['etcd-0', 'etcd-1', 'etcd-2'], 120_000);
    });
    await timed('scale 3 -> 1 (extra members removed)', async () => {
      cluster.setReplicas(1);
      await cluster.waitForMembers(['etcd-0'], 120_000);
    });
  } finally {
    await cluster.stopAll();
  }
  await migrationRate(release);
}

/** Keys per second of the migration (read, backend file, restore, check, rename) and of a plain bulk put. */
async function migrationRate(release: EtcdRelease): Promise<void> {
  const dir = scratchDir('bench-migration');
  const etcd = await startEtcd(undefined, release);
  try {
    const source = join(dir, 'state.db');
    const { live } = writeKineDatabase(source);
    const peerUrl = `http://127.0.0.1:${await freePort()}`;
    const migration = await timed(`SQLite -> etcd migration of ${live} keys`, () => migrateSqlite({
      source,
      dataDir: join(dir, 'member'),
      etcdBinary: release.etcd,
      etcdctl: release.etcdctl,
      member: { name: 'bench', peerUrl, clusterToken: 'bench' },
      memberArgs: (dataDir, clientUrl) => ['--name=bench', `--data-dir=${dataDir}`, `--listen-client-urls=${clientUrl}`,
        `--advertise-client-urls=${clientUrl}`, `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=bench=${peerUrl}`, '--logger=zap', '--log-level=error'],
      log: (line) => {
        if (/ in \d/.test(line)) console.log(`    ${line}`);
      },
    }));
    const client = etcdClient(`http://${etcd.endpoint}`, 30_000);
    const kvs = Array.from({ length: KEYS }, (_, i) => ({ key: Buffer.from(keyOf(i)), value: Buffer.from(valueOf(i, 1)) }));
    const put = await timed(`bulk put of ${KEYS} keys into etcd`, () => bulkPut(client, kvs));
    client.close();
    const [migrated, bulk] = [live / migration, KEYS / put];
    console.log(`  migration ${migrated.toFixed(0)} keys/s, bulk put ${bulk.toFixed(0)} keys/s: ${(migrated / bulk).toFixed(2)}x (target 0.8x)`);
  } finally {
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** etcd's default limit on operations in one txn. */
const TXN_OPS = 128;
const PARALLEL = 8;

/** The fastest way to write many keys into etcd with requests: txns of etcd's maximum size, several at once. */
async function bulkPut(client: Etcd3, kvs: readonly { key: Buffer; value: Buffer }[]): Promise<void> {
  const batches: (typeof kvs)[] = [];
  for (let i = 0; i < kvs.length; i += TXN_OPS) batches.push(kvs.slice(i, i + TXN_OPS));
  for (let i = 0; i < batches.length; i += PARALLEL) {
    await Promise.all(batches.slice(i, i + PARALLEL).map((batch) => client.kv.txn({
      success: batch.map((kv) => ({ request_put: { key: kv.key, value: kv.value } })),
    })));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
