import type { NewestRows } from './newest-rows';

/**
 * The storage model shared by every dialect: kine's log-structured table, where every write is one inserted row and
 * a key's revision history is the chain of rows linked by `prev_revision`.
 */

/** A write to insert: a create, an update or a delete (tombstone) of one key. */
export interface NewRow {
  readonly name: string;
  readonly created: boolean;
  readonly deleted: boolean;
  readonly createRevision: number;
  /** Id of the row this one supersedes (0 for a first create): the optimistic-concurrency check. */
  readonly prevRevision: number;
  readonly lease: number;
  readonly value: Buffer | null;
  /**
   * The superseded row's value, kept on the row as kine does (watch events' prev_kv). Only rows read as history
   * (`rowsAfter`) or just written carry it; reads of the current state (`latest`, `list`) leave it null.
   */
  readonly oldValue: Buffer | null;
  /** The key's version at this row: its revisions since its create (0 for a tombstone). */
  readonly version: number;
}

/** One row of kine's table: a write, with the revision (row id) it got. */
export interface Row extends NewRow {
  readonly id: number;
}

/** The keys a read or watch selects: `start` alone when `single`, else [start, end) in UTF-8 byte order. */
export interface KeySelection {
  readonly start: string;
  readonly end: string;
  readonly single: boolean;
}

/** Reads of the log; inside a write transaction they see the transaction's own earlier writes. */
export interface LogReader {
  /** Latest row of a key at or below `revision` (deleted rows included), or undefined. */
  latest(name: string, revision?: number): Promise<Row | undefined>;
  /** Latest live rows of the keys in [start, end) at `revision`, in key order, at most `limit` (0: no limit). */
  list(start: string, end: string, revision: number, limit: number): Promise<Row[]>;
  /** Number of live keys in [start, end) at `revision`. */
  count(start: string, end: string, revision: number): Promise<number>;
  /** Live rows attached to a lease. */
  leaseKeys(lease: number): Promise<Row[]>;
  lease(id: number): Promise<LeaseRecord | undefined>;
  currentRevision(): number;
  compactRevision(): number;
}

/** A stored lease: its TTL in seconds and its absolute expiry in epoch milliseconds. */
export interface LeaseRecord {
  readonly id: number;
  readonly ttl: number;
  readonly expiresAt: number;
}

/** A write transaction: reads plus inserts, and the lease table. */
export interface LogTx extends LogReader {
  /**
   * Inserts a row, the next revision. It may reach the database only with the commit, which then throws
   * KeyExistsError when a writer outside the write lock superseded `prevRevision` first.
   */
  insert(row: NewRow): Promise<Row>;
  /** Runs `fn` in a savepoint: when it throws, its writes alone are undone. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
  /** Records a lease, or its new expiry. */
  putLease(lease: LeaseRecord): Promise<void>;
  removeLease(id: number): Promise<void>;
}

/**
 * The log the store runs on: reads at any revision, serialized write transactions whose rows are published in
 * revision order, and the upkeep the server schedules. `SqlLog` implements it over every SQL dialect; the store's
 * core (store, leases, group commit) knows only this interface.
 */
export interface Log extends LogReader {
  /** Called with committed rows (ours and other processes'), in revision order, once each. */
  onCommit: (rows: readonly Row[]) => void;
  /**
   * The newest state, in memory, once it holds every commit made before the call (other processes' too): read
   * synchronously right after, it is exactly the state at `currentRevision()`.
   */
  newest(): Promise<NewestRows>;
  /** Runs `fn` in one transaction; resolves once it is committed (durable) and its rows are published. */
  write<T>(fn: (tx: LogTx) => Promise<T>): Promise<T>;
  /**
   * Rows with ids above `from`, in revision order, at most `limit`: the history watches replay, of the keys `keys`
   * selects when given.
   */
  rowsAfter(from: number, limit: number, keys?: KeySelection): Promise<Row[]>;
  /** Publishes what other processes committed since our newest revision. */
  catchUp(): Promise<void>;
  /** Removes history up to `revision` in batches of `batch` revisions; returns the number of rows removed. */
  compact(revision: number, batch?: number): Promise<number>;
  /** Gives space back after compaction, as cheaply as the database can. */
  reclaim(): Promise<void>;
  /** Rebuilds the database's storage to give every free page back (etcd's defragment). */
  defragment(): Promise<void>;
  leases(): Promise<LeaseRecord[]>;
  /** Leases whose expiry is at or before `now` (a bounded batch). */
  expiredLeases(now: number): Promise<LeaseRecord[]>;
  /** Leases of live keys without a lease record (kine stores a key's TTL in seconds as its lease). */
  orphanLeases(): Promise<number[]>;
  /** Writes a snapshot of the whole store to `file`: a SQLite database holding its rows, whatever the dialect. */
  snapshot(file: string): Promise<void>;
  /** Space the database takes, in bytes. */
  sizeBytes(): Promise<number>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  /** Calls `listener` when another process commits, where the database can tell; false when it cannot. */
  listen(listener: () => void): Promise<boolean>;
  close(): Promise<void>;
}

/** A concurrent write got there first (the unique (name, prev_revision) index refused the insert). */
export class KeyExistsError extends Error {
  public constructor(name: string) {
    super(`key ${name} was modified concurrently`);
  }
}

/** The name kine keeps its own compaction bookkeeping under (never shown to clients). */
export const COMPACT_KEY = 'compact_rev_key';
/** Where the apiserver's own `compact_rev_key` is stored, as kine does, since COMPACT_KEY is taken. */
export const APISERVER_COMPACT_KEY = 'compact_rev_key_apiserver';
