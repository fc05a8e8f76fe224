import { existsSync, readFileSync } from 'fs';
import type * as Grpc from '@grpc/grpc-js';
import { listenError, parseHostPort, probeListen } from '../address';
import { StatusServer } from '../http-status';
import { loadOptional } from '../optional';
import { waitFor } from '../wait';
import { databaseError, type DataSource } from './endpoint';
import { registerEtcdServices } from './grpc-services';
import { StorageMetrics } from './metrics';
import { OpenStreams } from './open-streams';
import { openDriver, SqlLog, type DriverOptions } from './sql';
import { MAX_REQUEST_BYTES, Store } from './store';
import { startUpkeep } from './upkeep';

/** How long calls under way at a stop get to answer before the streams still open are cancelled. */
const STOP_GRACE_MS = 200;

/** Options of a running storage server (the flags of `vck storage`). */
export interface StorageServerOptions extends DriverOptions {
  /** The database. */
  readonly dataSource: DataSource;
  /** Where the data source came from, as errors name it (`--endpoint`, `--endpoint-file`, an environment variable). */
  readonly dataSourceOrigin?: string;
  /**
   * How often commits of other shims on the same database are looked for (server databases only; PostgreSQL's
   * NOTIFY usually brings them sooner).
   */
  readonly pollIntervalMs?: number;
  /** gRPC listen address: `host:port` or `unix:///path`. */
  readonly listenAddress: string;
  /** TLS files; with a CA, clients must present a certificate it signed. */
  readonly tls?: { readonly caFile?: string; readonly certFile: string; readonly keyFile: string };
  /** Prometheus `/metrics` and the health endpoints on `host:port`; off when undefined. */
  readonly metricsAddress?: string;
  /** How often the store compacts its own history. */
  readonly compactIntervalMs?: number;
  /** Revisions kept behind the current one by the periodic compaction. */
  readonly compactMinRetain?: number;
  /** Revisions compacted per transaction. */
  readonly compactBatchSize?: number;
  /** Interval of progress notifications to watches that asked for them. */
  readonly watchProgressIntervalMs?: number;
  /** Requests slower than this are logged. */
  readonly slowRequestMs?: number;
  /** Where snapshots are written before they are streamed (it needs room for a copy of the store). */
  readonly snapshotDir: string;
  /** Where log lines go. */
  readonly log?: (line: string) => void;
}

/** A running storage server: the etcd v3 API over SQL, its status endpoints and its upkeep. */
export class StorageServer {
  /**
   * Opens the database (creating or upgrading its tables) and builds the server; `start` serves it. Fails, saying
   * which database and what to check, when the database cannot be reached.
   */
  public static async open(options: StorageServerOptions): Promise<StorageServer> {
    let log: SqlLog;
    try {
      log = await SqlLog.open(openDriver(options.dataSource, options));
    } catch (err) {
      throw databaseError(options.dataSource, options.dataSourceOrigin ?? '--endpoint', err);
    }
    const server = new StorageServer(options, log);
    await server.store.leases.adoptKineLeases();
    return server;
  }

  public readonly store: Store;
  private readonly grpc = loadOptional<typeof Grpc>('@grpc/grpc-js', 'vck storage');
  private readonly grpcServer: Grpc.Server;
  private readonly metrics = new StorageMetrics();
  private readonly streams = new OpenStreams(this.grpc);
  private status?: StatusServer;
  private stopUpkeep?: () => void;
  private address = '';

  private constructor(private readonly options: StorageServerOptions, log: SqlLog) {
    this.store = new Store(log, { onBatch: (n) => this.metrics.batchSize.observe(n) });
    this.metrics.observe(this.store);
    this.grpcServer = new this.grpc.Server({
      'grpc.max_receive_message_length': MAX_REQUEST_BYTES + 512 * 1024,
      'grpc.max_send_message_length': 2 ** 31 - 1,
      // Channelz (gRPC's introspection service, which the store does not serve) would count every call.
      'grpc.enable_channelz': 0,
    });
    registerEtcdServices(this.grpc, this.grpcServer, this.store, {
      metrics: this.metrics,
      watchProgressIntervalMs: options.watchProgressIntervalMs ?? 5000,
      slowRequestMs: options.slowRequestMs,
      scratchDir: options.snapshotDir,
      clientUrl: () => `${this.options.tls ? 'https' : 'http'}://${this.address}`,
      log: options.log,
      streams: this.streams,
    });
  }

