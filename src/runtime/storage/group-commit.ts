import type { Row } from './log';
import type { SqliteLog } from './sqlite';

interface Pending<T> {
  readonly apply: () => T;
  readonly resolve: (value: T) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit: the writes that arrive while one commit is being made share the next transaction and its single
 * sync. Each write runs in its own savepoint, so one that fails is undone alone; none is acknowledged before the
 * shared commit has returned, which with synchronous=FULL means it is on disk.
 */
export class GroupCommit {
  private queue: Pending<unknown>[] = [];
  private scheduled = false;
  private pendingRows: Row[] = [];

  public constructor(
    private readonly log: SqliteLog,
    /** Called with every committed row, in revision order, right after the commit (watch fan-out). */
    private readonly onCommit: (rows: readonly Row[]) => void,
    /** Observes how many writes each commit carried. */
    private readonly onBatch: (size: number) => void = () => {},
  ) {}

  /** Records a row written by the write being applied (rolled back with it if it fails). */
  public written(row: Row): void {
    this.pendingRows.push(row);
  }

  /** Queues a write; resolves with its result once the batch holding it is durable. */
  public submit<T>(apply: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ apply, resolve, reject } as Pending<unknown>);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
    const committed: Row[] = [];
    try {
      this.log.transaction(() => {
        for (const item of batch) {
          this.pendingRows = [];
          try {
            outcomes.push({ ok: true, value: this.log.transaction(item.apply) });
            committed.push(...this.pendingRows);
          } catch (err) {
            outcomes.push({ ok: false, err });
          }
        }
      });
    } catch (err) {
      // The commit itself failed: nothing of the batch is durable, so every write in it fails.
      for (const item of batch) item.reject(err);
      return;
    } finally {
      this.pendingRows = [];
    }
    this.onBatch(batch.length);
    if (committed.length > 0) this.onCommit(committed);
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.err);
    });
  }
}
