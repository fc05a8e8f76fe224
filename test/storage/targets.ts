import { startEtcd } from '../support/etcd-server';
import { startMariadb } from '../support/mariadb-server';
import { startPostgres } from '../support/postgres-server';
import type { SqlServer } from '../support/sql-server';
import { startStorage } from '../support/storage-server';

/** A server speaking the etcd v3 API that the conformance suite runs against. */
export interface Target {
  readonly name: string;
  start(): Promise<{ endpoint: string; stop(): Promise<void> }>;
}

/**
 * Every target of the conformance suite: the shim on each database, and real etcd as the oracle (a test that fails
 * on etcd is a wrong test).
 */
export const TARGETS: readonly Target[] = [
  { name: 'etcd', start: startEtcd },
  { name: 'vck storage (sqlite)', start: () => startStorage() },
  { name: 'vck storage (postgres)', start: () => storageOn(startPostgres) },
  { name: 'vck storage (mariadb)', start: () => storageOn(startMariadb) },
];

/** The shim on a database server of its own; stopping it stops both. */
async function storageOn(startDatabase: () => Promise<SqlServer>): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const database = await startDatabase();
  try {
    const storage = await startStorage({ endpoint: database.url });
    return {
      endpoint: storage.endpoint,
      async stop() {
        await storage.stop();
        await database.stop();
      },
    };
  } catch (err) {
    await database.stop();
    throw err;
  }
}
