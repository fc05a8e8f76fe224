import type { Log, LogTx } from './log';

interface Pending<T> {
  readonly apply: (tx: LogTx) => Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit: the writes that arrive while one commit is being made share the next transaction and its single
 * sync. In a batch of several, each write runs in its own savepoint, so one that fails is undone alone; none is
 * acknowledged before the shared commit has returned, which means it is durable (SQLite synchronous=FULL, the
 * servers' default synchronous commits).
 */
export class GroupCommit {
  private queue: Pending<unknown>[] = [];
  private flushing = false;

  public constructor(
    private readonly log: Log,
    /** Observes how many writes each commit carried. */
    private readonly onBatch: (size: number) => void = () => {},
  ) {}

  /** Queues a write; resolves with its result once the batch holding it is durable. */
  public submit<T>(apply: (tx: LogTx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ apply, resolve, reject } as Pending<unknown>);
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Commits batches until the queue is empty; writes queued during a commit form the next batch. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      await this.commit(batch);
    }
    this.flushing = false;
  }

  private async commit(batch: Pending<unknown>[]): Promise<void> {
    let outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[];
    try {
      outcomes = await this.log.write(async (tx) => {
        if (batch.length === 1) return [{ ok: true as const, value: await batch[0].apply(tx) }];
        const results: typeof outcomes = [];
        for (const item of batch) {
          try {
            results.push({ ok: true, value: await tx.savepoint(() => item.apply(tx)) });
          } catch (err) {
            results.push({ ok: false, err });
          }
        }
        return results;
      });
    } catch (err) {
      // The commit failed (or the only write did): nothing of the batch is durable, so every write in it fails.
      for (const item of batch) item.reject(err);
      return;
    }
    this.onBatch(batch.length);
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.err);
    });
  }
}
