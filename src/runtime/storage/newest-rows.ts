import type BTree from 'sorted-btree';
import { COMPACT_KEY, type Row } from './log';
import { loadOptional } from '../optional';

const SortedMap = loadOptional<{ default: typeof BTree }>('sorted-btree', 'vck storage').default;

/** A code unit whose UTF-16 order is not its UTF-8 order against another such unit. */
const HIGH_UNIT = /[\ud800-\uffff]/;

/**
 * Orders key names as their UTF-8 bytes compare, which is how the databases order them (SQLite's BINARY, PostgreSQL's
 * "C") and how etcd does. JavaScript's own string order is UTF-16's, which differs where a surrogate pair (a code point
 * above U+FFFF) meets a code unit from U+E000 to U+FFFF: such a pair is moved above them.
 */
export function compareKeys(a: string, b: string): number {
  // The orders differ only where both strings hold a code unit from U+D800 up: without one in either (nearly every
  // key), the engine's own comparison is exact, and several times faster than the loop below.
  if (!HIGH_UNIT.test(a) || !HIGH_UNIT.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? codePointRank(x) - codePointRank(y) : x - y;
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

/** How many ranges' counts are kept: a control plane lists a few dozen kinds of object, each under its prefix. */
const COUNTED_RANGES = 64;

/**
 * The newest row of every key, in memory: the live ones in key order, and the tombstones the table still keeps
 * (`vck_current`'s rows, whose ids a key's next write must name as its previous revision). Reads at the current
 * revision (gets, pages of lists, counts, and the reads inside write transactions) are answered from here without a
 * query, and are synchronous, so a page and its count are of exactly one revision.
 *
 * Rows are kept without `oldValue` (the superseded value, which only watch events read, from history).
 */
export class NewestRows {
  private readonly live: BTree<string, Row> = new SortedMap(undefined, compareKeys);
  private readonly tombstones = new Map<string, Row>();
  /**
   * The live-key counts of the ranges lately counted (every page of a list reports its range's count), kept up to
   * date as keys come and go: a count is then no walk over the range. At most COUNTED_RANGES, the oldest dropped.
   */
  private readonly counts = new Map<string, { readonly start: string; readonly end: string; n: number }>();

  public constructor(rows: Iterable<Row> = []) {
    for (const row of rows) this.apply(row);
  }

  /** The newest row of `name`, a tombstone included, or undefined. */
  public get(name: string): Row | undefined {
    return this.live.get(name) ?? this.tombstones.get(name);
  }

  /** Takes a committed row as its key's newest (kine's own compaction row is no key: it is left out). */
  public apply(row: Row): void {
    if (row.name === COMPACT_KEY) return;
    const kept: Row = row.oldValue === null ? row : { ...row, oldValue: null };
    let wasLive: boolean;
    if (row.deleted) {
      wasLive = this.live.delete(row.name);
      this.tombstones.set(row.name, kept);
    } else {
      this.tombstones.delete(row.name);
      // set() tells whether the key was new: one walk down the tree, not two.
      wasLive = !this.live.set(row.name, kept);
    }
    if (wasLive === row.deleted) {
      for (const range of this.counts.values()) {
        if (compareKeys(row.name, range.start) >= 0 && compareKeys(row.name, range.end) < 0) range.n += row.deleted ? -1 : 1;
      }
    }
  }

  /** Live rows of the keys in [start, end), in key order, at most `limit` (0: no limit). */
  public list(start: string, end: string, limit: number): Row[] {
    const rows: Row[] = [];
    if (compareKeys(start, end) >= 0) return rows;
    this.live.forRange(start, end, false, (_name, row) => {
      rows.push(row);
      return limit > 0 && rows.length >= limit ? { break: rows.length } : undefined;
    });
    return rows;
  }

  /** The number of live keys in [start, end). */
  public count(start: string, end: string): number {
    if (compareKeys(start, end) >= 0) return 0;
    const id = `${start.length}:${start}${end}`;
    let range = this.counts.get(id);
    if (range) {
      // Most recently used last: the first one is the one to drop.
      this.counts.delete(id);
    } else {
      range = { start, end, n: this.live.forRange(start, end, false) };
      if (this.counts.size >= COUNTED_RANGES) this.counts.delete(this.counts.keys().next().value!);
    }
    this.counts.set(id, range);
    return range.n;
  }

  /**
   * Forgets the tombstones a compaction batch of revisions (from, to] deleted from the table: all of them but the
   * table's newest row (`newest`), which the batch keeps.
   */
  public compacted(from: number, to: number, newest: number): void {
    for (const [name, row] of this.tombstones) {
      if (row.id > from && row.id <= to && row.id !== newest) this.tombstones.delete(name);
    }
  }
}
