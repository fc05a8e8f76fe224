import { rmSync } from 'fs';
import { join } from 'path';
import { Etcd3 } from 'etcd3';
import { b, client, prefixEnd, uniquePrefix } from './helpers';
import { startMariadb } from '../support/mariadb-server';
import { startPostgres } from '../support/postgres-server';
import { scratchDir } from '../support/processes';
import { startStorage, type StorageProcess } from '../support/storage-server';
import { scaled } from '../support/time-scale';

/** A database two shims can share: its data source, and how to remove it. */
type Shared = () => Promise<{ url: string; stop(): Promise<void> }>;

const databases: [string, Shared][] = [
  ['sqlite', async () => {
    const dir = scratchDir('shared-sqlite');
    return { url: `sqlite://${join(dir, 'state.db')}`, stop: async () => rmSync(dir, { recursive: true, force: true }) };
  }],
  ['postgres', startPostgres],
  ['mariadb', startMariadb],
];

const value = (kv: { value: Buffer } | undefined) => kv?.value.toString();

/**
 * Each shim answers reads of the newest state from memory: what another shim committed must be there as soon as that
 * write was acknowledged, in gets, pages and counts, in compare-and-swaps, and in watches.
 */
describe.each(databases)('two vck storage processes on one %s database', (_name, start) => {
  test('each reads what the other acknowledged at once, and writes on top of it', async () => {
    const database = await start();
    const shims: StorageProcess[] = [];
    const clients: Etcd3[] = [];
    try {
      for (let i = 0; i < 2; i++) shims.push(await startStorage({ endpoint: database.url }));
      const [a, other] = shims.map((shim) => client(shim.endpoint));
      clients.push(a, other);
      const prefix = uniquePrefix('shared');
      const range = { key: b(prefix), range_end: prefixEnd(prefix) };
      const seen: string[] = [];
      // etcd3's own watch manager, with its default retries, as kube-apiserver's client keeps its watches open.
      const watcher = new Etcd3({ hosts: `http://${shims[1].endpoint}` });
      clients.push(watcher);
      const watch = await watcher.watch().prefix(prefix).create();
      watch.on('put', (kv) => seen.push(`${kv.key.toString()}=${kv.value.toString()}`));

      for (let i = 0; i < 10; i++) {
        const put = await a.kv.put({ key: b(`${prefix}${i}`), value: b(`v${i}`) });
        const got = await other.kv.range({ key: b(`${prefix}${i}`) });
        expect(value(got.kvs[0])).toBe(`v${i}`);
        expect(got.kvs[0].mod_revision).toBe(put.header.revision);
        const page = await other.kv.range({ ...range, limit: 1 });
        expect(page.count).toBe(String(i + 1));
        expect(Number(page.header.revision)).toBeGreaterThanOrEqual(Number(put.header.revision));
      }

      // A compare-and-swap on the other shim, against the revision the first one gave.
      const current = (await a.kv.range({ key: b(`${prefix}0`) })).kvs[0];
      const swapped = await other.kv.txn({
        compare: [{ key: b(`${prefix}0`), target: 'Mod', result: 'Equal', mod_revision: current.mod_revision }],
        success: [{ request_put: { key: b(`${prefix}0`), value: b('swapped') } }],
      });
      expect(swapped.succeeded).toBe(true);
      expect(value((await a.kv.range({ key: b(`${prefix}0`) })).kvs[0])).toBe('swapped');
      // The first shim's view of that key is now stale: its compare-and-swap on the old revision fails.
      const stale = await a.kv.txn({
        compare: [{ key: b(`${prefix}0`), target: 'Mod', result: 'Equal', mod_revision: current.mod_revision }],
        success: [{ request_put: { key: b(`${prefix}0`), value: b('lost') } }],
      });
      expect(stale.succeeded).toBe(false);

      await other.kv.deleteRange({ key: b(`${prefix}1`) });
      expect((await a.kv.range({ key: b(`${prefix}1`) })).kvs).toHaveLength(0);
      expect((await a.kv.range({ ...range, count_only: true })).count).toBe('9');
      // A key created again after its delete, through the first shim, starts a new life.
      await a.kv.put({ key: b(`${prefix}1`), value: b('again') });
      expect((await other.kv.range({ key: b(`${prefix}1`) })).kvs[0].version).toBe('1');

      const expected = [...Array.from({ length: 10 }, (_, i) => `${prefix}${i}=v${i}`), `${prefix}0=swapped`, `${prefix}1=again`];
      const deadline = Date.now() + scaled(10_000);
      while (seen.length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual(expected);
      await watch.cancel();
    } finally {
      clients.forEach((c) => c.close());
      for (const shim of shims) await shim.stop();
      await database.stop();
    }
  }, scaled(120_000));
});
