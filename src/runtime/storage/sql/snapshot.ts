import { createHash } from 'crypto';
import { createReadStream, statSync } from 'fs';
import { COMPACT_KEY } from '../log';
import type { Driver, Queryable, RawRow } from './driver';
import { createSchema } from './schema';
import { SqliteDriver } from './sqlite';

/** Rows read and written per statement while copying. */
const CHUNK = 500;

/**
 * The store's tables and their columns. Every table is paged by `id` (unique in each: a row's revision, the newest
 * row of a key, a lease), so a copy reads each row once whatever the dialect's collation.
 */
const TABLES = [
  { name: 'kine', columns: ['id', 'name', 'created', 'deleted', 'create_revision', 'prev_revision', 'lease', 'value', 'old_value'] },
  { name: 'vck_current', columns: ['name', 'id', 'deleted', 'version'] },
  { name: 'vck_lease', columns: ['id', 'ttl', 'expires_at'] },
] as const;

const BINARY = new Set(['value', 'old_value']);

/** A column's value as every dialect takes it back: names as text, values as bytes, the rest as numbers. */
function portable(column: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (BINARY.has(column)) return Buffer.isBuffer(value) ? value : Buffer.from(String(value));
  if (column === 'name') return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  return Number(value);
}

/** Copies every row of the store's tables from one database to another; returns the number of rows and the revision. */
async function copyTables(from: Queryable, to: Queryable): Promise<{ rows: number; revision: number }> {
  let rows = 0;
  for (const table of TABLES) {
    const columns = table.columns.join(', ');
    const insert = `INSERT INTO ${table.name} (${columns}) VALUES (${table.columns.map(() => '?').join(', ')})`;
    for (let after = -1; ;) {
      const chunk: RawRow[] = await from.all(`SELECT ${columns} FROM ${table.name} WHERE id > ? ORDER BY id LIMIT ${CHUNK}`, [after]);
      for (const row of chunk) await to.run(insert, table.columns.map((c) => portable(c, row[c])));
      rows += chunk.length;
      if (chunk.length < CHUNK) break;
      after = Number(chunk[chunk.length - 1].id);
    }
  }
  return { rows, revision: Number((await from.all('SELECT MAX(id) AS id FROM kine'))[0]?.id ?? 0) };
}

/** Writes the tables `from` sees into a new SQLite database at `file`: the snapshot of a PostgreSQL or MySQL store. */
export async function writeSnapshot(from: Queryable, file: string): Promise<void> {
  const target = new SqliteDriver(file);
  try {
    await createSchema(target);
    await target.write((tx) => copyTables(from, tx));
  } finally {
    await target.close();
  }
}

/** Bytes of the SHA-256 digest etcd (and `vck storage`) appends to a snapshot stream. */
const DIGEST_BYTES = 32;

/**
 * Checks the digest that ends a snapshot saved by etcdctl (its size is then whole 512-byte blocks plus 32 bytes, the
 * SHA-256 of the rest), as `etcdctl snapshot restore` does. A plain database file (copied, not streamed) has none.
 */
async function checkDigest(file: string): Promise<void> {
  const size = statSync(file).size;
  if (size % 512 !== DIGEST_BYTES) return;
  const hash = createHash('sha256');
  let trailer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    const bytes = Buffer.concat([trailer, chunk as Buffer]);
    hash.update(bytes.subarray(0, Math.max(0, bytes.length - DIGEST_BYTES)));
    trailer = bytes.subarray(Math.max(0, bytes.length - DIGEST_BYTES));
  }
  if (!hash.digest().equals(trailer)) {
    throw new Error(`${file}: the snapshot is damaged (its SHA-256 digest does not match its contents); take it again`);
  }
}

/** Options of a restore. */
export interface RestoreOptions {
  /** Replace whatever the target holds; without it, a target holding any key or lease is refused. */
  readonly force?: boolean;
  /** The target as messages name it (the data source, without its password). */
  readonly target: string;
}

/**
 * Loads a snapshot (a SQLite database that `vck storage` wrote, whatever the dialect it was taken from) into `target`,
 * keeping every revision: in one transaction, so a failed restore leaves the target as it was. The target must hold
 * no key or lease, unless `force` replaces its contents.
 */
export async function restoreSnapshot(file: string, target: Driver, options: RestoreOptions): Promise<{ rows: number; revision: number }> {
  await checkDigest(file);
  let source: ReturnType<typeof SqliteDriver.openReadOnly>;
  try {
    source = SqliteDriver.openReadOnly(file);
    await source.all('SELECT id FROM kine LIMIT 1');
  } catch (err) {
    throw new Error(`${file} is not a snapshot taken from vck storage (a SQLite database with the kine table): ${(err as Error).message}`);
  }
  try {
    await createSchema(target);
    const sequence = target.dialect.syncIdSequence;
    const restored = await target.write(async (tx) => {
      const [held] = await tx.all(`SELECT (SELECT COUNT(*) FROM kine WHERE name != '${COMPACT_KEY}') + (SELECT COUNT(*) FROM vck_lease) AS n`);
      if (Number(held?.n ?? 0) > 0 && !options.force) {
        throw new Error(`the target ${options.target} is not empty (${held.n} rows of history and leases): restore into an empty database, `
          + 'or add --force to replace its contents');
      }
      for (const table of TABLES) await tx.run(`DELETE FROM ${table.name}`);
      const copied = await copyTables(source, tx);
      if (!sequence.outsideTransaction) await tx.run(sequence.sql);
      return copied;
    });
    if (sequence.outsideTransaction) await target.run(sequence.sql);
    return restored;
  } finally {
    source.close();
  }
}
