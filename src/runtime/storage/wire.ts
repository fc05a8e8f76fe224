import type { KeyValue } from './kv';
import type { WatchEvent } from './watch-hub';
import { ProtoMessage } from '../protobuf';

/** `mvccpb.KeyValue`: key = 1, create_revision = 2, mod_revision = 3, version = 4, value = 5, lease = 6. */
export function keyValueMessage(kv: KeyValue): ProtoMessage {
  return new ProtoMessage()
    .bytes(1, kv.key)
    .varint(2, kv.create_revision)
    .varint(3, kv.mod_revision)
    .varint(4, kv.version)
    .bytes(5, kv.value)
    .varint(6, kv.lease);
}

/**
 * `mvccpb.Event` (type = 1, kv = 2, prev_kv = 3), encoded once per event object: a commit's events are shared by the
 * watchers that select them alike (WatchHub), so each is written once however many watchers receive it.
 */
const encodedEvents = new WeakMap<WatchEvent, Buffer>();
function eventBytes(event: WatchEvent): Buffer {
  let bytes = encodedEvents.get(event);
  if (!bytes) {
    const message = new ProtoMessage().varint(1, event.type).message(2, keyValueMessage(event.kv));
    if (event.prev_kv) message.message(3, keyValueMessage(event.prev_kv));
    bytes = message.encode();
    encodedEvents.set(event, bytes);
  }
  return bytes;
}

/** `etcdserverpb.ResponseHeader`: cluster_id = 1, member_id = 2, revision = 3, raft_term = 4. */
export interface ResponseHeader {
  readonly cluster_id: number;
  readonly member_id: number;
  readonly revision: number;
  readonly raft_term: number;
}

/** `etcdserverpb.RangeResponse`: header = 1, kvs = 2, more = 3, count = 4. */
export interface RangeResponse {
  readonly header: ResponseHeader;
  readonly kvs: readonly KeyValue[];
  readonly more: boolean;
  readonly count: number;
}

/**
 * A RangeResponse in etcd's wire format, written straight from the store's answer. A list of hundreds of objects is
 * the largest message the store sends; the generic encoder first copies it into message objects (every int64
 * converted), which cost more than the bytes themselves.
 */
export function encodeRangeResponse(res: RangeResponse): Buffer {
  const message = new ProtoMessage().message(1, headerMessage(res.header));
  for (const kv of res.kvs) message.message(2, keyValueMessage(kv));
  return message.bool(3, res.more).varint(4, res.count).encode();
}

function headerMessage(h: ResponseHeader): ProtoMessage {
  return new ProtoMessage().varint(1, h.cluster_id).varint(2, h.member_id).varint(3, h.revision).varint(4, h.raft_term);
}

/** A WatchResponse that carries events: header = 1, watch_id = 2, events = 11. */
export interface WatchEventsResponse {
  readonly header: ResponseHeader;
  readonly watch_id: number;
  readonly events: readonly WatchEvent[];
}

/**
 * Writes a WatchResponse carrying events in etcd's wire format (every event encoded once, see eventBytes); any other
 * WatchResponse (created, canceled, progress, whose watch id may be -1) goes to `otherwise`, the generic encoder.
 */
export function watchResponseEncoder(otherwise: (res: object) => Buffer): (res: object) => Buffer {
  return (res) => {
    const { header, watch_id: id, events } = res as Partial<WatchEventsResponse>;
    if (!header || !events || events.length === 0 || id === undefined || id < 0 || Object.keys(res).length !== 3) return otherwise(res);
    const message = new ProtoMessage().message(1, headerMessage(header)).varint(2, id);
    // An embedded message is written as bytes of its encoding: the same on the wire.
    for (const event of events) message.bytes(11, eventBytes(event));
    return message.encode();
  };
}

