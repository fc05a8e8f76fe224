import type { DataSource } from '../endpoint';
import type { DatabaseTls } from './database-tls';
import type { Driver } from './driver';

/** Pool and timeout tunables and TLS of the server databases (kine's flags). */
export interface DriverOptions {
  readonly maxOpenConnections?: number;
  readonly queryTimeoutMs?: number;
  /** The TLS of the connection to PostgreSQL or MySQL (`--ca-file`, `--cert-file`, `--key-file`, `--skip-verify`). */
  readonly databaseTls?: DatabaseTls;
}

/** The driver of a data source; each database client library is loaded only when its database is used. */
export function openDriver(source: DataSource, options: DriverOptions = {}): Driver {
  switch (source.kind) {
    case 'sqlite': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { SqliteDriver } = require('./sqlite') as typeof import('./sqlite');
      return new SqliteDriver(source.path);
    }
    case 'postgres': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { PostgresDriver } = require('./postgres') as typeof import('./postgres');
      return new PostgresDriver(source.url, options);
    }
    case 'mysql': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { MysqlDriver } = require('./mysql') as typeof import('./mysql');
      return new MysqlDriver(source.url, options);
    }
  }
}

export type { Driver } from './driver';
export { readDatabaseTls, type DatabaseTls, type DatabaseTlsFiles } from './database-tls';
export { SqlLog } from './sql-log';
