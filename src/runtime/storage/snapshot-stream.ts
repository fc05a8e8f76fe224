import { open, mkdtemp, rm } from 'fs/promises';
import { join } from 'path';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { toGrpcError } from './errors';
import type { Store } from './store';

/** Bytes per SnapshotResponse (etcd sends 32 KiB chunks). */
const CHUNK_BYTES = 32 * 1024;

/**
 * Maintenance.Snapshot: the store's snapshot (a SQLite database, see docs/operations.md) written to a scratch file
 * in `scratchDir`, then streamed in chunks, each telling the bytes that remain after it, as etcd streams its
 * database. etcdctl 3.4 writes the stream to FILE.part, syncs it and renames it to FILE; it checks no digest, so
 * none is appended and the file stays a plain SQLite database. The scratch file is removed whatever happens.
 */
export async function streamSnapshot(store: Store, call: ServerWritableStream<unknown, object>, scratchDir: string): Promise<void> {
  const dir = await mkdtemp(join(scratchDir, 'vck-snapshot-'));
  try {
    const file = join(dir, 'snapshot.db');
    await store.log.snapshot(file);
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      let sent = 0;
      while (sent < size && !call.cancelled) {
        const length = Math.min(CHUNK_BYTES, size - sent);
        const { bytesRead, buffer } = await handle.read(Buffer.alloc(length), 0, length, sent);
        sent += bytesRead;
        // eslint-disable-next-line @typescript-eslint/naming-convention
        const more = call.write({ header: store.header(), remaining_bytes: size - sent, blob: buffer.subarray(0, bytesRead) });
        if (!more) await new Promise((resolve) => call.once('drain', resolve));
      }
    } finally {
      await handle.close();
    }
    call.end();
  } catch (err) {
    const e = toGrpcError(err);
    call.emit('error', { code: e.code, details: e.details });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
