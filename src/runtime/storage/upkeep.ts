import type { Store } from './store';

/** What the periodic upkeep of a store does, and how often. */
export interface UpkeepOptions {
  /** Follow commits of other shims on the same database (server databases). */
  readonly followOthers: boolean;
  /** How often other shims' commits are looked for, besides PostgreSQL's NOTIFY. */
  readonly pollIntervalMs?: number;
  /** How often history is compacted. */
  readonly compactIntervalMs?: number;
  /** Revisions kept behind the current one by compaction. */
  readonly compactMinRetain?: number;
  /** Revisions compacted per transaction. */
  readonly compactBatchSize?: number;
  readonly log?: (line: string) => void;
}

/**
 * Starts the timers that keep a store in shape: lease expiry every second, compaction with retention (and giving the
 * space back afterwards), and following other shims' commits. Returns the function that stops them. Timers do not
 * keep the process alive.
 */
export async function startUpkeep(store: Store, options: UpkeepOptions): Promise<() => void> {
  const timers: NodeJS.Timeout[] = [];
  const report = (what: string) => (err: Error) => options.log?.(`${what}: ${err.message}`);
  if (options.followOthers) {
    const catchUp = () => void store.log.catchUp().catch(report('following other writers'));
    await store.log.listen(catchUp);
    timers.push(setInterval(catchUp, options.pollIntervalMs ?? 1000));
  }
  timers.push(setInterval(() => void store.expireLeases().catch(report('lease expiry')), 1000));
  const retain = options.compactMinRetain ?? 1000;
  timers.push(setInterval(() => {
    const target = store.log.currentRevision() - retain;
    if (target <= store.log.compactRevision()) return;
    void store.log.compact(target, options.compactBatchSize ?? 1000)
      .then(() => store.log.reclaim())
      .catch(report('compaction'));
  }, options.compactIntervalMs ?? 5 * 60_000));
  for (const timer of timers) timer.unref();
  return () => timers.forEach((timer) => clearInterval(timer));
}
