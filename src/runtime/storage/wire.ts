import type { KeyValue } from './kv';
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
  const h = res.header;
  const message = new ProtoMessage().message(1, new ProtoMessage()
    .varint(1, h.cluster_id).varint(2, h.member_id).varint(3, h.revision).varint(4, h.raft_term));
  for (const kv of res.kvs) message.message(2, keyValueMessage(kv));
  return message.bool(3, res.more).varint(4, res.count).encode();
}
