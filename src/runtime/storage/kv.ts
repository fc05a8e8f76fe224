import { errors } from './errors';
import { APISERVER_COMPACT_KEY, COMPACT_KEY, KeyExistsError, type Row } from './log';
import type { SqliteLog } from './sqlite';

/** etcd's mvccpb.KeyValue, as the gRPC layer sends it (int64 fields as numbers). */
export interface KeyValue {
  key: Buffer;
  create_revision: number;
  mod_revision: number;
  version: number;
  value: Buffer;
  lease: number;
}

/** A request's key range: one key, a [key, end) range, or every key from `key` on (`end` = "\0"). */
export interface KeyRange {
  readonly key: Buffer;
  readonly end?: Buffer;
}

const ALL_FROM = '\u0000';
/** Above every valid key: SQLite compares TEXT byte-wise, and UTF-8 never contains 0xFF. */
const AFTER_ALL_KEYS = '\u{10FFFF}\u{10FFFF}';

/** The `[start, end)` bounds of a range, in the table's terms. */
export function bounds(range: KeyRange): { start: string; end: string; single: boolean } {
  const start = range.key.toString('utf8');
  if (!range.end || range.end.length === 0) return { start, end: start, single: true };
  const end = range.end.toString('utf8');
  return { start, end: end === ALL_FROM ? AFTER_ALL_KEYS : end, single: false };
}

/** The apiserver's `compact_rev_key` is kept under another name, since kine's bookkeeping row has that one. */
export function storedName(key: string): string {
  return key === COMPACT_KEY ? APISERVER_COMPACT_KEY : key;
}

/** The apiserver compaction key's value carries its version (`"<version>|<value>"`), as kine stores it. */
function decodeCompactValue(value: Buffer | null): { version: number; value: Buffer } {
  const text = (value ?? Buffer.alloc(0)).toString('utf8');
  const bar = text.indexOf('|');
  if (bar < 0) return { version: Number(text) || 0, value: Buffer.from('0') };
  return { version: Number(text.slice(0, bar)) || 0, value: Buffer.from(text.slice(bar + 1)) };
}

export function encodeCompactValue(version: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${version}|`), value]);
}

/**
 * Reads etcd semantics off kine's rows: revisions are row ids, a key's create revision is the id of its creating
 * row, and its version is the number of its revisions still in history since that create.
 */
export class KvReader {
  private readonly versionQuery;

  public constructor(private readonly log: SqliteLog) {
    this.versionQuery = log.db.prepare('SELECT COUNT(*) n FROM kine WHERE name = ? AND id >= ? AND id <= ?').pluck();
  }

  /** The client-visible kv of a live row, or undefined for internal rows. */
  public toKeyValue(row: Row, withValue = true): KeyValue | undefined {
    if (row.name === COMPACT_KEY) return undefined;
    const createRevision = row.created ? row.id : row.createRevision;
    if (row.name === APISERVER_COMPACT_KEY) {
      const decoded = decodeCompactValue(row.value);
      return {
        key: Buffer.from(COMPACT_KEY),
        create_revision: createRevision,
        mod_revision: row.id,
        version: decoded.version,
        value: withValue ? decoded.value : Buffer.alloc(0),
        lease: row.lease,
      };
    }
    return {
      key: Buffer.from(row.name, 'utf8'),
      create_revision: createRevision,
      mod_revision: row.id,
      version: row.version ?? this.version(row.name, createRevision, row.id),
      value: withValue && row.value ? row.value : Buffer.alloc(0),
      lease: row.lease,
    };
  }

  private version(name: string, createRevision: number, modRevision: number): number {
    return this.versionQuery.get(name, createRevision, modRevision) as number;
  }

  /** The live kv of one key at a revision, or undefined. */
  public get(key: string, revision?: number): KeyValue | undefined {
    const row = this.log.latest(storedName(key), revision);
    return row && !row.deleted ? this.toKeyValue(row) : undefined;
  }

  /** Checks a read revision against the compacted and current revisions, as etcd does. */
  public checkRevision(revision: number): number {
    const current = this.log.currentRevision();
    if (revision <= 0) return current;
    if (revision > current) throw errors.futureRevision();
    if (revision < this.log.compactRevision()) throw errors.compacted();
    return revision;
  }
}

/** Applies a write to one key on top of its latest row: what Put, DeleteRange and Txn share. */
export class KvWriter {
  public constructor(private readonly log: SqliteLog, private readonly onWrite: (row: Row) => void) {}

  /** Puts a value; returns the new row and the previous live row (for prev_kv). */
  public put(key: string, value: Buffer, lease: number, options: { ignoreValue?: boolean; ignoreLease?: boolean } = {}): { row: Row; prev?: Row } {
    const name = storedName(key);
    const latest = this.log.latest(name);
    const live = latest && !latest.deleted ? latest : undefined;
    if ((options.ignoreValue || options.ignoreLease) && !live) throw errors.keyNotFound();
    let stored = options.ignoreValue ? live!.value ?? Buffer.alloc(0) : value;
    if (name === APISERVER_COMPACT_KEY) {
      const version = live ? decodeCompactValue(live.value).version + 1 : 1;
      stored = encodeCompactValue(version, options.ignoreValue ? decodeCompactValue(live!.value).value : value);
    }
    const row = this.insert({
      name,
      created: !live,
      deleted: false,
      createRevision: live ? (live.created ? live.id : live.createRevision) : 0,
      prevRevision: latest?.id ?? 0,
      lease: options.ignoreLease ? live!.lease : lease,
      value: stored,
    });
    return { row, prev: live };
  }

  /** Deletes one live row; returns the tombstone. */
  public delete(live: Row): Row {
    return this.insert({
      name: live.name,
      created: false,
      deleted: true,
      // kine leaves 0 here; keeping the create revision lets a delete event's prev_kv carry it.
      createRevision: live.created ? live.id : live.createRevision,
      prevRevision: live.id,
      lease: 0,
      value: null,
    });
  }

  private insert(row: Parameters<SqliteLog['insert']>[0]): Row {
    try {
      const written = this.log.insert(row);
      this.onWrite(written);
      return written;
    } catch (err) {
      // Two writers raced on the same key inside the serialized write path: cannot happen with one writer,
      // but a foreign writer on the same file would trip the unique index; report it as a retryable outage.
      if (err instanceof KeyExistsError) throw errors.unavailable('a concurrent writer modified the key');
      throw err;
    }
  }
}
