import { errors } from './errors';
import { GroupCommit } from './group-commit';
import { bounds, KvReader, KvWriter, storedName, type KeyValue } from './kv';
import { Leases } from './leases';
import type { Log, LogReader, LogTx, Row } from './log';
import type { NewestRows } from './newest-rows';
import { WatchHub } from './watch-hub';

/** etcd's default limit on a request (--max-request-bytes). */
export const MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;
/** etcd's default limit on operations in one txn (--max-txn-ops). */
const MAX_TXN_OPS = 128;

export const CLUSTER_ID = 0x6b696e65;
export const MEMBER_ID = 0x76636b31;

/* eslint-disable @typescript-eslint/naming-convention */
// Request and response shapes follow etcd's protobuf field names (snake_case, as @grpc/proto-loader keeps them).
export interface RangeRequest {
  key: Buffer;
  range_end?: Buffer;
  limit?: number | string;
  revision?: number | string;
  sort_order?: number;
  sort_target?: number;
  keys_only?: boolean;
  count_only?: boolean;
  min_mod_revision?: number | string;
  max_mod_revision?: number | string;
  min_create_revision?: number | string;
  max_create_revision?: number | string;
}
export interface PutRequest {
  key: Buffer; value?: Buffer; lease?: number | string; prev_kv?: boolean; ignore_value?: boolean; ignore_lease?: boolean;
}
export interface DeleteRangeRequest { key: Buffer; range_end?: Buffer; prev_kv?: boolean }
export interface Compare {
  result?: number;
  target?: number;
  key: Buffer;
  range_end?: Buffer;
  version?: number | string;
  create_revision?: number | string;
  mod_revision?: number | string;
  value?: Buffer;
  lease?: number | string;
}
export interface RequestOp {
  request_range?: RangeRequest; request_put?: PutRequest; request_delete_range?: DeleteRangeRequest; request_txn?: TxnRequest;
}
export interface TxnRequest { compare?: Compare[]; success?: RequestOp[]; failure?: RequestOp[] }
/* eslint-enable @typescript-eslint/naming-convention */

const num = (v: number | string | undefined): number => (v === undefined || v === '' ? 0 : Number(v));

enum CompareResult { EQUAL = 0, GREATER = 1, LESS = 2, NOT_EQUAL = 3 }
enum CompareTarget { VERSION = 0, CREATE = 1, MOD = 2, VALUE = 3, LEASE = 4 }
enum SortOrder { NONE = 0, ASCEND = 1, DESCEND = 2 }
enum SortTarget { KEY = 0, VERSION = 1, CREATE = 2, MOD = 3, VALUE = 4 }

/** Store options (kine's tunables where they apply). */
export interface StoreOptions {
  /** Observes the number of writes in each group commit. */
  readonly onBatch?: (size: number) => void;
}

/**
 * The etcd API's semantics over kine's table: the handlers behind KV, Watch and Lease, independent of gRPC and of
 * the SQL dialect. Writes go through the group commit, each getting the open transaction (`tx`) to read and write.
 */
export class Store {
  public readonly reader: KvReader;
  public readonly hub: WatchHub;
  public readonly leases: Leases;
  private readonly commits: GroupCommit;

  public constructor(public readonly log: Log, options: StoreOptions = {}) {
    this.reader = new KvReader(log, () => log.catchUp());
    this.hub = new WatchHub(this.reader);
    this.leases = new Leases(log);
    this.commits = new GroupCommit(log, options.onBatch);
    log.onCommit = (rows) => this.hub.publish(rows);
  }

  public header(revision = this.log.currentRevision()) {
    return { cluster_id: CLUSTER_ID, member_id: MEMBER_ID, revision, raft_term: 1 };
  }

  public async range(req: RangeRequest) {
    if (!req.key || req.key.length === 0) throw errors.emptyKey();
    const asked = num(req.revision);
    const revision = asked > 0 ? await this.reader.checkRevision(asked) : undefined;
    const older = () => revision !== undefined && revision < this.log.currentRevision();
    if (!older()) {
      // The newest state is read from memory, synchronously from here on: the rows, their count and the revision
      // the header reports are of exactly one moment (a list's resourceVersion is exactly its items', and the next
      // page or a watch from there builds on it).
      const newest = await this.log.newest();
      if (!older()) return { header: this.header(), ...await this.rangeAt(req, newestReads(newest)) };
    }
    return { header: this.header(), ...await this.rangeAt(req, historyReads(this.log, revision!)) };
  }

