import { Worker } from 'worker_threads';
import { resolveOptional } from '../../optional';

/** How often the worker folds the WAL back into the database file. */
const CHECKPOINT_INTERVAL_MS = 500;

/**
 * The worker's code, kept inline so it runs the same from the compiled library and from sources. A PASSIVE checkpoint
 * copies committed frames into the database file and syncs it without taking the write lock: commits go on meanwhile.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints a SQLite database's WAL on a worker thread. SQLite's automatic checkpoint runs inside the COMMIT that
 * crosses its threshold, copying the log's pages and syncing the database file on the committing thread: on the
 * event loop here, where it held every request for milliseconds, several times a second under load. The writer keeps
 * a far higher automatic threshold as a backstop, so the log stays bounded should this worker fall behind or stop.
 */
export class SqliteCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  public constructor(path: string, busyTimeoutMs: number) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, busyTimeoutMs, intervalMs: CHECKPOINT_INTERVAL_MS, module: resolveOptional('better-sqlite3', 'vck storage') },
    });
    // A checkpoint that fails leaves the committed log as it is (nothing is lost): the writer's backstop takes over.
    this.worker.on('error', () => undefined);
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    // Unreferenced, it never keeps the process alive on its own; close() references it again while it waits for it.
    this.worker.unref();
  }

  /** Stops after the checkpoint under way, if any, and closes the worker's connection. */
  public async close(): Promise<void> {
    // Without the reference, a process with nothing else to do would end here with status 0, before whatever follows
    // the close (an error to report, the rest of a restore) has run.
    this.worker.ref();
    this.worker.postMessage('close');
    await this.exited;
  }
}
