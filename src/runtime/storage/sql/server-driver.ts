import type { Dialect, Driver, Queryable, RawRow } from './driver';

/** What PostgreSQL and MySQL drivers share: pooled reads, and write transactions under the `vck_lock` row. */
export abstract class ServerDriver implements Driver {
  public abstract readonly dialect: Dialect;
  /** Statements on the pool, outside any transaction. */
  protected abstract readonly reads: Queryable;

  public abstract write<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
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

  /**
   * Runs `fn` in a transaction on one connection, holding the write lock from its start to its commit. `onBroken` is
   * told when the connection cannot be trusted afterwards (even the rollback failed), so it is not reused.
   */
  protected async lockedTransaction<T>(tx: Queryable, begin: string, fn: (tx: Queryable) => Promise<T>, onBroken: (err: Error) => void): Promise<T> {
    await tx.run(begin);
    try {
      await tx.all('SELECT id FROM vck_lock WHERE id = 1 FOR UPDATE');
      const result = await fn(tx);
      await tx.run('COMMIT');
      return result;
    } catch (err) {
      await tx.run('ROLLBACK').catch(onBroken);
      throw err;
    }
  }
}
