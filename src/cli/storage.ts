import { existsSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname } from 'path';
import { Command } from 'commander';
import { DATA_DIR, RUNTIME_ENV, STORE_CLIENT_PORT } from '../contract';
import { wholeNumber } from './flags';
import { parseHostPort } from '../runtime/address';
import { parseDuration } from '../runtime/duration';
import { parseDataSource, redact, type DataSource } from '../runtime/storage/endpoint';
import { readDatabaseTls, type DatabaseTlsFiles } from '../runtime/storage/sql/database-tls';
import { claimDataDir } from '../runtime/store-guard';

interface SourceFlags extends DatabaseTlsFiles {
  endpoint?: string;
  endpointFile?: string;
}

interface StorageFlags extends SourceFlags {
  listenAddress: string;
  serverCertFile?: string;
  serverKeyFile?: string;
  trustedCaFile?: string;
  metricsBindAddress: string;
  compactInterval: string;
  compactMinRetain: string;
  compactBatchSize: string;
  watchProgressNotifyInterval: string;
  slowSqlThreshold: string;
  datastoreMaxOpenConnections: string;
  pollInterval: string;
  queryTimeout: string;
  snapshotDir?: string;
}

interface RestoreFlags extends SourceFlags {
  force?: boolean;
}

/** Loopback unless told otherwise: the store holds every Secret of the cluster, and the pod's clients are local. */
export const DEFAULT_LISTEN_ADDRESS = `127.0.0.1:${STORE_CLIENT_PORT}`;

/** The data source and where it came from: the flag, else a file (a mounted Secret), else the environment. */
function dataSource(flags: SourceFlags): { source: DataSource; origin: string } {
  if (flags.endpoint !== undefined) return { source: parseDataSource(flags.endpoint), origin: '--endpoint' };
  if (flags.endpointFile) return { source: parseDataSource(readFileSync(flags.endpointFile, 'utf-8').trim()), origin: `--endpoint-file ${flags.endpointFile}` };
  return { source: parseDataSource(process.env[RUNTIME_ENV.storeEndpoint] ?? ''), origin: `$${RUNTIME_ENV.storeEndpoint}` };
}

/**
 * Where snapshots are written before they are streamed: beside a SQLite database (the volume sized for it); for a
 * server database the pod's data volume when there is one (the runtime container's root filesystem is read-only),
 * else the temp directory.
 */
function defaultSnapshotDir(source: DataSource): string {
  if (source.kind === 'sqlite') return dirname(source.path);
  return existsSync(DATA_DIR) ? DATA_DIR : tmpdir();
}

/** The TLS of the connection to a server database; SQLite has no connection, and kine reads no file for it. */
const databaseTlsOf = (source: DataSource, flags: DatabaseTlsFiles) => (source.kind === 'sqlite' ? undefined : readDatabaseTls(flags));

/** The database's name in messages, never with its password. */
const describe = (source: DataSource) => (source.kind === 'sqlite' ? source.path : redact(source.url));

/** A SQLite store's directory, made (and said so) when missing, as kine makes it; then claimed for the SQLite store. */
function prepareSqliteDir(path: string, log: (line: string) => void): void {
  const dir = dirname(path);
  if (!existsSync(dir)) log(`creating the directory ${dir} for the SQLite database`);
  claimDataDir(dir, 'sqlite');
}

const log = (line: string) => process.stderr.write(`vck storage: ${line}\n`);

/** The data source flags, with kine's TLS flags for the connection to the database; `what` says which store they name. */
function sourceOptions(command: Command, what: string): Command {
  return command
    .option('--endpoint <datasource>', `${what}: sqlite://PATH, postgres://user:pass@host:5432/db `
      + `or mysql://user:pass@tcp(host:3306)/db; else $${RUNTIME_ENV.storeEndpoint}`)
    .option('--endpoint-file <file>', 'read the data source from a file (e.g. a mounted Secret key)')
    .option('--ca-file <file>', 'PostgreSQL/MySQL: CA that verifies the database server (PostgreSQL: sslmode verify-full unless the data source sets sslmode)')
    .option('--cert-file <file>', 'PostgreSQL/MySQL: client certificate presented to the database')
    .option('--key-file <file>', 'PostgreSQL/MySQL: key of --cert-file')
    .option('--skip-verify', 'MySQL: with the files above, do not verify the database server\'s certificate (PostgreSQL: sslmode=require)');
}

/** `vck storage restore`: loads a snapshot that `etcdctl snapshot save` took from `vck storage` into an empty store. */
function restoreCommand(): Command {
  return sourceOptions(new Command('restore'), 'the store to restore into (no default)')
    .description('load a snapshot (etcdctl snapshot save against vck storage) into the store at --endpoint, keeping revisions; '
      + 'run it while no vck storage serves that store')
    .argument('<snapshot>', 'the snapshot file')
    .option('--force', 'replace the contents of a store that is not empty')
    .action(async (file: string, flags: RestoreFlags) => {
      if (flags.endpoint === undefined && !flags.endpointFile && !process.env[RUNTIME_ENV.storeEndpoint]) {
        throw new Error('vck storage restore needs the store to restore into: give --endpoint (or --endpoint-file)');
      }
      const { source, origin } = dataSource(flags);
      if (!existsSync(file)) throw new Error(`${file}: no such snapshot file`);
      if (source.kind === 'sqlite') prepareSqliteDir(source.path, log);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { openDriver } = require('../runtime/storage/sql') as typeof import('../runtime/storage/sql');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { restoreSnapshot } = require('../runtime/storage/sql/snapshot') as typeof import('../runtime/storage/sql/snapshot');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { databaseError } = require('../runtime/storage/endpoint') as typeof import('../runtime/storage/endpoint');
      const driver = openDriver(source, { databaseTls: databaseTlsOf(source, flags) });
      try {
        await driver.ping().catch((err) => {
          throw databaseError(source, origin, err);
        });
        const { rows, revision } = await restoreSnapshot(file, driver, { force: flags.force, target: describe(source) });
        log(`restored ${rows} rows from ${file} into ${describe(source)}; the store is at revision ${revision}`);
      } finally {
        await driver.close();
      }
    });
}

