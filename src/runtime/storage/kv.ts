import { errors } from './errors';
import { APISERVER_COMPACT_KEY, COMPACT_KEY, type LogReader, type LogTx, type Row } from './log';

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

/** The client-visible kv of a live row (etcd's view of kine's columns), or undefined for internal rows. */
export function rowToKeyValue(row: Row, withValue = true): KeyValue | undefined {
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
    version: row.version,
    value: withValue && row.value ? row.value : Buffer.alloc(0),
    lease: row.lease,
  };
}

/**
 * Reads etcd semantics off kine's rows: revisions are row ids, a key's create revision is the id of its creating
 * row, and its version is the number of its revisions still in history since that create.
 */
export class KvReader {
  /** `refresh` learns of revisions other processes committed, before a read at one is refused as in the future. */
  public constructor(private readonly log: LogReader, private readonly refresh: () => Promise<void> = async () => {}) {}

  /** The client-visible kv of a live row, or undefined for internal rows. */
  public toKeyValue(row: Row, withValue = true): KeyValue | undefined {
    return rowToKeyValue(row, withValue);
  }

  /** The live kv of one key at a revision, or undefined; `log` is a write transaction's view when given. */
  public async get(key: string, revision?: number, log: LogReader = this.log): Promise<KeyValue | undefined> {
    const row = await log.latest(storedName(key), revision);
    return row && !row.deleted ? this.toKeyValue(row) : undefined;
  }

  /** Checks a read revision against the compacted and current revisions, as etcd does. */
  public async checkRevision(revision: number, log: LogReader = this.log): Promise<number> {
    if (revision <= 0) return log.currentRevision();
    if (revision > log.currentRevision() && log === this.log) await this.refresh();
    const current = log.currentRevision();
    if (revision > current) throw errors.futureRevision();
    if (revision < this.log.compactRevision()) throw errors.compacted();
    return revision;
  }
}

/** Put flags of etcd: keep the key's current value or lease. */
export interface PutOptions {
  readonly ignoreValue?: boolean;
  readonly ignoreLease?: boolean;
}

/** Applies a write to one key on top of its latest row, inside a write transaction: what Put, DeleteRange and Txn share. */
export class KvWriter {
  public constructor(private readonly tx: LogTx) {}

  /** Puts a value; returns the new row and the previous live row (for prev_kv). */
  public async put(key: string, value: Buffer, lease: number, options: PutOptions = {}): Promise<{ row: Row; prev?: Row }> {
    const name = storedName(key);
    const latest = await this.tx.latest(name);
    const live = latest && !latest.deleted ? latest : undefined;
    if ((options.ignoreValue || options.ignoreLease) && !live) throw errors.keyNotFound();
    let stored = options.ignoreValue ? live!.value ?? Buffer.alloc(0) : value;
    if (name === APISERVER_COMPACT_KEY) {
      const version = live ? decodeCompactValue(live.value).version + 1 : 1;
      stored = encodeCompactValue(version, options.ignoreValue ? decodeCompactValue(live!.value).value : value);
    }
    const row = await this.tx.insert({
      name,
      created: !live,
      deleted: false,
      createRevision: live ? (live.created ? live.id : live.createRevision) : 0,
      prevRevision: latest?.id ?? 0,
      lease: options.ignoreLease ? live!.lease : lease,
      value: stored,
      oldValue: latest?.value ?? null,
      version: live ? live.version + 1 : 1,
    });
    return { row, prev: live };
  }

  /** Deletes one live row; returns the tombstone. */
  public delete(live: Row): Promise<Row> {
    return this.tx.insert({
      name: live.name,
      created: false,
      deleted: true,
      // kine leaves 0 here; keeping the create revision lets a delete event's prev_kv carry it.
      createRevision: live.created ? live.id : live.createRevision,
      prevRevision: live.id,
      lease: 0,
      value: null,
      oldValue: live.value,
      version: 0,
    });
  }
}
