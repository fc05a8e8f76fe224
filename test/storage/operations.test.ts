import { closeSync, copyFileSync, openSync, rmSync, writeFileSync, writeSync } from 'fs';
import { createServer, type Server } from 'net';
import { join } from 'path';
import type { Etcd3 } from 'etcd3';
import { b, client, etcdctl } from './helpers';
import { startMariadb } from '../support/mariadb-server';
import { freePort } from '../support/ports';
import { startPostgres } from '../support/postgres-server';
import { scratchDir, waitFor } from '../support/processes';
import type { SqlServer } from '../support/sql-server';
import { startStorage, type StorageProcess } from '../support/storage-server';
import { scaled } from '../support/time-scale';
import { vck } from '../support/vck';

jest.setTimeout(scaled(180_000));

/** A history worth restoring: creates, updates, deletes, binary values, a lease with a key. Returns a revision in its middle. */
async function writeHistory(c: Etcd3): Promise<number> {
  for (let i = 0; i < 40; i++) await c.kv.put({ key: b(`/ops/k${String(i).padStart(2, '0')}`), value: b(`v${i}`) });
  const middle = Number((await c.kv.put({ key: b('/ops/binary'), value: Buffer.from([0, 1, 2, 255]) })).header.revision);
  for (let i = 0; i < 10; i++) await c.kv.put({ key: b(`/ops/k${String(i).padStart(2, '0')}`), value: b(`v${i}-updated`) });
  for (let i = 20; i < 25; i++) await c.kv.deleteRange({ key: b(`/ops/k${i}`) });
  const lease = await c.leaseClient.leaseGrant({ TTL: 3600, ID: 0 });
  await c.kv.put({ key: b('/ops/leased'), value: b('with a lease'), lease: lease.ID });
  return middle;
}

/** What a client sees of a store at a revision (the current one by default): every key with its revisions. */
async function contents(c: Etcd3, revision = 0) {
  const all = await c.kv.range({ key: b('\0'), range_end: b('\0'), revision });
  return {
    revision: revision === 0 ? all.header.revision : String(revision),
    kvs: all.kvs.map((kv) => ({
      key: kv.key.toString(),
      value: kv.value.toString('base64'),
      created: kv.create_revision,
      modified: kv.mod_revision,
      version: kv.version,
      lease: kv.lease,
    })),
  };
}

/** Serves `endpoint` for the duration of `use`. */
async function serving<T>(endpoint: string, use: (c: Etcd3, storage: StorageProcess) => Promise<T>, dir?: string): Promise<T> {
  const storage = await startStorage({ endpoint, dir });
  const c = client(storage.endpoint);
  try {
    return await use(c, storage);
  } finally {
    c.close();
    await storage.stop();
  }
}

/** Expects `restored` to be `original` exactly: every key, value and revision, the current revision, history, leases. */
async function expectSameStore(original: Awaited<ReturnType<typeof contents>>[], middle: number, restored: Etcd3): Promise<void> {
  const [now, then] = original;
  expect(await contents(restored)).toEqual(now);
  expect(await contents(restored, middle)).toEqual(then);
  const leased = now.kvs.find((kv) => kv.key === '/ops/leased')!;
  expect((await restored.leaseClient.leaseTimeToLive({ ID: leased.lease, keys: true })).keys.map(String)).toEqual(['/ops/leased']);
  // The restored store goes on from the same revision: the next write gets the next one.
  const next = await restored.kv.put({ key: b('/ops/after-restore'), value: b('x') });
  expect(Number(next.header.revision)).toBe(Number(now.revision) + 1);
}

/** The databases snapshots are taken from: a SQLite file in `dir`, or a server of its own. */
const SOURCES: [string, (dir: string) => Promise<{ url: string; server?: SqlServer }>][] = [
  ['SQLite', async (dir) => ({ url: `sqlite://${join(dir, 'source', 'state.db')}` })],
  ['PostgreSQL', async () => {
    const server = await startPostgres();
    return { url: server.url, server };
  }],
  ['MariaDB', async () => {
    const server = await startMariadb();
    return { url: server.url, server };
  }],
];

