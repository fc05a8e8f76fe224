/**
 * `npm run bench:etcd`: how long the etcd manager takes to scale a cluster 1 -> 3 (until all three are voting
 * members) and 3 -> 1 (until the two extra members are removed), in local mode against the real etcd binary.
 */
import { LocalCluster } from '../test/etcd/local-cluster';

async function timed(what: string, fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  const seconds = (performance.now() - start) / 1000;
  console.log(`  ${what}: ${seconds.toFixed(2)} s`);
  return seconds;
}

async function main(): Promise<void> {
  const cluster = await LocalCluster.create(3);
  try {
    console.log('etcd manager benchmark (local mode, real etcd)');
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
    console.log('  SQLite -> etcd migration rate: not measured (the migration is not implemented yet)');
  } finally {
    await cluster.stopAll();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
