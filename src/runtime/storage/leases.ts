import { randomInt } from 'crypto';
import { errors } from './errors';
import type { SqliteLog } from './sqlite';

/** etcd's limit on a lease's TTL (about 9 billion seconds: MaxLeaseTTL). */
const MAX_TTL = 9_000_000_000;

export interface Lease {
  readonly id: number;
  readonly ttl: number;
  readonly expiresAt: number;
}

/**
 * Real leases (kine only fakes them): granted with an id, kept alive, revoked, and expired. Their absolute expiry
 * is stored in `vck_lease`, so a restart neither forgets a lease nor resets its TTL.
 */
export class Leases {
  private readonly stmts;

  public constructor(private readonly log: SqliteLog, private readonly now: () => number = Date.now) {
    const db = log.db;
    this.stmts = {
      insert: db.prepare('INSERT INTO vck_lease (id, ttl, expires_at) VALUES (?, ?, ?)'),
      get: db.prepare('SELECT id, ttl, expires_at expiresAt FROM vck_lease WHERE id = ?'),
      touch: db.prepare('UPDATE vck_lease SET expires_at = ? WHERE id = ?'),
      remove: db.prepare('DELETE FROM vck_lease WHERE id = ?'),
      all: db.prepare('SELECT id, ttl, expires_at expiresAt FROM vck_lease ORDER BY id'),
      expired: db.prepare('SELECT id, ttl, expires_at expiresAt FROM vck_lease WHERE expires_at <= ? ORDER BY expires_at LIMIT 100'),
      orphans: db.prepare(`SELECT DISTINCT k.lease FROM vck_current c JOIN kine k ON k.id = c.id
        WHERE c.deleted = 0 AND k.lease != 0 AND k.lease NOT IN (SELECT id FROM vck_lease)`).pluck(),
    };
    this.adoptKineLeases();
  }

  /**
   * A database written by kine stores each key's TTL in seconds as its lease; kine expires such keys TTL seconds
   * after it starts. Adopt them as leases with that id and TTL, counting from now, so they still expire.
   */
  private adoptKineLeases(): void {
    const now = this.now();
    for (const ttl of this.stmts.orphans.all() as number[]) {
      this.stmts.insert.run(ttl, ttl, now + ttl * 1000);
    }
  }

  public grant(ttl: number, id: number): Lease {
    if (ttl > MAX_TTL) throw errors.leaseTtlTooLarge();
    const leaseId = id > 0 ? id : randomInt(1, 2 ** 47);
    if (this.stmts.get.get(leaseId)) throw errors.leaseExists();
    const lease = { id: leaseId, ttl: Math.max(ttl, 1), expiresAt: this.now() + Math.max(ttl, 1) * 1000 };
    this.stmts.insert.run(lease.id, lease.ttl, lease.expiresAt);
    return lease;
  }

  public get(id: number): Lease | undefined {
    return this.stmts.get.get(id) as Lease | undefined;
  }

  /** Renews a lease for its full TTL; returns the TTL, or throws when the lease is unknown or already expired. */
  public keepAlive(id: number): Lease {
    const lease = this.get(id);
    if (!lease || lease.expiresAt <= this.now()) throw errors.leaseNotFound();
    const renewed = { ...lease, expiresAt: this.now() + lease.ttl * 1000 };
    this.stmts.touch.run(renewed.expiresAt, id);
    return renewed;
  }

  public remove(id: number): void {
    this.stmts.remove.run(id);
  }

  public all(): Lease[] {
    return this.stmts.all.all() as Lease[];
  }

  /** Leases whose time is up (a bounded batch). */
  public expired(): Lease[] {
    return this.stmts.expired.all(this.now()) as Lease[];
  }

  /** Seconds left before a lease expires (etcd reports -1 for an expired one). */
  public remaining(lease: Lease): number {
    return Math.max(-1, Math.ceil((lease.expiresAt - this.now()) / 1000));
  }

  public keysOf(id: number): string[] {
    return this.log.leaseKeys(id).map((row) => row.name);
  }
}
