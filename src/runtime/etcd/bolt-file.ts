import { createHash } from 'crypto';
import { closeSync, openSync, readSync, writeSync, writevSync } from 'fs';

/**
 * A writer of bbolt database files (the format of etcd's backend, `member/snap/db`), for data that is known in full
 * and in key order before the file is written: every bucket's B+tree is built bottom-up (leaf pages packed full, then
 * the branch pages above them up to one root page), so the file is made in one sequential pass with no page ever
 * rewritten. The result is what bbolt itself would read as a committed database: two meta pages, an empty freelist
 * and every other page reachable from the root bucket.
 *
 * Layout (bbolt file format version 2, little-endian as bbolt writes it on every platform etcd runs on):
 * - every page starts with a 16-byte header: page id (u64), flags (u16), element count (u16), overflow (u32), the
 *   number of extra pages that follow a page too large for one;
 * - a leaf element is flags (u32), pos (u32), key size (u32), value size (u32), pos counted from the element itself
 *   to its key, the value right after the key; a branch element is pos (u32), key size (u32), child page id (u64);
 * - a bucket is a leaf element of its parent with flag 1, whose value is the bucket's root page id (u64) and
 *   sequence (u64); the root bucket's header sits in the meta page;
 * - a meta page holds magic, version, page size, flags, the root bucket, the freelist page, the high-water page id,
 *   the transaction id and an FNV-64a checksum of the fields before it. bbolt uses the valid meta with the higher
 *   transaction id.
 */

export const PAGE_SIZE = 4096;

const PAGE_HEADER = 16;
const ELEMENT = 16;
const BRANCH_PAGE = 0x01;
const LEAF_PAGE = 0x02;
const META_PAGE = 0x04;
const FREELIST_PAGE = 0x10;
const BUCKET_LEAF = 0x01;
const MAGIC = 0xed0cdaed;
const VERSION = 2;
/** How many bytes of pages are written at once. */
const FLUSH_BYTES = 4 * 1024 * 1024;
/** The meta fields the checksum covers: everything before the checksum itself. */
const META_CHECKSUMMED = 56;

export interface BoltEntry {
  readonly key: Buffer;
  readonly value: Buffer;
}

export interface BoltBucket {
  readonly name: string;
  /** The bucket's entries in ascending byte order of their keys, each key once. */
  readonly entries: readonly BoltEntry[];
}

/** A page written: its id and the first key it holds, which is what its parent branch element points by. */
interface PageRef {
  readonly id: number;
  readonly firstKey: Buffer;
}

/**
 * Writes `buckets` as a bbolt database file at `path` (created or truncated). The file is not synced to disk: it is
 * meant to be read at once (by a snapshot restore, which makes its own copy durable), and thrown away after a crash.
 * With `withDigest`, the SHA-256 of the file follows the last page, as `etcdctl snapshot save` appends it, so that
 * a snapshot restore checks the file it reads is the file written.
 */
export function writeBoltFile(path: string, buckets: readonly BoltBucket[], options: { withDigest?: boolean } = {}): void {
  const writer = new PageWriter(path);
  try {
    const sorted = [...buckets].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
    const roots = sorted.map((bucket) => ({ key: Buffer.from(bucket.name), value: bucketHeader(writer.tree(bucket.entries)) }));
    const root = writer.tree(roots, BUCKET_LEAF);
    const freelist = writer.page(FREELIST_PAGE, 0, 0, () => undefined);
    for (const txid of [0, 1]) writer.meta(txid, root, freelist);
    writer.finish(options.withDigest ?? false);
  } finally {
    writer.close();
  }
}

/** The value of a bucket's element in its parent: its root page and its sequence (unused by etcd, zero). */
function bucketHeader(root: number): Buffer {
  const header = Buffer.alloc(16);
  header.writeBigUInt64LE(BigInt(root), 0);
  return header;
}

class PageWriter {
  private readonly fd: number;
  /** Pages 0 and 1 are the meta pages, written last (their content names the pages after them). */
  private next = 2;
  private readonly metas: Buffer[] = [];
  /** Pages written to the file in batches: one system call per FLUSH_BYTES rather than one per page. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  public constructor(path: string) {
    this.fd = openSync(path, 'w+');
  }

  /** Writes a B+tree of sorted entries (leaves, then branch levels up to a single page); returns its root page. */
  public tree(entries: readonly BoltEntry[], leafFlags = 0): number {
    let level = this.leaves(entries, leafFlags);
    while (level.length > 1) level = this.branches(level);
    return level[0].id;
  }

  private leaves(entries: readonly BoltEntry[], flags: number): PageRef[] {
    // An empty bucket is one leaf page with no elements, as bbolt's own empty root bucket is.
    if (entries.length === 0) return [{ id: this.page(LEAF_PAGE, 0, 0, () => undefined), firstKey: Buffer.alloc(0) }];
    return pack(entries, (e) => ELEMENT + e.key.length + e.value.length).map(({ items, size }) => ({
      firstKey: items[0].key,
      id: this.page(LEAF_PAGE, items.length, size, (page, body) => {
        let data = body + ELEMENT * items.length;
        items.forEach((entry, i) => {
          const at = body + ELEMENT * i;
          page.writeUInt32LE(flags, at);
          page.writeUInt32LE(data - at, at + 4);
          page.writeUInt32LE(entry.key.length, at + 8);
          page.writeUInt32LE(entry.value.length, at + 12);
          data += entry.key.copy(page, data);
          data += entry.value.copy(page, data);
        });
      }),
    }));
  }