  private credentials(): Grpc.ServerCredentials {
    const tls = this.options.tls;
    if (!tls) return this.grpc.ServerCredentials.createInsecure();
    const ca = tls.caFile ? readFileSync(tls.caFile) : null;
    return this.grpc.ServerCredentials.createSsl(ca, [{ cert_chain: readFileSync(tls.certFile), private_key: readFileSync(tls.keyFile) }], !!ca);
  }

  /** Waits for the TLS files (the syncer writes them on the shared volume at its start), then serves. */
  public async start(): Promise<string> {
    const tls = this.options.tls;
    if (tls) {
      const files = [tls.certFile, tls.keyFile, ...(tls.caFile ? [tls.caFile] : [])];
      const missing = () => files.filter((f) => !existsSync(f));
      if (missing().length > 0) this.options.log?.(`waiting for TLS files: ${missing().join(', ')}`);
      await waitFor(() => missing().length === 0, { intervalMs: 500, what: 'the TLS files' });
    }
    this.address = await this.bind(this.options.listenAddress);
    if (this.options.metricsAddress) {
      const log = this.store.log;
      this.status = await StatusServer.listen('--metrics-bind-address', this.options.metricsAddress, {
        // Healthy and ready while the database answers.
        health: () => log.ping(),
        ready: () => log.ping(),
        metrics: () => this.metrics.text(),
      });
    }
    this.stopUpkeep = await startUpkeep(this.store, {
      followOthers: this.options.dataSource.kind !== 'sqlite',
      pollIntervalMs: this.options.pollIntervalMs,
      compactIntervalMs: this.options.compactIntervalMs,
      compactMinRetain: this.options.compactMinRetain,
      compactBatchSize: this.options.compactBatchSize,
      log: this.options.log,
    });
    return this.address;
  }

  /** Binds the gRPC server; a failure names the flag and the cause (gRPC's own message hides it). */
  private async bind(listenAddress: string): Promise<string> {
    const unix = listenAddress.startsWith('unix://');
    const bind = unix ? listenAddress.replace(/^unix:\/\//, 'unix:') : listenAddress;
    const hostPort = unix ? undefined : parseHostPort('--listen-address', listenAddress);
    try {
      const port = await new Promise<number>((resolve, reject) => {
        this.grpcServer.bindAsync(bind, this.credentials(), (err, p) => (err ? reject(err) : resolve(p)));
      });
      return hostPort ? `${listenAddress.slice(0, listenAddress.lastIndexOf(':'))}:${port}` : bind;
    } catch (err) {
      const cause = hostPort && await probeListen(hostPort);
      throw cause ? listenError('--listen-address', listenAddress, cause) : new Error(`--listen-address ${listenAddress}: ${(err as Error).message}`);
    }
  }

  /**
   * Stops serving: new calls are refused at once, open streams (watches) are ended with Unavailable as etcd ends them,
   * unary calls under way get `STOP_GRACE_MS` to answer, then whatever is left is cancelled. Waiting for watches to
   * end by themselves would keep the port closed while the clients' reconnect backoff grows (grpc-go's grows from
   * 1 s by 1.6x a try), and kube-apiserver would find a restarted store only seconds after it is back. Writes already
   * queued still commit before the database is closed.
   */
  public async stop(): Promise<void> {
    this.stopUpkeep?.();
    const drained = new Promise<void>((resolve) => this.grpcServer.tryShutdown(() => resolve()));
    this.streams.endAll();
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise<void>((resolve) => {
      grace = setTimeout(resolve, STOP_GRACE_MS);
    })]);
    clearTimeout(grace);
    this.grpcServer.forceShutdown();
    await this.status?.close();
    await this.store.log.close();
  }
}