  /** A Range over `reads`: one key, or a page of a range with its count, filtered and sorted as asked. */
  private async rangeAt(req: RangeRequest, reads: RangeReads) {
    const b = bounds({ key: req.key, end: req.range_end });
    const limit = num(req.limit);
    if (b.single) {
      const row = await reads.latest(storedName(b.start));
      const kv = row && !row.deleted ? this.reader.toKeyValue(row) : undefined;
      const kvs = kv && this.keep(kv, req) ? [kv] : [];
      const shown = req.count_only ? [] : kvs.map((k) => (req.keys_only ? { ...k, value: Buffer.alloc(0) } : k));
      return { kvs: shown, more: false, count: kvs.length };
    }
    const sorted = (req.sort_order ?? SortOrder.NONE) !== SortOrder.NONE && (req.sort_target ?? SortTarget.KEY) !== SortTarget.KEY;
    const filtered = [req.min_mod_revision, req.max_mod_revision, req.min_create_revision, req.max_create_revision].some((v) => num(v) > 0);
    const inMemory = sorted || filtered || req.sort_order === SortOrder.DESCEND;
    // The page reads one row past the limit to tell whether there is more; a count needs no rows unless filtered.
    const page = await reads.page(b.start, b.end, inMemory || limit <= 0 ? 0 : limit + 1, {
      counted: !filtered,
      listed: !req.count_only || filtered,
    });
    if (req.count_only && page.count !== undefined) return { kvs: [], more: false, count: page.count };
    let kvs = page.rows.map((row) => this.reader.toKeyValue(row, !req.keys_only)).filter((kv): kv is KeyValue => kv !== undefined);
    if (inMemory) {
      kvs = kvs.filter((kv) => this.keep(kv, req));
      kvs = sortKvs(kvs, req.sort_order ?? SortOrder.NONE, req.sort_target ?? SortTarget.KEY);
    }
    const total = page.count ?? kvs.length;
    if (req.count_only) return { kvs: [], more: false, count: total };
    const more = limit > 0 && kvs.length > limit;
    return { kvs: limit > 0 ? kvs.slice(0, limit) : kvs, more, count: total };
  }

  private keep(kv: KeyValue, req: RangeRequest): boolean {
    const bound = (v: number | string | undefined, ok: (n: number) => boolean) => num(v) <= 0 || ok(num(v));
    return bound(req.min_mod_revision, (n) => kv.mod_revision >= n) && bound(req.max_mod_revision, (n) => kv.mod_revision <= n)
      && bound(req.min_create_revision, (n) => kv.create_revision >= n) && bound(req.max_create_revision, (n) => kv.create_revision <= n);
  }

  public async put(req: PutRequest) {
    this.checkPut(req);
    await this.checkLease(req);
    return this.commits.submit(async (tx) => ({ ...await this.applyPut(req, tx), header: this.header(tx.currentRevision()) }));
  }

  private checkPut(req: PutRequest): void {
    if (!req.key || req.key.length === 0) throw errors.emptyKey();
    if (req.key.length + (req.value?.length ?? 0) > MAX_REQUEST_BYTES) throw errors.requestTooLarge();
  }

  /** A put naming an unknown lease fails before it is queued (etcd checks leases before proposing). */
  private async checkLease(req: PutRequest): Promise<void> {
    const lease = num(req.lease);
    if (lease !== 0 && !await this.leases.get(lease)) throw errors.leaseNotFound();
  }

  private async applyPut(req: PutRequest, tx: LogTx) {
    const { prev } = await new KvWriter(tx).put(req.key.toString('utf8'), req.value ?? Buffer.alloc(0), num(req.lease), {
      ignoreValue: req.ignore_value,
      ignoreLease: req.ignore_lease,
    });
    return req.prev_kv && prev ? { prev_kv: this.reader.toKeyValue(prev) } : {};
  }

  public deleteRange(req: DeleteRangeRequest) {
    if (!req.key || req.key.length === 0) throw errors.emptyKey();
    return this.commits.submit(async (tx) => ({ ...await this.applyDelete(req, tx), header: this.header(tx.currentRevision()) }));
  }

  private async applyDelete(req: DeleteRangeRequest, tx: LogTx) {
    const b = bounds({ key: req.key, end: req.range_end });
    const live: Row[] = b.single
      ? [await tx.latest(storedName(b.start))].filter((r): r is Row => r !== undefined && !r.deleted)
      : await tx.list(b.start, b.end, tx.currentRevision(), 0);
    const prevKvs = live.map((row) => this.reader.toKeyValue(row)).filter((kv): kv is KeyValue => kv !== undefined);
    const writer = new KvWriter(tx);
    for (const row of live) await writer.delete(row);
    return { deleted: live.length, ...(req.prev_kv ? { prev_kvs: prevKvs } : {}) };
  }

