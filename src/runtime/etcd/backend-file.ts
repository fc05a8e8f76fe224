import { writeBoltFile, type BoltEntry } from './bolt-file';
import { Crc32c } from './crc32c';
import { ProtoMessage } from '../protobuf';
import type { KeyValue } from '../storage/kv';
import { keyValueMessage } from '../storage/wire';

/**
 * etcd's backend database (the bbolt file a snapshot holds) made from a known set of keys, as etcd's own mvcc store
 * keeps them: the `key` bucket maps a revision (8-byte main, '_', 8-byte sub, big-endian so that byte order is
 * revision order) to the `mvccpb.KeyValue` written at it, the `lease` bucket maps a lease id (8 bytes, big-endian) to
 * its `leasepb.Lease`, and the `meta` bucket holds the compaction point. etcd rebuilds its index from the `key`
 * bucket when it opens the file: each key's create revision, modification revision and version are whatever the
 * file says, and its current revision is the highest revision there or the compaction point, whichever is higher.
 */

export interface BackendContents {
  /** The live keys, each at its own modification revision (no two alike). */
  readonly kvs: readonly KeyValue[];
  /** The leases the keys refer to, with the time each has left. */
  readonly leases: readonly { readonly id: number; readonly ttlSeconds: number }[];
  /**
   * The revision the store has reached. It is also recorded as compacted: etcd then starts at this revision even if
   * no live key was written at it, and answers reads and watches from older revisions (whose history the file does
   * not hold) with "required revision has been compacted", as after a compaction.
   */
  readonly revision: number;
}

/** The buckets etcd 3.4 and 3.5 create in a new backend; the ones not written here are left empty. */
const EMPTY_BUCKETS = ['alarm', 'auth', 'authRoles', 'authUsers', 'cluster', 'members', 'members_removed'];

/**
 * Writes the backend file; returns the hash etcd's HashKV reports of the file's keyspace at `revision` (CRC-32C of
 * the bucket name `key`, then every revision and record in revision order), to check that etcd serves exactly it.
 */
export function writeEtcdBackend(path: string, contents: BackendContents): { hashKV: number } {
  const kvs = [...contents.kvs].sort((a, b) => a.mod_revision - b.mod_revision);
  kvs.forEach((kv, i) => {
    if (i > 0 && kvs[i - 1].mod_revision === kv.mod_revision) {
      throw new Error(`keys ${kvs[i - 1].key} and ${kv.key} both have revision ${kv.mod_revision}: a store has one write per revision`);
    }
    if (kv.mod_revision > contents.revision) {
      throw new Error(`key ${kv.key} has revision ${kv.mod_revision}, past the store's revision ${contents.revision}`);
    }
  });
  const compacted = revisionBytes(contents.revision);
  const leases = [...contents.leases].sort((a, b) => a.id - b.id);
  const keys = kvs.map((kv) => ({ key: revisionBytes(kv.mod_revision), value: keyValueMessage(kv).encode() }));
  const hash = new Crc32c().update(Buffer.from('key'));
  for (const entry of keys) hash.update(entry.key).update(entry.value);
  writeBoltFile(path, [
    { name: 'key', entries: keys },
    { name: 'lease', entries: leases.map((l) => ({ key: uint64(l.id), value: leaseMessage(l.id, l.ttlSeconds) })) },
    {
      name: 'meta',
      entries: [
        { key: Buffer.from('finishedCompactRev'), value: compacted },
        { key: Buffer.from('scheduledCompactRev'), value: compacted },
      ] satisfies BoltEntry[],
    },
    ...EMPTY_BUCKETS.map((name) => ({ name, entries: [] })),
  ], { withDigest: true });
  return { hashKV: hash.value };
}

/** etcd's revision key: main revision, '_', sub revision (always 0 here: one key per revision). */
function revisionBytes(main: number): Buffer {
  const bytes = Buffer.alloc(17);
  bytes.writeBigUInt64BE(BigInt(main), 0);
  bytes[8] = 0x5f;
  return bytes;
}

function uint64(n: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(n));
  return bytes;
}

/** `leasepb.Lease`: ID = 1, TTL = 2. */
function leaseMessage(id: number, ttlSeconds: number): Buffer {
  return new ProtoMessage().varint(1, id).varint(2, ttlSeconds).encode();
}
