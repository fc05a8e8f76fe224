import { COMPACT_KEY, type Row } from '../../src/runtime/storage/log';
import { compareKeys, NewestRows } from '../../src/runtime/storage/newest-rows';

const utf8Order = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));

describe('compareKeys orders names as their UTF-8 bytes', () => {
  test.each([
    ['', 'a'],
    ['/registry/pods', '/registry/pods/'],
    ['/registry/a', '/registry/b'],
    ['A', 'a'],
    // UTF-16 puts a surrogate pair (U+1F600) below U+FF01; UTF-8 (and code points) put it above.
    ['\uff01', '\u{1f600}'],
    ['\ue000', '\u{10000}'],
    ['\ud7ff', '\u{10000}'],
    ['x\uffff', 'x\u{10ffff}'],
    ['\u00e9', '\u0800'],
  ])('%j < %j', (low, high) => {
    expect(utf8Order(low, high)).toBe(-1);
    expect(Math.sign(compareKeys(low, high))).toBe(-1);
    expect(Math.sign(compareKeys(high, low))).toBe(1);
    expect(compareKeys(low, low)).toBe(0);
  });

  test('agrees with a byte-wise comparison on mixed names', () => {
    const alphabet = ['a', 'z', '/', '\u00e9', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '\u{10000}', '\u{1f600}', '\u{10ffff}'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const names = Array.from({ length: 300 }, () => Array.from({ length: next() % 4 }, () => alphabet[next() % alphabet.length]).join(''));
    const disagreements = names.flatMap((a) => names.filter((b) => Math.sign(compareKeys(a, b)) !== utf8Order(a, b)).map((b) => [a, b]));
    expect(disagreements).toEqual([]);
  });
});

let id = 0;
const row = (name: string, change: Partial<Row> = {}): Row => {
  id++;
  const fresh: Row = { id, name, created: true, deleted: false, createRevision: 0, prevRevision: 0, lease: 0, value: Buffer.from(`${name}@${id}`), oldValue: null, version: 1 };
  return { ...fresh, ...change };
};
const names = (rows: readonly Row[]) => rows.map((r) => r.name);

describe('NewestRows', () => {
  test('keeps the newest row of each key; a delete leaves a tombstone that gets see and ranges do not', () => {
    const newest = new NewestRows([row('/a'), row('/b'), row('/c')]);
    const updated = row('/b', { created: false, version: 2, oldValue: Buffer.from('old') });
    newest.apply(updated);
    newest.apply(row('/c', { deleted: true, value: null, version: 0 }));
    expect(newest.get('/b')).toEqual({ ...updated, oldValue: null });
    expect(newest.get('/c')?.deleted).toBe(true);
    expect(newest.get('/d')).toBeUndefined();
    expect(names(newest.list('/', '0', 0))).toEqual(['/a', '/b']);
    expect(newest.count('/', '0')).toBe(2);
    newest.apply(row('/c'));
    expect(newest.get('/c')?.deleted).toBe(false);
    expect(names(newest.list('/', '0', 0))).toEqual(['/a', '/b', '/c']);
  });

  test('kine\'s compaction row is no key', () => {
    const newest = new NewestRows([row(COMPACT_KEY), row('compact_rev_key_apiserver')]);
    expect(newest.get(COMPACT_KEY)).toBeUndefined();
    expect(newest.count('\u0000', '\u{10ffff}')).toBe(1);
  });

  test.each([
    // start, end, limit, expected names
    ['/r/', '/r0', 0, ['/r/a', '/r/b', '/r/c', '/r/d']],
    ['/r/', '/r0', 2, ['/r/a', '/r/b']],
    ['/r/b', '/r/d', 0, ['/r/b', '/r/c']],
    ['/r/d', '/r/b', 0, []],
    ['/r/c', '/r/c', 0, []],
    ['/s/', '/s0', 0, []],
  ])('list [%s, %s) limit %d', (start, end, limit, expected) => {
    const newest = new NewestRows(['/r/d', '/r/b', '/q', '/r/a', '/r/c', '/t'].map((n) => row(n)));
    expect(names(newest.list(start, end, limit))).toEqual(expected);
    expect(newest.count(start, end)).toBe(newest.list(start, end, 0).length);
  });

  test('a counted range stays exact as keys inside and outside it come and go', () => {
    const newest = new NewestRows(['/r/1', '/r/2', '/s/1'].map((n) => row(n)));
    expect(newest.count('/r/', '/r0')).toBe(2);
    expect(newest.count('/', '0')).toBe(3);
    const changes: Row[] = [
      row('/r/3'),
      row('/s/2'),
      row('/r/1', { deleted: true, value: null, version: 0 }),
      row('/r/2', { created: false, version: 2 }),
      row('/r/1'),
      row('/r/3', { deleted: true, value: null, version: 0 }),
      row('/r/4'),
      row('/r0'),
    ];
    for (const change of changes) {
      newest.apply(change);
      for (const [start, end] of [['/r/', '/r0'], ['/', '0']]) {
        expect(newest.count(start, end)).toBe(new NewestRows(newest.list('\u0000', '\u{10ffff}', 0)).list(start, end, 0).length);
      }
    }
    expect(newest.count('/r/', '/r0')).toBe(3);
  });

  test('more ranges than it keeps counts of are still counted right', () => {
    const newest = new NewestRows(Array.from({ length: 100 }, (_, i) => row(`/k/${String(i).padStart(3, '0')}`)));
    for (let i = 0; i < 100; i++) expect(newest.count(`/k/${String(i).padStart(3, '0')}`, '/k0')).toBe(100 - i);
    newest.apply(row('/k/050', { deleted: true, value: null, version: 0 }));
    for (let i = 0; i < 100; i++) expect(newest.count(`/k/${String(i).padStart(3, '0')}`, '/k0')).toBe(100 - i - (i <= 50 ? 1 : 0));
  });

  test('a compaction batch forgets its tombstones, all but the table\'s newest row', () => {
    id = 100;
    const newest = new NewestRows();
    const gone = row('/gone', { deleted: true, value: null, version: 0 }); // 101
    const kept = row('/kept-below', { deleted: true, value: null, version: 0 }); // 102
    const last = row('/last', { deleted: true, value: null, version: 0 }); // 103
    [gone, kept, last].forEach((r) => newest.apply(r));
    newest.compacted(100, 101, 103);
    expect(newest.get('/gone')).toBeUndefined();
    expect(newest.get('/kept-below')).toBeDefined();
    newest.compacted(101, 103, 103);
    expect(newest.get('/kept-below')).toBeUndefined();
    expect(newest.get('/last')).toBeDefined();
  });
});