describe.each(SOURCES)('etcdctl snapshot save from vck storage on %s, and vck storage restore', (name, startDatabase) => {
  let database: Awaited<ReturnType<typeof startDatabase>>;
  let source: StorageProcess;
  let original: Awaited<ReturnType<typeof contents>>[];
  let middle: number;
  let snapshot: string;
  const dir = scratchDir('snapshots');

  beforeAll(async () => {
    database = await startDatabase(dir);
    source = await startStorage({ endpoint: database.url, dir, args: [`--snapshot-dir=${dir}`] });
    const c = client(source.endpoint);
    try {
      middle = await writeHistory(c);
      original = [await contents(c), await contents(c, middle)];
    } finally {
      c.close();
    }
    snapshot = join(dir, 'snapshot.db');
    expect(await etcdctl(source.endpoint, 'snapshot', 'save', snapshot)).toContain(`Snapshot saved at ${snapshot}`);
  }, scaled(180_000));

  afterAll(async () => {
    await source?.stop();
    await database?.server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('restored into a fresh SQLite file, the store serves every key, value and revision at the same revision', async () => {
    const target = join(scratchDir('restored'), 'state.db');
    const restore = vck('storage', 'restore', snapshot, `--endpoint=sqlite://${target}`);
    expect(restore.stderr).toContain(`the store is at revision ${original[0].revision}`);
    expect(restore.status).toBe(0);
    await serving(`sqlite://${target}`, (c) => expectSameStore(original, middle, c));
  });

  test('a non-empty target is refused unless --force replaces its contents', async () => {
    const target = join(scratchDir('restored'), 'state.db');
    expect(vck('storage', 'restore', snapshot, `--endpoint=sqlite://${target}`).status).toBe(0);
    const again = vck('storage', 'restore', snapshot, `--endpoint=sqlite://${target}`);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`the target ${target} is not empty`);
    expect(again.stderr).toContain('add --force to replace its contents');
    expect(vck('storage', 'restore', snapshot, `--endpoint=sqlite://${target}`, '--force').status).toBe(0);
    await serving(`sqlite://${target}`, (c) => expectSameStore(original, middle, c));
  });

  test('copied into place as the SQLite database file, the snapshot is served as it is', async () => {
    const target = scratchDir('copied');
    copyFileSync(snapshot, join(target, 'state.db'));
    await serving(`sqlite://${join(target, 'state.db')}`, (c) => expectSameStore(original, middle, c), target);
  });

  test('a damaged snapshot and a file that is no snapshot are refused', async () => {
    const target = join(scratchDir('restored'), 'state.db');
    const notSnapshot = join(dir, 'not-a-snapshot');
    writeFileSync(notSnapshot, 'hello');
    const refused = vck('storage', 'restore', notSnapshot, `--endpoint=sqlite://${target}`);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${notSnapshot} is not a snapshot taken from vck storage`);
    const damaged = join(dir, 'damaged.db');
    copyFileSync(snapshot, damaged);
    const fd = openSync(damaged, 'r+');
    writeSync(fd, Buffer.from('x'), 0, 1, 5000);
    closeSync(fd);
    const bad = vck('storage', 'restore', damaged, `--endpoint=sqlite://${target}`);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('the snapshot is damaged');
  });

  test(`restored with --force over the ${name} database it came from, the store is back at the snapshot and goes on from there`, async () => {
    // Writes made after the snapshot are what a restore takes back.
    const c = client(source.endpoint);
    try {
      for (let i = 0; i < 5; i++) await c.kv.put({ key: b(`/ops/later${i}`), value: b('gone after the restore') });
    } finally {
      c.close();
    }
    await source.stop();
    const restore = vck('storage', 'restore', snapshot, `--endpoint=${database.url}`, '--force');
    expect(restore.stderr).toContain(`the store is at revision ${original[0].revision}`);
    expect(restore.status).toBe(0);
    await serving(database.url, (restored) => expectSameStore(original, middle, restored), dir);
  });
});

describe.each([
  ['SQLite', async () => undefined as SqlServer | undefined],
  ['PostgreSQL', startPostgres],
  ['MariaDB', startMariadb],
])('etcdctl defrag against vck storage on %s', (_name, startDatabase) => {
  let database: SqlServer | undefined;
  let storage: StorageProcess;

  beforeAll(async () => {
    database = await startDatabase();
    storage = await startStorage({ endpoint: database?.url });
  }, scaled(120_000));

  afterAll(async () => {
    await storage?.stop();
    await database?.stop();
  });

  test('answers as etcd does, after the database rebuilt its storage, and the data is intact', async () => {
    const c = client(storage.endpoint);
    try {
      const big = Buffer.alloc(64 * 1024, 7);
      for (let i = 0; i < 40; i++) await c.kv.put({ key: b(`/defrag/${i}`), value: big });
      const kept = await c.kv.put({ key: b('/defrag/kept'), value: b('kept') });
      await c.kv.deleteRange({ key: b('/defrag/'), range_end: b('/defrag/k') });
      await etcdctl(storage.endpoint, 'compact', String(Number(kept.header.revision) + 1));
      const status = async () => JSON.parse(await etcdctl(storage.endpoint, 'endpoint', 'status', '-w', 'json'))[0].Status.dbSize as number;
      const before = await status();
      expect(await etcdctl(storage.endpoint, 'defrag')).toContain(`Finished defragmenting etcd member[${storage.endpoint}]`);
      if (_name === 'SQLite') expect(await status()).toBeLessThan(before);
      expect((await c.kv.range({ key: b('/defrag/kept') })).kvs[0].value.toString()).toBe('kept');
      expect(Number((await c.kv.put({ key: b('/defrag/after'), value: b('x') })).header.revision)).toBeGreaterThan(Number(kept.header.revision));
    } finally {
      c.close();
    }
  });
});

describe('health endpoints like etcd\'s, and metrics', () => {
  let database: SqlServer;
  let storage: StorageProcess;

  beforeAll(async () => {
    database = await startPostgres();
    storage = await startStorage({ endpoint: database.url });
  }, scaled(120_000));

  afterAll(async () => {
    await storage?.stop();
    await database?.stop();
  });

  const get = async (path: string) => {
    const res = await fetch(`http://${storage.metrics}${path}`);
    return { status: res.status, body: await res.text() };
  };

  test('/health answers etcd\'s JSON, and 503 with the reason while the database is unreachable; /livez stays up', async () => {
    expect(await get('/health')).toEqual({ status: 200, body: '{"health":"true","reason":""}' });
    expect(await get('/livez')).toEqual({ status: 200, body: 'ok\n' });
    expect(await get('/readyz')).toEqual({ status: 200, body: 'ok\n' });
    await database.kill();
    try {
      const down = await get('/health');
      expect(down.status).toBe(503);
      const body = JSON.parse(down.body) as { health: string; reason: string };
      expect(body.health).toBe('false');
      expect(body.reason).not.toBe('');
      expect((await get('/readyz')).status).toBe(503);
      expect(await get('/livez')).toEqual({ status: 200, body: 'ok\n' });
    } finally {
      await database.start();
    }
    await waitFor(async () => (await get('/health')).status === 200, 30_000, () => 'the store to be healthy again');
  });

  test('/metrics has Node\'s process and runtime metrics besides the store\'s', async () => {
    const { status, body } = await get('/metrics');
    expect(status).toBe(200);
    for (const metric of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes', 'vck_storage_revision', 'vck_storage_request_duration_seconds_bucket']) {
      expect(body).toContain(`\n${metric}`);
    }
  });
});

describe('errors that name what to check', () => {
  const sqlite = () => `--endpoint=sqlite://${join(scratchDir('errors'), 'state.db')}`;

  test.each([
    ['PostgreSQL', (port: number) => `postgres://admin:s3cret@127.0.0.1:${port}/vck`],
    ['MySQL', (port: number) => `mysql://admin:s3cret@tcp(127.0.0.1:${port})/vck`],
  ])('an unreachable %s database, without its credentials', async (name, url) => {
    const port = await freePort();
    const { status, stderr } = vck('storage', `--endpoint=${url(port)}`, '--listen-address=127.0.0.1:0', '--metrics-bind-address=0');
    expect(status).toBe(1);
    expect(stderr).toContain(`cannot reach the ${name} database at 127.0.0.1:${port} (from --endpoint): connect ECONNREFUSED; `
      + 'check that the server runs and the address');
    expect(stderr).not.toContain('s3cret');
  });

  describe('a port in use', () => {
    let taken: Server;
    let port: number;
    beforeEach(async () => {
      port = await freePort();
      taken = createServer();
      await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    });
    afterEach(() => new Promise<void>((resolve) => taken.close(() => resolve())));

    test.each([
      ['--listen-address', (p: number) => [`--listen-address=127.0.0.1:${p}`, '--metrics-bind-address=0']],
      ['--metrics-bind-address', (p: number) => ['--listen-address=127.0.0.1:0', `--metrics-bind-address=127.0.0.1:${p}`]],
    ])('%s', (flag, args) => {
      const { status, stderr } = vck('storage', sqlite(), ...args(port));
      expect(status).toBe(1);
      expect(stderr).toContain(`vck: ${flag} 127.0.0.1:${port}: address already in use\n`);
    });
  });

  test('a missing SQLite directory is created, and said so', async () => {
    const parent = scratchDir('missing');
    const missing = join(parent, 'not', 'yet');
    const storage = await startStorage({ endpoint: `sqlite://${join(missing, 'state.db')}`, dir: parent });
    try {
      expect(storage.process.output()).toContain(`vck storage: creating the directory ${missing} for the SQLite database\n`);
    } finally {
      await storage.stop();
    }
  });

  test.each([
    [['--compact-interval=5'], '--compact-interval 5: missing unit; use a Go duration such as 300ms, 5s, 1m30s or 1h'],
    [['--listen-address=127.0.0.1'], '--listen-address 127.0.0.1: expected host:port'],
    [['--metrics-bind-address=localhost:http'], '--metrics-bind-address localhost:http: expected host:port'],
    [['--snapshot-dir=/nonexistent/vck'], '--snapshot-dir /nonexistent/vck: no such directory'],
  ])('bad flags are refused before anything is opened: %j', (args, error) => {
    const { status, stderr } = vck('storage', sqlite(), ...args);
    expect(status).toBe(1);
    expect(stderr).toContain(error);
  });

  test('without --listen-address the store listens on loopback only', () => {
    expect(vck('storage', '--help').stdout).toMatch(/--listen-address <address>[^]*\(default: "127\.0\.0\.1:2379"\)/);
  });
});
