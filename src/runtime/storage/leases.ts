import { randomInt } from 'crypto';
import { errors } from './errors';
import type { Log, LeaseRecord, LogTx } from './log';

/** etcd's limit on a lease's TTL (about 9 billion seconds: MaxLeaseTTL). */
const MAX_TTL = 9_000_000_000;

export type Lease = LeaseRecord;

/**
 * Real leases (kine only fakes them): granted with an id, kept alive, revoked, and expired. Their absolute expiry
 * is stored in `vck_lease`, so a restart neither forgets a lease nor resets its TTL. Changes are made inside the
 * store's write transactions (`tx`), reads straight from the database.
 */
export class Leases {
  public constructor(private readonly log: Log, private readonly now: () => number = Date.now) {}

  /**
   * A database written by kine stores each key's TTL in seconds as its lease; kine expires such keys TTL seconds
   * after it starts. Adopt them as leases with that id and TTL, counting from now, so they still expire.
   */
  public async adoptKineLeases(): Promise<void> {
    const orphans = await this.log.orphanLeases();
    if (orphans.length === 0) return;
    const now = this.now();
    await this.log.write(async (tx) => {
      for (const ttl of orphans) await tx.putLease({ id: ttl, ttl, expiresAt: now + ttl * 1000 });
    });
  }

  public async grant(tx: LogTx, ttl: number, id: number): Promise<Lease> {
    if (ttl > MAX_TTL) throw errors.leaseTtlTooLarge();
    // Ids we choose fit kine's 32-bit lease column, so a database kine created keeps working.
    const leaseId = id > 0 ? id : randomInt(1, 2 ** 31);
    if (await tx.lease(leaseId)) throw errors.leaseExists();
    const lease = { id: leaseId, ttl: Math.max(ttl, 1), expiresAt: this.now() + Math.max(ttl, 1) * 1000 };
    await tx.putLease(lease);
    return lease;
  }

  public get(id: number): Promise<Lease | undefined> {
    return this.log.lease(id);
  }

  /** Renews a lease for its full TTL; throws when the lease is unknown or already expired. */
  public async keepAlive(tx: LogTx, id: number): Promise<Lease> {
    const lease = await tx.lease(id);
    if (!lease || lease.expiresAt <= this.now()) throw errors.leaseNotFound();
    const renewed = { ...lease, expiresAt: this.now() + lease.ttl * 1000 };
    await tx.putLease(renewed);
    return renewed;
  }

  public all(): Promise<Lease[]> {
    return this.log.leases();
  }

  /** Leases whose time is up (a bounded batch). */
  public expired(): Promise<Lease[]> {
    return this.log.expiredLeases(this.now());
  }

  /** Seconds left before a lease expires (etcd reports -1 for an expired one). */
  public remaining(lease: Lease): number {
    return Math.max(-1, Math.ceil((lease.expiresAt - this.now()) / 1000));
  }

  public async keysOf(id: number): Promise<string[]> {
    return (await this.log.leaseKeys(id)).map((row) => row.name);
  }
}
