import { rmSync } from 'fs';
import { join } from 'path';
import type { Etcd3 } from 'etcd3';
import { b, client, prefixEnd } from './helpers';
import { startMariadb } from '../support/mariadb-server';
import { startPostgres } from '../support/postgres-server';
import { scratchDir } from '../support/processes';
import type { SqlServer } from '../support/sql-server';
import { startStorage, type StorageProcess } from '../support/storage-server';
import { scaled } from '../support/time-scale';

/** How the etcd client reports gRPC's Unavailable. */
const UNAVAILABLE = /^14 UNAVAILABLE: /;

/** Writers putting numbered keys; what was acknowledged, and the gRPC codes of what failed. */
function startWriters(c: Etcd3, count: number) {
  const acked = new Map<string, string>();
  const failures: string[] = [];
  let running = true;
  const writers = Array.from({ length: count }, async (_, w) => {
    for (let i = 0; running; i++) {
      const key = `/outage/${w}/${String(i).padStart(6, '0')}`;
      try {
        await c.kv.put({ key: b(key), value: b(`v${i}`) });
        acked.set(key, `v${i}`);
      } catch (err) {
        failures.push((err as Error).message);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return {
    acked,
    failures,
    async stop() {
      running = false;
      await Promise.all(writers);
    },
  };
}

async function waitUntil(what: string | (() => string), check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + scaled(timeoutMs);
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every acknowledged write, read back through the store. */
async function lost(c: Etcd3, acked: Map<string, string>): Promise<string[]> {
  const all = await c.kv.range({ key: b('/outage/'), range_end: prefixEnd('/outage/') });
  const stored = new Map(all.kvs.map((kv) => [kv.key.toString(), kv.value.toString()]));
  return [...acked].filter(([k, v]) => stored.get(k) !== v).map(([k]) => k);
}

const databases: [string, () => Promise<SqlServer>][] = [['postgres', startPostgres], ['mariadb', startMariadb]];

describe.each(databases)('the %s database going away', (_name, startDatabase) => {
  let database: SqlServer;
  let storage: StorageProcess;
  let c: Etcd3;
  beforeAll(async () => {
    database = await startDatabase();
    storage = await startStorage({ endpoint: database.url, args: ['--query-timeout=2s'] });
    c = client(storage.endpoint);
  }, scaled(120_000));
  afterAll(async () => {
    c?.close();
    await storage?.stop();
    await database?.stop();
  });

  test.each([
    ['stopped and started again', (db: SqlServer) => db.kill(), (db: SqlServer) => db.start()],
    ['hanging (SIGSTOP) and answering again', async (db: SqlServer) => db.pause(), async (db: SqlServer) => db.resume()],
  ])('%s: writes fail with Unavailable, none is acknowledged falsely, and the store recovers', async (_what, away, back) => {
    const writers = startWriters(c, 4);
    try {
      await waitUntil('writes before the outage', () => writers.acked.size >= 50, 30_000);
      await away(database);
      const failedBefore = writers.failures.length;
      await waitUntil('writes failing', () => writers.failures.length >= failedBefore + 4, 30_000);
      const ackedDuringOutage = writers.acked.size;
      await new Promise((r) => setTimeout(r, 1000));
      // Nothing can be acknowledged while the database is away.
      expect(writers.acked.size).toBe(ackedDuringOutage);
      await back(database);
      await waitUntil(() => `writes succeeding again (last errors: ${writers.failures.slice(-3).join('; ')})`,
        () => writers.acked.size >= ackedDuringOutage + 50, 60_000);
    } finally {
      await writers.stop();
    }
    expect(writers.failures.filter((message) => !UNAVAILABLE.test(message))).toEqual([]);
    expect(await lost(c, writers.acked)).toEqual([]);
    const health = await fetch(`http://${storage.metrics}/readyz`);
    expect(health.status).toBe(200);
  }, scaled(180_000));
});

describe('the SQLite file going away', () => {
  test('writes fail with Unavailable and /readyz fails, instead of writing to a removed file', async () => {
    const dir = scratchDir('sqlite-gone');
    const storage = await startStorage({ dir });
    const c = client(storage.endpoint);
    try {
      await c.kv.put({ key: b('/gone/a'), value: b('1') });
      for (const f of ['state.db', 'state.db-wal', 'state.db-shm']) rmSync(join(dir, f), { force: true });
      await expect(c.kv.put({ key: b('/gone/b'), value: b('2') })).rejects.toThrow(/^14 UNAVAILABLE: .*was removed or replaced/);
      expect((await fetch(`http://${storage.metrics}/readyz`)).status).toBe(503);
    } finally {
      c.close();
      await storage.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, scaled(60_000));
});