  private branches(children: readonly PageRef[]): PageRef[] {
    return pack(children, (c) => ELEMENT + c.firstKey.length).map(({ items, size }) => ({
      firstKey: items[0].firstKey,
      id: this.page(BRANCH_PAGE, items.length, size, (page, body) => {
        let data = body + ELEMENT * items.length;
        items.forEach((child, i) => {
          const at = body + ELEMENT * i;
          page.writeUInt32LE(data - at, at);
          page.writeUInt32LE(child.firstKey.length, at + 4);
          page.writeBigUInt64LE(BigInt(child.id), at + 8);
          data += child.firstKey.copy(page, data);
        });
      }),
    }));
  }

  /**
   * Writes one page at the next free id, with as many overflow pages as a body of `size` bytes needs; `fill` writes
   * the body into the page from offset `body`. Returns the page's id.
   */
  public page(flags: number, count: number, size: number, fill: (page: Buffer, body: number) => void): number {
    const id = this.next;
    const pages = Math.ceil((PAGE_HEADER + size) / PAGE_SIZE) || 1;
    const buffer = Buffer.alloc(pages * PAGE_SIZE);
    writeHeader(buffer, id, flags, count, pages - 1);
    fill(buffer, PAGE_HEADER);
    this.pending.push(buffer);
    this.pendingBytes += buffer.length;
    this.next += pages;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    return id;
  }

  /** Prepares meta page `txid` (0 or 1, its own page id too) naming the root bucket, the freelist and the size. */
  public meta(txid: number, root: number, freelist: number): void {
    const page = Buffer.alloc(PAGE_SIZE);
    writeHeader(page, txid, META_PAGE, 0, 0);
    const m = PAGE_HEADER;
    page.writeUInt32LE(MAGIC, m);
    page.writeUInt32LE(VERSION, m + 4);
    page.writeUInt32LE(PAGE_SIZE, m + 8);
    page.writeUInt32LE(0, m + 12);
    page.writeBigUInt64LE(BigInt(root), m + 16);
    page.writeBigUInt64LE(0n, m + 24);
    page.writeBigUInt64LE(BigInt(freelist), m + 32);
    page.writeBigUInt64LE(BigInt(this.next), m + 40);
    page.writeBigUInt64LE(BigInt(txid), m + 48);
    page.writeBigUInt64LE(fnv64a(page.subarray(m, m + META_CHECKSUMMED)), m + META_CHECKSUMMED);
    this.metas.push(page);
  }

  /** Writes the pages held so far, which end at page `next`. */
  private flush(): void {
    const written = writevSync(this.fd, this.pending, this.next * PAGE_SIZE - this.pendingBytes);
    if (written !== this.pendingBytes) throw new Error(`short write to the bbolt file: ${written} of ${this.pendingBytes} bytes`);
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Writes the meta pages, then the digest of the whole file if asked. */
  public finish(withDigest: boolean): void {
    this.flush();
    const metas = Buffer.concat(this.metas);
    writeSync(this.fd, metas, 0, metas.length, 0);
    if (withDigest) {
      // Read back in order: the meta pages, written last, come first in the file.
      const hash = createHash('sha256');
      const chunk = Buffer.alloc(256 * PAGE_SIZE);
      for (let at = 0; at < this.next * PAGE_SIZE; at += chunk.length) {
        const n = readSync(this.fd, chunk, 0, Math.min(chunk.length, this.next * PAGE_SIZE - at), at);
        hash.update(chunk.subarray(0, n));
      }
      writeSync(this.fd, hash.digest(), 0, 32, this.next * PAGE_SIZE);
    }
  }

  public close(): void {
    closeSync(this.fd);
  }
}

function writeHeader(page: Buffer, id: number, flags: number, count: number, overflow: number): void {
  page.writeBigUInt64LE(BigInt(id), 0);
  page.writeUInt16LE(flags, 8);
  page.writeUInt16LE(count, 10);
  page.writeUInt32LE(overflow, 12);
}

/**
 * Groups items, in order, into pages: as many as fit in one page's body; an item too large for a page alone gets a
 * page of its own (written with overflow pages). Each group comes with the size of its body.
 */
function pack<T>(items: readonly T[], sizeOf: (item: T) => number): { items: T[]; size: number }[] {
  const groups: { items: T[]; size: number }[] = [];
  let group: { items: T[]; size: number } = { items: [], size: 0 };
  for (const item of items) {
    const n = sizeOf(item);
    if (group.items.length > 0 && PAGE_HEADER + group.size + n > PAGE_SIZE) {
      groups.push(group);
      group = { items: [], size: 0 };
    }
    group.items.push(item);
    group.size += n;
  }
  if (group.items.length > 0) groups.push(group);
  return groups;
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

/** FNV-1a, 64 bits: the checksum bbolt keeps of a meta page. */
export function fnv64a(bytes: Buffer): bigint {
  let hash = FNV_OFFSET;
  // eslint-disable-next-line no-bitwise -- FNV-1a is defined by an XOR of each byte into the hash.
  for (const byte of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * FNV_PRIME);
  return hash;
}
