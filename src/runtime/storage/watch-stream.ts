import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { Store } from './store';
import { selection, type WatchEvent, type Watcher } from './watch-hub';

/* eslint-disable @typescript-eslint/naming-convention */
interface WatchRequest {
  create_request?: {
    key: Buffer;
    range_end?: Buffer;
    start_revision?: string | number;
    progress_notify?: boolean;
    filters?: number[];
    prev_kv?: boolean;
    watch_id?: string | number;
  };
  cancel_request?: { watch_id: string | number };
  progress_request?: object;
}
/* eslint-enable @typescript-eslint/naming-convention */

const NO_PUT = 0;
const NO_DELETE = 1;
type ActiveWatch = Watcher & { timer?: NodeJS.Timeout };

/** Rows replayed per read when a watch starts from an old revision. */
const REPLAY_CHUNK = 1000;
/** The watch id of responses to a progress request (clientv3's InvalidWatchID). */
const PROGRESS_WATCH_ID = -1;

/**
 * One client's Watch stream: any number of watches, each replaying history from its start revision and then
 * following live commits, with progress notifications and cancellation, as etcd's watch server behaves.
 */
export class WatchStream {
  private readonly watches = new Map<number, ActiveWatch>();
  private nextId = 0;
  private handling: Promise<void> = Promise.resolve();

  public constructor(
    private readonly store: Store,
    private readonly stream: ServerDuplexStream<WatchRequest, object>,
    private readonly progressIntervalMs: number,
  ) {
    // Requests are handled one after another, in the order they came, though creating a watch reads history.
    stream.on('data', (req: WatchRequest) => {
      this.handling = this.handling.then(() => this.handle(req)).catch((err) => {
        stream.destroy(err as Error);
      });
    });
    stream.on('end', () => {
      this.close();
      stream.end();
    });
    stream.on('error', () => this.close());
    stream.on('close', () => this.close());
  }

  private send(response: object): void {
    if (!this.stream.destroyed && this.stream.writable) this.stream.write(response);
  }

  private async handle(req: WatchRequest): Promise<void> {
    if (req.create_request) await this.create(req.create_request);
    else if (req.cancel_request) this.cancel(Number(req.cancel_request.watch_id), true);
    else if (req.progress_request) this.send({ header: this.store.header(), watch_id: PROGRESS_WATCH_ID });
  }

  private async create(req: NonNullable<WatchRequest['create_request']>): Promise<void> {
    const requested = Number(req.watch_id ?? 0);
    const id = requested > 0 ? requested : this.nextId++;
    if (this.watches.has(id)) {
      this.send({ header: this.store.header(), watch_id: id, created: true, canceled: true, cancel_reason: 'etcdserver: duplicate watch ID' });
      return;
    }
    const log = this.store.log;
    const start = Number(req.start_revision ?? 0);
    this.send({ header: this.store.header(), watch_id: id, created: true });
    // As etcd (mvcc's watchable store): only a start below the compacted revision is gone; the compacted revision
    // itself is still served.
    if (start > 0 && start < log.compactRevision()) {
      this.send({
        header: this.store.header(),
        watch_id: id,
        canceled: true,
        compact_revision: log.compactRevision(),
        cancel_reason: 'etcdserver: mvcc: required revision has been compacted',
      });
      return;
    }
    const filters = req.filters ?? [];
    // Live commits that arrive while history is replayed wait in `pending`, then follow it: none falls between the
    // two, and none is sent twice (the hub only publishes revisions above `until`).
    let pending: { events: WatchEvent[]; revision: number }[] | undefined = [];
    const send = (events: WatchEvent[], revision: number) => this.send({ header: this.store.header(revision), watch_id: id, events });
    const watch: ActiveWatch = {
      ...selection(req.key, req.range_end),
      prevKv: !!req.prev_kv,
      noPut: filters.includes(NO_PUT),
      noDelete: filters.includes(NO_DELETE),
      deliver: (all: WatchEvent[], revision: number) => {
        // A watch may start above the current revision: it sees nothing older than its start.
        const events = start > 0 ? all.filter((e) => e.kv.mod_revision >= start) : all;
        if (events.length === 0) return;
        if (pending) pending.push({ events, revision });
        else send(events, revision);
      },
    };
    const until = log.currentRevision();
    this.store.hub.add(watch);
    this.watches.set(id, watch);
    for (let cursor = start > 0 ? start - 1 : until; cursor < until;) {
      const rows = (await log.rowsAfter(cursor, REPLAY_CHUNK, watch)).filter((row) => row.id <= until);
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1].id;
      const events = this.store.hub.select(rows, watch);
      if (events.length > 0) send(events, cursor);
    }
    for (const batch of pending) send(batch.events, batch.revision);
    pending = undefined;
    // Progress notifications start after the replay: one sent earlier would claim revisions not delivered yet.
    if (req.progress_notify && this.watches.get(id) === watch) {
      watch.timer = setInterval(() => this.send({ header: this.store.header(), watch_id: id }), this.progressIntervalMs);
    }
  }

  private cancel(id: number, reply: boolean): void {
    const watch = this.watches.get(id);
    if (!watch) return;
    if (watch.timer) clearInterval(watch.timer);
    this.store.hub.remove(watch);
    this.watches.delete(id);
    if (reply) this.send({ header: this.store.header(), watch_id: id, canceled: true });
  }

  private close(): void {
    for (const id of [...this.watches.keys()]) this.cancel(id, false);
  }
}