  public async txn(req: TxnRequest) {
    this.checkTxn(req);
    for (const op of txnOps(req)) if (op.request_put) await this.checkLease(op.request_put);
    return this.commits.submit((tx) => this.applyTxn(req, tx));
  }

  private checkTxn(req: TxnRequest): void {
    if ((req.compare?.length ?? 0) > MAX_TXN_OPS || (req.success?.length ?? 0) > MAX_TXN_OPS || (req.failure?.length ?? 0) > MAX_TXN_OPS) {
      throw errors.tooManyOps();
    }
    for (const branch of [req.success ?? [], req.failure ?? []]) {
      const putKeys = branch.filter((op) => op.request_put).map((op) => op.request_put!.key.toString('utf8'));
      if (new Set(putKeys).size !== putKeys.length) throw errors.duplicateKey();
    }
    for (const op of [...req.success ?? [], ...req.failure ?? []]) {
      if (op.request_put) this.checkPut(op.request_put);
      else if (op.request_txn) this.checkTxn(op.request_txn);
      else if (op.request_range && (!op.request_range.key || op.request_range.key.length === 0)) throw errors.emptyKey();
    }
  }

  private async applyTxn(req: TxnRequest, tx: LogTx): Promise<{ header: ReturnType<Store['header']>; succeeded: boolean; responses: object[] }> {
    let succeeded = true;
    for (const c of req.compare ?? []) {
      if (!await this.compare(c, tx)) {
        succeeded = false;
        break;
      }
    }
    const responses: object[] = [];
    for (const op of (succeeded ? req.success : req.failure) ?? []) responses.push(await this.applyOp(op, tx));
    return { header: this.header(tx.currentRevision()), succeeded, responses };
  }

  private async applyOp(op: RequestOp, tx: LogTx): Promise<object> {
    const header = () => this.header(tx.currentRevision());
    if (op.request_put) {
      const put = await this.applyPut(op.request_put, tx);
      return { response_put: { ...put, header: header() } };
    }
    if (op.request_delete_range) {
      const deleted = await this.applyDelete(op.request_delete_range, tx);
      return { response_delete_range: { ...deleted, header: header() } };
    }
    if (op.request_range) {
      const revision = await this.reader.checkRevision(num(op.request_range.revision), tx);
      const range = await this.rangeAt(op.request_range, historyReads(tx, revision));
      return { response_range: { ...range, header: header() } };
    }
    if (op.request_txn) return { response_txn: await this.applyTxn(op.request_txn, tx) };
    throw errors.unsupported('an empty txn operation');
  }

  private async compare(c: Compare, tx: LogTx): Promise<boolean> {
    const b = bounds({ key: c.key, end: c.range_end });
    const found = b.single
      ? [await this.reader.get(b.start, undefined, tx)]
      : (await tx.list(b.start, b.end, tx.currentRevision(), 0)).map((row) => this.reader.toKeyValue(row));
    // As in etcd, a missing key compares as an empty one: mod_revision == 0 is how "create if absent" is written.
    const kvs = found.length > 0 ? found : [undefined];
    const target = c.target ?? CompareTarget.VERSION;
    return kvs.every((kv) => {
      if (target === CompareTarget.VALUE) {
        if (!kv) return false;
        return holds(Buffer.compare(kv.value, c.value ?? Buffer.alloc(0)), c.result ?? CompareResult.EQUAL);
      }
      const actual = !kv ? 0 : target === CompareTarget.VERSION ? kv.version : target === CompareTarget.CREATE ? kv.create_revision
        : target === CompareTarget.MOD ? kv.mod_revision : kv.lease;
      const expected = num(target === CompareTarget.VERSION ? c.version : target === CompareTarget.CREATE ? c.create_revision
        : target === CompareTarget.MOD ? c.mod_revision : c.lease);
      return holds(Math.sign(actual - expected), c.result ?? CompareResult.EQUAL);
    });
  }

  /** Compacts history up to `revision`, as etcd's Compact does; resolves when done. */
  public async compact(revisionInput: number | string) {
    const revision = num(revisionInput);
    if (revision > this.log.currentRevision()) throw errors.futureRevision();
    if (revision <= this.log.compactRevision()) throw errors.compacted();
    await this.log.compact(revision);
    return { header: this.header() };
  }

