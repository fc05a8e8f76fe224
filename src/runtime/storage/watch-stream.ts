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

  public constructor(
    private readonly store: Store,
    private readonly stream: ServerDuplexStream<WatchRequest, object>,
    private readonly progressIntervalMs: number,
  ) {
    stream.on('data', (req: WatchRequest) => {
      try {
        this.handle(req);
      } catch (err) {
        stream.destroy(err as Error);
      }
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

  private handle(req: WatchRequest): void {
    if (req.create_request) this.create(req.create_request);
    else if (req.cancel_request) this.cancel(Number(req.cancel_request.watch_id), true);
    else if (req.progress_request) this.send({ header: this.store.header(), watch_id: PROGRESS_WATCH_ID });
  }

  private create(req: NonNullable<WatchRequest['create_request']>): void {
    const requested = Number(req.watch_id ?? 0);
    const id = requested > 0 ? requested : this.nextId++;
    if (this.watches.has(id)) {
      this.send({ header: this.store.header(), watch_id: id, created: true, canceled: true, cancel_reason: 'etcdserver: duplicate watch ID' });
      return;
    }
    const log = this.store.log;
    const start = Number(req.start_revision ?? 0);
    this.send({ header: this.store.header(), watch_id: id, created: true });
    if (start > 0 && start <= log.compactRevision()) {
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
    const watch: ActiveWatch = {
      ...selection(req.key, req.range_end),
      prevKv: !!req.prev_kv,
      noPut: filters.includes(NO_PUT),
      noDelete: filters.includes(NO_DELETE),
      deliver: (events: WatchEvent[], revision: number) => {
        this.send({ header: this.store.header(revision), watch_id: id, events });
      },
    };
    // History is replayed and the watch joins the hub in one synchronous stretch: commits (and their fan-out) run
    // on the event loop too, so none can fall between the two, and none is sent twice.
    let cursor = start > 0 ? start - 1 : log.currentRevision();
    const until = log.currentRevision();
    while (cursor < until) {
      const rows = log.rowsAfter(cursor, until, REPLAY_CHUNK);
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1].id;
      const events = this.store.hub.select(rows, watch);
      if (events.length > 0) watch.deliver(events, cursor);
    }
    this.store.hub.add(watch);
    if (req.progress_notify) {
      watch.timer = setInterval(() => this.send({ header: this.store.header(), watch_id: id }), this.progressIntervalMs);
    }
    this.watches.set(id, watch);
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