/** `vck storage`: the etcd v3 API served from SQL, flag-compatible with kine. */
export function storageCommand(): Command {
  return sourceOptions(new Command('storage'), 'data source (default sqlite:///data/state.db)')
    .description('serve the etcd v3 API from SQLite, PostgreSQL or MySQL (kine-compatible flags and table format)')
    .enablePositionalOptions()
    .addCommand(restoreCommand())
    .option('--listen-address <address>', 'gRPC listen address (host:port, https://host:port or unix://path); kine listens on '
      + 'every interface, vck storage on loopback unless told', DEFAULT_LISTEN_ADDRESS)
    .option('--server-cert-file <file>', 'TLS of the etcd API: server certificate')
    .option('--server-key-file <file>', 'TLS of the etcd API: server key')
    .option('--trusted-ca-file <file>', 'TLS of the etcd API: CA that client certificates must be signed by')
    .option('--metrics-bind-address <address>', '/metrics, /health, /livez, /readyz and /healthz (host:port, :port, 0 to disable)', ':8080')
    .option('--compact-interval <duration>', 'interval between compactions of old revisions (Go duration: 30s, 5m, 1h30m)', '5m')
    .option('--compact-min-retain <revisions>', 'revisions kept behind the current one by compaction', '1000')
    .option('--compact-batch-size <revisions>', 'revisions compacted per transaction', '1000')
    .option('--watch-progress-notify-interval <duration>', 'interval of progress notifications to watches that ask', '5s')
    .option('--slow-sql-threshold <duration>', 'log requests slower than this', '1s')
    .option('--datastore-max-open-connections <n>', 'PostgreSQL/MySQL: connections in the pool (0: 10)', '0')
    .option('--poll-interval <duration>', 'PostgreSQL/MySQL: how often other shims\' commits are looked for', '1s')
    .option('--query-timeout <duration>', 'PostgreSQL/MySQL: a statement slower than this fails (the request gets Unavailable)', '30s')
    .option('--snapshot-dir <dir>', `where snapshots are written before they are streamed (default: the SQLite database's directory; else ${DATA_DIR} `
      + 'when it exists, else the temp directory)')
    .action(async (flags: StorageFlags) => {
      const { source, origin } = dataSource(flags);
      if ((flags.serverCertFile === undefined) !== (flags.serverKeyFile === undefined)) {
        throw new Error('--server-cert-file and --server-key-file go together: give both to serve TLS, or neither');
      }
      if (flags.trustedCaFile !== undefined && flags.serverCertFile === undefined) {
        throw new Error('--trusted-ca-file verifies clients of a TLS listener: give --server-cert-file and --server-key-file too');
      }
      const databaseTls = databaseTlsOf(source, flags);
      if (flags.skipVerify && source.kind === 'postgres') log('--skip-verify has no effect on PostgreSQL (as in kine): set sslmode=require in the data source');
      // Every flag is checked before anything is opened.
      const listenAddress = flags.listenAddress.replace(/^https?:\/\//, '');
      if (!listenAddress.startsWith('unix://')) parseHostPort('--listen-address', listenAddress);
      if (flags.metricsBindAddress !== '0') parseHostPort('--metrics-bind-address', flags.metricsBindAddress);
      if (flags.snapshotDir !== undefined && !existsSync(flags.snapshotDir)) {
        throw new Error(`--snapshot-dir ${flags.snapshotDir}: no such directory; create it or point to one with room for a copy of the store`);
      }
      const options = {
        dataSource: source,
        dataSourceOrigin: origin,
        maxOpenConnections: wholeNumber('--datastore-max-open-connections', flags.datastoreMaxOpenConnections) || undefined,
        pollIntervalMs: parseDuration('--poll-interval', flags.pollInterval),
        queryTimeoutMs: parseDuration('--query-timeout', flags.queryTimeout),
        listenAddress,
        tls: flags.serverCertFile && flags.serverKeyFile
          ? { caFile: flags.trustedCaFile, certFile: flags.serverCertFile, keyFile: flags.serverKeyFile } : undefined,
        databaseTls,
        metricsAddress: flags.metricsBindAddress === '0' ? undefined : flags.metricsBindAddress,
        compactIntervalMs: parseDuration('--compact-interval', flags.compactInterval),
        compactMinRetain: wholeNumber('--compact-min-retain', flags.compactMinRetain),
        compactBatchSize: wholeNumber('--compact-batch-size', flags.compactBatchSize) || 1000,
        watchProgressIntervalMs: parseDuration('--watch-progress-notify-interval', flags.watchProgressNotifyInterval),
        slowRequestMs: parseDuration('--slow-sql-threshold', flags.slowSqlThreshold),
        snapshotDir: flags.snapshotDir ?? defaultSnapshotDir(source),
        log,
      };
      if (source.kind === 'sqlite') prepareSqliteDir(source.path, log);
      // The server, and with it the database drivers and gRPC, is loaded only when the store is served.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { StorageServer } = require('../runtime/storage/server') as typeof import('../runtime/storage/server');
      const server = await StorageServer.open(options);
      let address: string;
      try {
        address = await server.start();
      } catch (err) {
        await server.stop().catch(() => undefined);
        throw err;
      }
      log(`serving the etcd API on ${address} from ${describe(source)}`);
      const stop = () => void server.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
