import { b, serveTarget, prefixEnd, uniquePrefix } from './helpers';
import { TARGETS } from './targets';
import { rawEtcdClient } from '../support/etcd-grpc';
import { scaled } from '../support/time-scale';

/** A raw Watch stream: what was received, and a way to wait for a condition on it. */
async function openWatch(endpoint: string) {
  const raw = rawEtcdClient(endpoint);
  const received: any[] = [];
  const s = raw.watch();
  s.on('data', (res: any) => received.push(res));
  s.on('error', () => undefined);
  return {
    received,
    send: (req: object) => s.write(req),
    until: async (pred: (all: any[]) => boolean, timeoutMs = 10_000) => {
      const deadline = Date.now() + scaled(timeoutMs);
      while (!pred(received)) {
        if (Date.now() > deadline) throw new Error(`watch condition not met; received: ${JSON.stringify(received).slice(0, 2000)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => {
      s.end();
      raw.close();
    },
  };
}

const events = (received: any[], watchId?: string) => received
  .filter((r) => watchId === undefined || r.watch_id === watchId)
  .flatMap((r) => r.events ?? []);

describe.each(TARGETS.map((t) => [t.name, t] as const))('watch conformance: %s', (_name, target) => {
  const server = serveTarget(target);

  test('from now: puts and deletes of a prefix, with prev_kv', async () => {
    const p = uniquePrefix('watch-now');
    const w = await openWatch(server.endpoint);
    w.send({ create_request: { key: b(p), range_end: prefixEnd(p), prev_kv: true } });
    await w.until((all) => all.some((r) => r.created));
    await server.client.kv.put({ key: b(`${p}a`), value: b('1') });
    await server.client.kv.put({ key: b(`${p}a`), value: b('2') });
    await server.client.kv.put({ key: b(`${p.slice(0, -1)}-outside`), value: b('x') });
    await server.client.kv.deleteRange({ key: b(`${p}a`) });
    await w.until((all) => events(all).length >= 3);
    const evs = events(w.received);
    expect(evs.map((e: any) => `${e.type}:${e.kv.key}:${e.kv.value}`)).toEqual([`Put:${p}a:1`, `Put:${p}a:2`, `Delete:${p}a:`]);
    expect(evs[0].prev_kv).toBeNull();
    expect(evs[1].prev_kv.value.toString()).toBe('1');
    expect(evs[2].prev_kv.value.toString()).toBe('2');
    expect(Number(evs[2].prev_kv.mod_revision)).toBe(Number(evs[1].kv.mod_revision));
    w.close();
  });

  test('from a past revision: history first, then live events, without gaps or repeats', async () => {
    const p = uniquePrefix('watch-rev');
    const first = Number((await server.client.kv.put({ key: b(`${p}a`), value: b('1') })).header.revision);
    await server.client.kv.put({ key: b(`${p}b`), value: b('2') });
    const w = await openWatch(server.endpoint);
    w.send({ create_request: { key: b(p), range_end: prefixEnd(p), start_revision: first } });
    await w.until((all) => events(all).length >= 2);
    await server.client.kv.put({ key: b(`${p}c`), value: b('3') });
    await w.until((all) => events(all).length >= 3);
    await new Promise((r) => setTimeout(r, 200));
    const evs = events(w.received);
    expect(evs.map((e: any) => e.kv.key.toString())).toEqual([`${p}a`, `${p}b`, `${p}c`]);
    const revisions = evs.map((e: any) => Number(e.kv.mod_revision));
    expect([...revisions].sort((x, y) => x - y)).toEqual(revisions);
    w.close();
  });

  test('a replay passes over other keys\' history, in order across chunks, with versions and prev_kv', async () => {
    // 24 rounds of puts to 50 keys of a prefix, each beside a put outside it: 2,400 revisions to replay from, half
    // of them the watch's (more than a replay reads at once), on a range, on one key, and on every key from the prefix.
    const p = uniquePrefix('watch-replay');
    const outside = `${p.slice(0, -1)}-outside/`;
    const [KEYS, ROUNDS] = [50, 24];
    const from = Number((await server.client.kv.range({ key: b(p) })).header.revision) + 1;
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(Array.from({ length: KEYS }, async (_, k) => {
        await server.client.kv.put({ key: b(`${p}${k}`), value: b(`${round}-${k}`) });
        await server.client.kv.put({ key: b(`${outside}${k}`), value: b(`${round}-${k}`) });
      }));
    }
    const w = await openWatch(server.endpoint);
    w.send({ create_request: { key: b(p), range_end: prefixEnd(p), start_revision: from, prev_kv: true, watch_id: 1 } });
    w.send({ create_request: { key: b(`${p}7`), start_revision: from, watch_id: 2 } });
    w.send({ create_request: { key: b(p), range_end: b('\0'), start_revision: from, watch_id: 3 } });
    await w.until((all) => events(all, '1').length >= KEYS * ROUNDS && events(all, '2').length >= ROUNDS
      && events(all, '3').length >= KEYS * ROUNDS, 30_000);
    await new Promise((r) => setTimeout(r, 200));
    const ranged = events(w.received, '1');
    expect(ranged).toHaveLength(KEYS * ROUNDS);
    const revisions = ranged.map((e: any) => Number(e.kv.mod_revision));
    expect(revisions.every((rev: number, i: number) => i === 0 || rev > revisions[i - 1])).toBe(true);
    const seen = new Map<string, number>();
    for (const e of ranged) {
      const key = e.kv.key.toString();
      const round = seen.get(key) ?? 0;
      seen.set(key, round + 1);
      expect(`${key}=${e.kv.value} v${e.kv.version} prev ${e.prev_kv?.value ?? '-'}`)
        .toBe(`${key}=${round}-${key.slice(p.length)} v${round + 1} prev ${round === 0 ? '-' : `${round - 1}-${key.slice(p.length)}`}`);
    }
    expect(events(w.received, '2').map((e: any) => e.kv.value.toString())).toEqual(Array.from({ length: ROUNDS }, (_, r) => `${r}-7`));
    expect(events(w.received, '3').map((e: any) => Number(e.kv.mod_revision))).toEqual(revisions);
    w.close();
  });

  test('a watch from a past revision on a key holding NUL replays that key alone and goes on live', async () => {
    // Etcd keys are bytes; PostgreSQL text cannot hold NUL, so no such key is stored there, yet the watch must stand.
    const p = uniquePrefix('watch-nul');
    const from = Number((await server.client.kv.put({ key: b(`${p}a`), value: b('1') })).header.revision);
    const w = await openWatch(server.endpoint);
    w.send({ create_request: { key: b(`${p}a\0b`), start_revision: from, watch_id: 1 } });
    w.send({ create_request: { key: b(`${p}a`), start_revision: from, watch_id: 2 } });
    await w.until((all) => events(all, '2').length >= 1);
    await server.client.kv.put({ key: b(`${p}a`), value: b('2') });
    await w.until((all) => events(all, '2').length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(w.received.some((r) => r.canceled)).toBe(false);
    expect(events(w.received, '1')).toEqual([]);
    expect(events(w.received, '2').map((e: any) => e.kv.value.toString())).toEqual(['1', '2']);
    w.close();
  });

  test('a single key, filters and cancel', async () => {
    const p = uniquePrefix('watch-key');
    const w = await openWatch(server.endpoint);
    w.send({ create_request: { key: b(`${p}a`), filters: ['Noput'] } });
    await w.until((all) => all.some((r) => r.created));
    const id = w.received.find((r) => r.created).watch_id;
    await server.client.kv.put({ key: b(`${p}a`), value: b('1') });
    await server.client.kv.put({ key: b(`${p}ab`), value: b('1') });
    await server.client.kv.deleteRange({ key: b(`${p}a`) });
    await w.until((all) => events(all).length >= 1);
    expect(events(w.received).map((e: any) => `${e.type}:${e.kv.key}`)).toEqual([`Delete:${p}a`]);
    w.send({ cancel_request: { watch_id: id } });
    await w.until((all) => all.some((r) => r.canceled && r.watch_id === id));
    await server.client.kv.put({ key: b(`${p}a`), value: b('after-cancel') });
    await server.client.kv.deleteRange({ key: b(`${p}a`) });
    await new Promise((r) => setTimeout(r, 300));
    expect(events(w.received)).toHaveLength(1);
    w.close();
  });

  test('a watch from a compacted revision is canceled with the compact revision', async () => {
    const p = uniquePrefix('watch-compacted');
    const old = Number((await server.client.kv.put({ key: b(`${p}a`), value: b('1') })).header.revision);
    const latest = Number((await server.client.kv.put({ key: b(`${p}a`), value: b('2') })).header.revision);
    await server.client.kv.compact({ revision: latest });
    const w = await openWatch(server.endpoint);
    w.send({ create_request: { key: b(p), range_end: prefixEnd(p), start_revision: old } });
    await w.until((all) => all.some((r) => r.canceled));
    const canceled = w.received.find((r) => r.canceled);
    expect(Number(canceled.compact_revision)).toBe(latest);
    w.close();
  });

  test('a watch from exactly the compacted revision is accepted and starts with that revision\'s event', async () => {
    // kube-apiserver's reflectors resume from the revision their last list was served at, which may be the one
    // compaction just reached: etcd refuses only revisions below it.
    const p = uniquePrefix('watch-at-compacted');
    await server.client.kv.put({ key: b(`${p}a`), value: b('1') });
    const compacted = Number((await server.client.kv.put({ key: b(`${p}a`), value: b('2') })).header.revision);
    await server.client.kv.compact({ revision: compacted });
    const w = await openWatch(server.endpoint);
    w.send({ create_request: { key: b(p), range_end: prefixEnd(p), start_revision: compacted } });
    await w.until((all) => events(all).length >= 1);
    expect(w.received.some((r) => r.canceled)).toBe(false);
    expect(events(w.received).map((e: any) => `${e.type}:${e.kv.value}:${Number(e.kv.mod_revision)}`)).toEqual([`Put:2:${compacted}`]);
    w.close();
  });

  test('progress requests are answered with the current revision', async () => {
    const p = uniquePrefix('watch-progress');
    const w = await openWatch(server.endpoint);
    w.send({ create_request: { key: b(p), range_end: prefixEnd(p) } });
    await w.until((all) => all.some((r) => r.created));
    const revision = Number((await server.client.kv.put({ key: b(`${p.slice(0, -1)}-elsewhere`), value: b('x') })).header.revision);
    w.send({ progress_request: {} });
    await w.until((all) => all.some((r) => !r.created && (r.events ?? []).length === 0 && Number(r.header.revision) >= revision));
    w.close();
  });
});
