import { readFileSync } from 'fs';
import { dirname } from 'path';
import { Command } from 'commander';
import { RUNTIME_ENV, STORE_CLIENT_PORT } from '../contract';
import { parseDataSource, redact } from '../runtime/storage/endpoint';
import { StorageServer } from '../runtime/storage/server';
import { claimDataDir } from '../runtime/store-guard';

interface StorageFlags {
  endpoint?: string;
  endpointFile?: string;
  listenAddress: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  metricsBindAddress: string;
  compactInterval: string;
  compactMinRetain: string;
  compactBatchSize: string;
  watchProgressNotifyInterval: string;
  slowSqlThreshold: string;
  datastoreMaxOpenConnections: string;
  pollInterval: string;
  queryTimeout: string;
}

/** Go-style durations as kine takes them: 300ms, 5s, 5m, 1h (a bare number is seconds). */
export function parseDuration(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`${flag} ${text}: expected a duration such as 500ms, 5s, 5m or 1h`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} ${text}: expected a whole number`);
  return n;
}

/** The data source: the flag, else a file (a mounted Secret), else the environment; never echoed with a password. */
function dataSource(flags: StorageFlags): string {
  if (flags.endpoint !== undefined) return flags.endpoint;
  if (flags.endpointFile) return readFileSync(flags.endpointFile, 'utf-8').trim();
  return process.env[RUNTIME_ENV.storeEndpoint] ?? '';
}

/** `vck storage`: the etcd v3 API served from SQL, flag-compatible with kine. */
export function storageCommand(): Command {
  return new Command('storage')
    .description('serve the etcd v3 API from SQLite, PostgreSQL or MySQL (kine-compatible flags and table format)')
    .option('--endpoint <datasource>', 'data source: sqlite://PATH (default sqlite:///data/state.db), postgres://user:pass@host:5432/db '
      + `or mysql://user:pass@tcp(host:3306)/db; else $${RUNTIME_ENV.storeEndpoint}`)
    .option('--endpoint-file <file>', 'read the data source from a file (e.g. a mounted Secret key)')
    .option('--listen-address <address>', 'gRPC listen address (host:port, https://host:port or unix://path)', `0.0.0.0:${STORE_CLIENT_PORT}`)
    .option('--ca-file <file>', 'CA that client certificates must be signed by')
    .option('--cert-file <file>', 'server certificate')
    .option('--key-file <file>', 'server key')
    .option('--metrics-bind-address <address>', 'Prometheus /metrics, /healthz and /readyz (host:port, 0 to disable)', ':8080')
    .option('--compact-interval <duration>', 'interval between compactions of old revisions', '5m')
    .option('--compact-min-retain <revisions>', 'revisions kept behind the current one by compaction', '1000')
    .option('--compact-batch-size <revisions>', 'revisions compacted per transaction', '1000')
    .option('--watch-progress-notify-interval <duration>', 'interval of progress notifications to watches that ask', '5s')
    .option('--slow-sql-threshold <duration>', 'log requests slower than this', '1s')
    .option('--datastore-max-open-connections <n>', 'PostgreSQL/MySQL: connections in the pool (0: 10)', '0')
    .option('--poll-interval <duration>', 'PostgreSQL/MySQL: how often other shims\' commits are looked for', '1s')
    .option('--query-timeout <duration>', 'PostgreSQL/MySQL: a statement slower than this fails (the request gets Unavailable)', '30s')
    .action(async (flags: StorageFlags) => {
      const source = parseDataSource(dataSource(flags));
      if ((flags.certFile === undefined) !== (flags.keyFile === undefined)) {
        throw new Error('--cert-file and --key-file go together: give both for TLS, or neither');
      }
      if (source.kind === 'sqlite') claimDataDir(dirname(source.path), 'sqlite');
      const where = source.kind === 'sqlite' ? source.path : redact(source.url);
      const server = await StorageServer.open({
        dataSource: source,
        maxOpenConnections: positiveInt('--datastore-max-open-connections', flags.datastoreMaxOpenConnections) || undefined,
        pollIntervalMs: parseDuration('--poll-interval', flags.pollInterval),
        queryTimeoutMs: parseDuration('--query-timeout', flags.queryTimeout),
        listenAddress: flags.listenAddress.replace(/^https?:\/\//, ''),
        tls: flags.certFile && flags.keyFile ? { caFile: flags.caFile, certFile: flags.certFile, keyFile: flags.keyFile } : undefined,
        metricsAddress: flags.metricsBindAddress === '0' ? undefined : flags.metricsBindAddress,
        compactIntervalMs: parseDuration('--compact-interval', flags.compactInterval),
        compactMinRetain: positiveInt('--compact-min-retain', flags.compactMinRetain),
        compactBatchSize: positiveInt('--compact-batch-size', flags.compactBatchSize) || 1000,
        watchProgressIntervalMs: parseDuration('--watch-progress-notify-interval', flags.watchProgressNotifyInterval),
        slowRequestMs: parseDuration('--slow-sql-threshold', flags.slowSqlThreshold),
        log: (line) => process.stderr.write(`vck storage: ${line}\n`),
      });
      const address = await server.start();
      process.stderr.write(`vck storage: serving the etcd API on ${address} from ${where}\n`);
      const stop = () => void server.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