  /** Grants a lease. */
  public async leaseGrant(ttl: number | string, id: number | string) {
    const lease = await this.commits.submit((tx) => this.leases.grant(tx, num(ttl), num(id)));
    return { header: this.header(), ID: lease.id, TTL: lease.ttl, error: '' };
  }

  /** Revokes a lease, deleting its keys in one durable commit. */
  public async leaseRevoke(idInput: number | string) {
    const id = num(idInput);
    await this.commits.submit(async (tx) => {
      if (!await tx.lease(id)) throw errors.leaseNotFound();
      const writer = new KvWriter(tx);
      for (const row of await tx.leaseKeys(id)) await writer.delete(row);
      await tx.removeLease(id);
    });
    return { header: this.header() };
  }

  public async leaseKeepAlive(idInput: number | string) {
    const lease = await this.commits.submit((tx) => this.leases.keepAlive(tx, num(idInput)));
    return { header: this.header(), ID: lease.id, TTL: lease.ttl };
  }

  public async leaseTimeToLive(idInput: number | string, keys: boolean) {
    const id = num(idInput);
    const lease = await this.leases.get(id);
    if (!lease) return { header: this.header(), ID: id, TTL: -1, grantedTTL: 0, keys: [] };
    return {
      header: this.header(),
      ID: id,
      TTL: this.leases.remaining(lease),
      grantedTTL: lease.ttl,
      keys: keys ? (await this.leases.keysOf(id)).map((k) => Buffer.from(k)) : [],
    };
  }

  public async leaseLeases() {
    return { header: this.header(), leases: (await this.leases.all()).map((l) => ({ ID: l.id })) };
  }

  /** Revokes leases whose time is up; called periodically. */
  public async expireLeases(): Promise<number> {
    let expired = 0;
    for (const lease of await this.leases.expired()) {
      await this.leaseRevoke(lease.id).catch(() => undefined);
      expired++;
    }
    return expired;
  }
}

/** Where a Range reads: one key's row, and a page of a range with (or without) its count and rows. */
interface RangeReads {
  latest(name: string): Row | undefined | Promise<Row | undefined>;
  page(start: string, end: string, limit: number, want: { counted: boolean; listed: boolean }):
  { rows: Row[]; count?: number } | Promise<{ rows: Row[]; count?: number }>;
}

/** Reads of the newest state in memory: synchronous, so a page and its count are of one revision. */
function newestReads(newest: NewestRows): RangeReads {
  return {
    latest: (name) => newest.get(name),
    page: (start, end, limit, want) => ({
      rows: want.listed ? newest.list(start, end, limit) : [],
      count: want.counted ? newest.count(start, end) : undefined,
    }),
  };
}

/** Reads at `revision` through `log`: history, or a write transaction's view of its own writes. */
function historyReads(log: LogReader, revision: number): RangeReads {
  return {
    latest: (name) => log.latest(name, revision),
    page: async (start, end, limit, want) => ({
      count: want.counted ? await log.count(start, end, revision) : undefined,
      rows: want.listed ? await log.list(start, end, revision, limit) : [],
    }),
  };
}

/** Every operation of a txn, nested txns included. */
function txnOps(req: TxnRequest): RequestOp[] {
  return [...req.success ?? [], ...req.failure ?? []].flatMap((op) => (op.request_txn ? [op, ...txnOps(op.request_txn)] : [op]));
}

function holds(sign: number, result: CompareResult): boolean {
  switch (result) {
    case CompareResult.EQUAL: return sign === 0;
    case CompareResult.GREATER: return sign > 0;
    case CompareResult.LESS: return sign < 0;
    case CompareResult.NOT_EQUAL: return sign !== 0;
    default: return false;
  }
}

function sortKvs(kvs: KeyValue[], order: SortOrder, target: SortTarget): KeyValue[] {
  const key = (kv: KeyValue): number | Buffer => {
    switch (target) {
      case SortTarget.VERSION: return kv.version;
      case SortTarget.CREATE: return kv.create_revision;
      case SortTarget.MOD: return kv.mod_revision;
      case SortTarget.VALUE: return kv.value;
      default: return kv.key;
    }
  };
  const cmp = (a: KeyValue, b: KeyValue) => {
    const x = key(a);
    const y = key(b);
    return Buffer.isBuffer(x) ? Buffer.compare(x, y as Buffer) : (x as number) - (y as number);
  };
  const sorted = [...kvs].sort(cmp);
  return order === SortOrder.DESCEND ? sorted.reverse() : sorted;
}
