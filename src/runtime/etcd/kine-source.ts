import type Database from 'better-sqlite3';
import type { BackendContents } from './backend-file';
import { loadOptional } from '../optional';
import { rowToKeyValue, type KeyValue } from '../storage/kv';
import type { Row } from '../storage/log';

const openDatabase = loadOptional<typeof Database>('better-sqlite3', 'vck etcd');

/** kine's columns, in revision order: the table's rowid order, so SQLite reads the table once, front to back. */
const SCAN = 'SELECT id, name, created, deleted, create_revision, prev_revision, lease, value FROM kine ORDER BY id';
type ScannedRow = [
  id: number, name: unknown, created: number, deleted: number,
  createRevision: number, prevRevision: number, lease: number, value: Buffer | null,
];

/** The newest row of a key so far in the scan, and the number of its lifetime's rows seen up to it. */
interface Latest {
  readonly row: ScannedRow;
  readonly createRevision: number;
  readonly version: number;
}

/**
 * The live keys of a kine SQLite database (as kine, k3s or `vck storage` left it) at its current revision, and the
 * leases they refer to. One pass over the table in revision order keeps each key's newest row and counts the rows of
 * its lifetime, which is the version `vck storage` reports for it (the rows still in history since its create).
 * Faster than asking for the newest row of every key (a grouped read of the whole table, then a count per key), and
 * the source is only read: it stays exactly as it was until the migration renames it.
 */
export function readKineSqlite(path: string): BackendContents {
  const db = openDatabase(path, { fileMustExist: true });
  try {
    const latest = new Map<string, Latest>();
    let revision = 0;
    for (const row of db.prepare(SCAN).raw(true).iterate() as IterableIterator<ScannedRow>) {
      const name = Buffer.isBuffer(row[1]) ? row[1].toString('utf8') : String(row[1]);
      const createRevision = row[2] === 1 ? row[0] : row[4];
      const before = latest.get(name);
      const version = before && before.createRevision === createRevision ? before.version + 1 : 1;
      latest.set(name, { row, createRevision, version });
      revision = row[0];
    }
    const kvs: KeyValue[] = [];
    for (const [name, { row, version }] of latest) {
      if (row[3] === 1) continue;
      const kv = rowToKeyValue(asRow(name, row, version));
      if (kv) kvs.push(kv);
    }
    return { kvs, leases: leasesOf(db, kvs), revision };
  } finally {
    db.close();
  }
}

function asRow(name: string, row: ScannedRow, version: number): Row {
  const [id, , created, deleted, createRevision, prevRevision, lease, value] = row;
  return { id, name, created: created === 1, deleted: deleted === 1, createRevision, prevRevision, lease, value, oldValue: null, version };
}

/**
 * The leases the live keys refer to, with the time each has left: a lease `vck storage` kept has its expiry in
 * `vck_lease`; one kine wrote is the key's TTL in seconds, which is all it kept.
 */
function leasesOf(db: Database.Database, kvs: readonly KeyValue[]): BackendContents['leases'] {
  const kept = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'vck_lease'").get() !== undefined;
  const expiry = kept ? db.prepare('SELECT expires_at FROM vck_lease WHERE id = ?').pluck() : undefined;
  const leases = [];
  for (const id of new Set(kvs.map((kv) => kv.lease).filter((lease) => lease !== 0))) {
    const expiresAt = expiry?.get(id) as number | undefined;
    leases.push({ id, ttlSeconds: expiresAt === undefined ? id : Math.max(1, Math.ceil((expiresAt - Date.now()) / 1000)) });
  }
  return leases;
}
