import { createHash } from 'crypto';
import { open, mkdtemp, rm } from 'fs/promises';
import { join } from 'path';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { toGrpcError } from './errors';
import type { Store } from './store';

/** Bytes per SnapshotResponse (etcd sends 32 KiB chunks). */
const CHUNK_BYTES = 32 * 1024;
/** The SHA-256 digest that ends the stream. */
export const DIGEST_BYTES = 32;

/**
 * Maintenance.Snapshot: the store's snapshot (a SQLite database, see docs/operations.md) written to a scratch file
 * in `scratchDir`, then streamed as etcd streams its database: in chunks, each telling the bytes that remain after
 * it, and last the SHA-256 of everything sent. etcdctl writes the stream to FILE.part and refuses it unless its size
 * is a whole number of 512-byte blocks plus that 32-byte digest (etcd's `hasChecksum`); a SQLite database is whole
 * pages, so the stream passes as etcd's does. The scratch file is removed whatever happens.
 */
export async function streamSnapshot(store: Store, call: ServerWritableStream<unknown, object>, scratchDir: string): Promise<void> {
  let dir: string | undefined;
  try {
    dir = await mkdtemp(join(scratchDir, 'vck-snapshot-'));
    const file = join(dir, 'snapshot.db');
    await store.log.snapshot(file);
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const digest = createHash('sha256');
      const send = async (blob: Buffer, remaining: number) => {
        // eslint-disable-next-line @typescript-eslint/naming-convention
        if (!call.write({ header: store.header(), remaining_bytes: remaining, blob })) await writable(call);
      };
      let sent = 0;
      while (sent < size && !call.cancelled) {
        const length = Math.min(CHUNK_BYTES, size - sent);
        const { bytesRead, buffer } = await handle.read(Buffer.alloc(length), 0, length, sent);
        sent += bytesRead;
        const blob = buffer.subarray(0, bytesRead);
        digest.update(blob);
        await send(blob, size - sent + DIGEST_BYTES);
      }
      if (call.cancelled) return;
      await send(digest.digest(), 0);
    } finally {
      await handle.close();
    }
    call.end();
  } catch (err) {
    const e = toGrpcError(err);
    call.emit('error', { code: e.code, details: e.details });
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Resolves when the client can take more (or went away: a cancelled stream never drains). */
function writable(call: ServerWritableStream<unknown, object>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.removeListener('drain', done);
      call.removeListener('cancelled', done);
      call.removeListener('close', done);
      resolve();
    };
    call.once('drain', done);
    call.once('cancelled', done);
    call.once('close', done);
  });
}
