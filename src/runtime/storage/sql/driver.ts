import type { Row } from '../log';
import type { Statement } from './statements';

/** A raw result row, column name to value, as a database client returns it. */
export type RawRow = Record<string, unknown>;

/** One connection's statements. SQL is written with `?` placeholders; drivers translate them where they differ. */
export interface Queryable {
  all(sql: string, params?: readonly unknown[]): Promise<RawRow[]>;
  /** Runs a statement; `insertId` is the id an INSERT produced (the statement must end in `RETURNING id` on PostgreSQL). */
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number; insertId: number }>;
}

/** Where the dialects' SQL differs. Everything else is shared (see statements.ts). */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres' | 'mysql';
  /** Statements creating kine's table and indexes, our tables, and the write-lock row; all idempotent. */
  readonly schema: readonly string[];
  /**
   * Deletes the rows compaction removes in one batch of revisions (from, to]: superseded rows and tombstones, never
   * the newest row. Parameters: from, to, from, to.
   */
  readonly compactBatch: string;
  /**
   * After rows were inserted with their ids given (a restore): sets kine's id sequence to the highest id, so the next
   * write gets the next revision; `outsideTransaction` when the statement commits by itself (MySQL's ALTER TABLE).
   */
  readonly syncIdSequence: { readonly sql: string; readonly outsideTransaction?: boolean };
  /** A statement run with the commit of every write transaction that wrote rows, telling other processes to look (NOTIFY). */
  readonly notify?: string;
  /**
   * The statements that write `rows` (their ids given, in id order) into kine's table, and set the `vck_current` entry
   * of each key they change: as few as the database allows, since each costs a round trip to a server.
   */
  insertRows(rows: readonly Row[]): readonly Statement[];
  /** Unique-constraint violation: another writer superseded the same row. */
  isUniqueViolation(err: unknown): boolean;
  /** A range bound as the database can compare it byte-wise (PostgreSQL text cannot hold NUL). */
  bound(key: string): string;
  /** The ORDER BY expression that sorts key names byte-wise. */
  nameOrder(column: string): string;
}

/**
 * A database: pooled reads that see committed data, and one exclusive write transaction at a time. `write` holds
 * the store-wide write lock (SQLite's BEGIN IMMEDIATE, a locked row elsewhere) for the whole transaction, so row
 * ids are handed out in commit order even with several shims on one database: a reader that sees id N sees every
 * committed id below it, which is what lets watchers follow the table without waiting on gaps.
 */
export interface Driver extends Queryable {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in the write transaction and commits it. `wroteRows`, asked just before the commit, tells whether it
   * wrote rows: the commit then tells other processes (`dialect.notify`).
   */
  write<T>(fn: (tx: Queryable) => Promise<T>, wroteRows?: () => boolean): Promise<T>;
  /**
   * A number that changes whenever another connection or process commits (SQLite's `data_version`), read without a
   * query; absent where only a query can tell (the database servers).
   */
  dataVersion?(): number;
  /** Calls `listener` when another process committed (PostgreSQL NOTIFY); returns false when not supported. */
  listen(listener: () => void): Promise<boolean>;
  /** Resolves when the database answers (and, for a file, is still where it was opened). */
  ping(): Promise<void>;
  /** Space the database takes, in bytes. */
  sizeBytes(): Promise<number>;
  /** Gives space back after compaction (SQLite: WAL checkpoint and incremental vacuum). */
  reclaim(): Promise<void>;
  /** The database's own rebuild of its storage (SQLite VACUUM, PostgreSQL VACUUM, MySQL OPTIMIZE TABLE). */
  defragment(): Promise<void>;
  /** Writes the store's tables, as of one consistent moment, into a new SQLite database at `file`. */
  snapshot(file: string): Promise<void>;
  close(): Promise<void>;
}

/** The name of the notification channel a commit signals on. */
export const NOTIFY_CHANNEL = 'vck_kine';
