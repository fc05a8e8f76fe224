import { rmSync } from 'fs';
import * as grpc from '@grpc/grpc-js';
import { b, client, prefixEnd } from './helpers';
import { rawEtcdClient } from '../support/etcd-grpc';
import { startEtcd } from '../support/etcd-server';
import { scratchDir, type Started } from '../support/processes';
import { startStorage, type StorageProcess } from '../support/storage-server';
import { scaled } from '../support/time-scale';

/** Sends SIGTERM and resolves once the process ended, however long that takes (the test's timeout bounds it). */
function terminate(started: Started): Promise<void> {
  const exited = new Promise<void>((resolve) => started.process.once('exit', () => resolve()));
  started.process.kill('SIGTERM');
  return exited;
}

const servers: [string, () => Promise<{ endpoint: string; process: Started; stop(): Promise<void> }>][] = [
  ['etcd', startEtcd],
  ['vck storage (sqlite)', () => startStorage()],
];

describe.each(servers)('%s stopped under an open watch', (_name, start) => {
  test('SIGTERM ends the watch with Unavailable (on which etcd clients resume their watches elsewhere) and the process exits', async () => {
    const server = await start();
    const raw = rawEtcdClient(server.endpoint);
    try {
      const watch = raw.watch();
      const ended = new Promise<number>((resolve) => watch.on('error', (err: grpc.ServiceError) => resolve(err.code)));
      const created = new Promise((resolve) => watch.once('data', resolve));
      watch.write({ create_request: { key: b('/registry/'), range_end: prefixEnd('/registry/') } });
      await created;
      // Waiting for the watch to end by itself would never exit: the store must end it.
      await terminate(server.process);
      expect(await ended).toBe(grpc.status.UNAVAILABLE);
    } finally {
      raw.close();
      await server.stop();
    }
  }, scaled(60_000));
});

describe('vck storage restarted on its data', () => {
  test('serves the same revision and keys, and a watch resumed from the next revision gets the next write and nothing before', async () => {
    const dir = scratchDir('restart');
    let server: StorageProcess | undefined = await startStorage({ dir });
    try {
      const prefix = '/registry/configmaps/restart/';
      const before = client(server.endpoint);
      for (let i = 0; i < 20; i++) await before.kv.put({ key: b(`${prefix}cm-${i}`), value: b(`v${i}`) });
      const revision = Number((await before.kv.range({ key: b(prefix), range_end: prefixEnd(prefix) })).header.revision);
      before.close();
      await terminate(server.process);

      server = await startStorage({ dir });
      const after = client(server.endpoint);
      const listed = await after.kv.range({ key: b(prefix), range_end: prefixEnd(prefix) });
      expect({ revision: Number(listed.header.revision), count: listed.kvs.length }).toEqual({ revision, count: 20 });
      const raw = rawEtcdClient(server.endpoint);
      const resumed = raw.watch();
      resumed.on('error', () => undefined);
      const seen = new Promise<string[]>((resolve) => resumed.on('data', (res: { events?: { kv: { key: Buffer } }[] }) => {
        if (res.events?.length) resolve(res.events.map((e) => e.kv.key.toString()));
      }));
      resumed.write({ create_request: { key: b(prefix), range_end: prefixEnd(prefix), start_revision: revision + 1 } });
      await after.kv.put({ key: b(`${prefix}cm-new`), value: b('new') });
      expect(await seen).toEqual([`${prefix}cm-new`]);
      resumed.end();
      raw.close();
      after.close();
    } finally {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, scaled(120_000));
});
