import type { KeyValue, KvReader } from './kv';
import { bounds, storedName } from './kv';
import { APISERVER_COMPACT_KEY, COMPACT_KEY, type KeySelection, type Row } from './log';
import { compareKeys } from './newest-rows';

/** etcd's mvccpb.Event. */
export interface WatchEvent {
  type: 0 | 1;
  kv: KeyValue;
  prev_kv?: KeyValue;
}

/** What a watch selects and how events reach it. */
export interface Watcher extends KeySelection {
  readonly prevKv: boolean;
  readonly noPut: boolean;
  readonly noDelete: boolean;
  /** Events of one commit, and the revision they bring the watcher to. */
  deliver(events: WatchEvent[], revision: number): void;
}

/** Builds a watcher's selection from a watch create request's key range. */
export function selection(key: Buffer, rangeEnd: Buffer | undefined): KeySelection {
  const b = bounds({ key, end: rangeEnd });
  return { ...b, start: storedName(b.start) };
}

function matches(w: Watcher, name: string): boolean {
  // In the byte order the databases and etcd use: a replay's rows were chosen by it.
  return w.single ? name === w.start : compareKeys(name, w.start) >= 0 && compareKeys(name, w.end) < 0;
}

/**
 * Fans committed rows out to watchers in process, straight after the commit that made them durable: no polling
 * lag for the shim's own writes.
 */
export class WatchHub {
  private readonly watchers = new Set<Watcher>();

  public constructor(private readonly kv: KvReader) {}

  public get size(): number {
    return this.watchers.size;
  }

  public add(w: Watcher): void {
    this.watchers.add(w);
  }

  public remove(w: Watcher): void {
    this.watchers.delete(w);
  }

  /** The event a row stands for, as a watcher wants it (undefined for internal rows). */
  public event(row: Row, w: Pick<Watcher, 'prevKv'>): WatchEvent | undefined {
    if (row.name === COMPACT_KEY || row.name.startsWith('gap-')) return undefined;
    const deleted = row.deleted;
    const key = Buffer.from(row.name === APISERVER_COMPACT_KEY ? COMPACT_KEY : row.name);
    const kv = deleted
      ? { key, create_revision: 0, mod_revision: row.id, version: 0, value: Buffer.alloc(0), lease: 0 }
      : this.kv.toKeyValue(row);
    if (!kv) return undefined;
    const event: WatchEvent = { type: deleted ? 1 : 0, kv };
    if (w.prevKv && !row.created && row.prevRevision > 0) {
      event.prev_kv = {
        key: kv.key,
        create_revision: row.createRevision,
        mod_revision: row.prevRevision,
        version: Math.max(0, kv.version - 1),
        value: row.oldValue ?? Buffer.alloc(0),
        lease: row.lease,
      };
    }
    return event;
  }

  /**
   * Events of `rows` that `w` selects, honouring its filters. `shared` keeps each row's event (with and without its
   * previous value) for the other watchers of the same commit: they receive the same objects, encoded once.
   */
  public select(rows: readonly Row[], w: Watcher, shared?: Map<Row, [WatchEvent?, WatchEvent?]>): WatchEvent[] {
    const events: WatchEvent[] = [];
    for (const row of rows) {
      if (!matches(w, row.name)) continue;
      if (row.deleted ? w.noDelete : w.noPut) continue;
      let event: WatchEvent | undefined;
      if (shared) {
        const kept = shared.get(row) ?? [];
        const slot = w.prevKv ? 1 : 0;
        event = kept[slot] ??= this.event(row, w);
        shared.set(row, kept);
      } else {
        event = this.event(row, w);
      }
      if (event) events.push(event);
    }
    return events;
  }

  public publish(rows: readonly Row[]): void {
    const revision = rows[rows.length - 1].id;
    const shared = new Map<Row, [WatchEvent?, WatchEvent?]>();
    for (const w of this.watchers) {
      const events = this.select(rows, w, shared);
      if (events.length > 0) w.deliver(events, revision);
    }
  }
}
