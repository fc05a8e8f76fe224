import type { Dialect, Driver, Queryable, RawRow } from './driver';

/**
 * One connection's statements, failing at once once one of them timed out (`isTimeout`). The client libraries give up
 * on a statement at its timeout but leave the connection busy with it until the server answers, so a later statement
 * on the connection (its transaction's ROLLBACK) would queue behind it, waiting for a hung server (mysql2 does not even
 * time it), instead of failing with it. The connection is then dropped, never pooled again.
 */
export function failingAfterTimeout(statements: Queryable, isTimeout: (err: unknown) => boolean): Queryable {
  let timedOut: unknown;
  async function guarded<T>(statement: () => Promise<T>): Promise<T> {
    if (timedOut) throw timedOut;
    try {
      return await statement();
    } catch (err) {
      if (isTimeout(err)) timedOut = err;
      throw err;
    }
  }
  return {
    all: (sql, params) => guarded(() => statements.all(sql, params)),
    run: (sql, params) => guarded(() => statements.run(sql, params)),
  };
}

/** What PostgreSQL and MySQL drivers share: pooled reads, and write transactions under the `vck_lock` row. */
export abstract class ServerDriver implements Driver {
  /** The tables of the store, for the database's own maintenance statements. */
  protected static readonly TABLES = ['kine', 'vck_current', 'vck_lease'] as const;

  public abstract readonly dialect: Dialect;
  /** Statements on the pool, outside any transaction. */
  protected abstract readonly reads: Queryable;
  /**
   * Whether the database runs several statements without parameters sent as one text, in one round trip
   * (PostgreSQL's simple query protocol; mysql2 refuses them unless told otherwise).
   */
  protected readonly sendsStatementsTogether: boolean = false;

  public abstract write<T>(fn: (tx: Queryable) => Promise<T>, wroteRows?: () => boolean): Promise<T>;
  /** Runs `fn` in a read-only transaction that sees one consistent moment of the database. */
  protected abstract consistentRead<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  public abstract defragment(): Promise<void>;
  public abstract listen(listener: () => void): Promise<boolean>;
  public abstract sizeBytes(): Promise<number>;
  public abstract close(): Promise<void>;

  public all(sql: string, params?: readonly unknown[]): Promise<RawRow[]> {
    return this.reads.all(sql, params);
  }

  public run(sql: string, params?: readonly unknown[]): Promise<{ changes: number; insertId: number }> {
    return this.reads.run(sql, params);
  }

  public async ping(): Promise<void> {
    await this.all('SELECT 1');
  }

  public async reclaim(): Promise<void> {
    // The server reuses the space compaction frees (PostgreSQL's autovacuum, InnoDB's free pages).
  }

  public snapshot(file: string): Promise<void> {
    // The snapshot is a SQLite file: its driver (better-sqlite3) is loaded only when a snapshot is taken.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { writeSnapshot } = require('./snapshot') as typeof import('./snapshot');
    return this.consistentRead((tx) => writeSnapshot(tx, file));
  }

  /** Runs statements without parameters in order: in one round trip where the database allows it. */
  private async runAll(tx: Queryable, statements: readonly string[]): Promise<void> {
    if (this.sendsStatementsTogether && statements.length > 1) {
      await tx.run(statements.join('; '));
      return;
    }
    for (const statement of statements) await tx.run(statement);
  }

  /**
   * Runs `fn` in a transaction on one connection, started by the `begin` statements; with `lock`, holding the write
   * lock from its start to its commit. When `wroteRows` says so, the commit tells other processes (`dialect.notify`).
   * `onBroken` is told when the connection cannot be trusted afterwards (even the rollback failed), so it is not
   * reused. Beginning and taking the lock, and notifying and committing, go together where the database allows it:
   * two round trips less per write transaction.
   */
  protected async transaction<T>(tx: Queryable, begin: readonly string[], lock: boolean, fn: (tx: Queryable) => Promise<T>,
    onBroken: (err: Error) => void, wroteRows?: () => boolean): Promise<T> {
    try {
      await this.runAll(tx, lock ? [...begin, 'SELECT id FROM vck_lock WHERE id = 1 FOR UPDATE'] : begin);
      const result = await fn(tx);
      const notify = wroteRows?.() ? this.dialect.notify : undefined;
      await this.runAll(tx, notify ? [notify, 'COMMIT'] : ['COMMIT']);
      return result;
    } catch (err) {
      await tx.run('ROLLBACK').catch(onBroken);
      throw err;
    }
  }
}
