import { existsSync, readFileSync } from 'fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'http';
import { dirname, join } from 'path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as prom from 'prom-client';
import type { DataSource } from './endpoint';
import { toGrpcError } from './errors';
import { openDriver, SqlLog, type DriverOptions } from './sql';
import { MAX_REQUEST_BYTES, MEMBER_ID, Store } from './store';
import { WatchStream } from './watch-stream';

/** Options of a running storage server (the flags of `vck storage`). */
export interface StorageServerOptions extends DriverOptions {
  /** The database. */
  readonly dataSource: DataSource;
  /**
   * How often commits of other shims on the same database are looked for (server databases only; PostgreSQL's
   * NOTIFY usually brings them sooner).
   */
  readonly pollIntervalMs?: number;
  /** gRPC listen address: `host:port` or `unix:///path`. */
  readonly listenAddress: string;
  /** TLS files; with a CA, clients must present a certificate it signed. */
  readonly tls?: { readonly caFile?: string; readonly certFile: string; readonly keyFile: string };
  /** Prometheus, /healthz and /readyz on `host:port`; off when undefined. */
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
  /** Where log lines go. */
  readonly log?: (line: string) => void;
}

/** etcd's protos, as shipped by the etcd3 client package. */
function loadProtos(): grpc.GrpcObject {
  const protoDir = join(dirname(require.resolve('etcd3/package.json')), 'proto');
  const definition = protoLoader.loadSync(join(protoDir, 'rpc.proto'), {
    keepCase: true,
    longs: String,
    defaults: false,
    oneofs: true,
    includeDirs: [protoDir],
  });
  return grpc.loadPackageDefinition(definition);
}

/** A running storage server: the etcd v3 API over SQL. */
export class StorageServer {
  /**
   * Opens the database (creating or upgrading its tables) and builds the server; `start` serves it. Fails, with
   * the database's own error, when the database cannot be reached.
   */
  public static async open(options: StorageServerOptions): Promise<StorageServer> {
    const log = await SqlLog.open(openDriver(options.dataSource, options));
    const server = new StorageServer(options, log);
    await server.store.leases.adoptKineLeases();
    return server;
  }

  public readonly store: Store;
  private readonly grpcServer: grpc.Server;
  private httpServer?: HttpServer;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly registry = new prom.Registry();
  private readonly latency: prom.Histogram<'method' | 'code'>;
  private readonly batchSize: prom.Histogram;
  private address = '';

  private constructor(private readonly options: StorageServerOptions, log: SqlLog) {
    this.latency = new prom.Histogram({
      name: 'vck_storage_request_duration_seconds',
      help: 'etcd API request latency by method',
      labelNames: ['method', 'code'],
      registers: [this.registry],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
    this.batchSize = new prom.Histogram({
      name: 'vck_storage_commit_batch_size',
      help: 'writes per group commit',
      registers: [this.registry],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    });
    this.store = new Store(log, { onBatch: (n) => this.batchSize.observe(n) });
    new prom.Gauge({ name: 'vck_storage_db_size_bytes', help: 'database size', registers: [this.registry], async collect() { this.set(await log.sizeBytes()); } });
    new prom.Gauge({ name: 'vck_storage_revision', help: 'current revision', registers: [this.registry], collect() { this.set(log.currentRevision()); } });
    new prom.Gauge({ name: 'vck_storage_compact_revision', help: 'compacted revision', registers: [this.registry], collect() { this.set(log.compactRevision()); } });
    const hub = this.store.hub;
    new prom.Gauge({ name: 'vck_storage_watchers', help: 'active watches', registers: [this.registry], collect() { this.set(hub.size); } });
    this.grpcServer = new grpc.Server({
      'grpc.max_receive_message_length': MAX_REQUEST_BYTES + 512 * 1024,
      'grpc.max_send_message_length': 2 ** 31 - 1,
    });
    this.register();
  }

  private unary<Req, Res>(method: string, fn: (req: Req) => Res | Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      const end = this.latency.startTimer({ method });
      const started = Date.now();
      Promise.resolve().then(() => fn(call.request)).then((res) => {
        end({ code: 'OK' });
        this.slow(method, started);
        callback(null, res);
      }, (err) => {
        const e = toGrpcError(err);
        end({ code: grpc.status[e.code] });
        callback({ code: e.code, details: e.details });
      });
    };
  }

  private slow(method: string, started: number): void {
    const took = Date.now() - started;
    if (this.options.slowRequestMs !== undefined && took >= this.options.slowRequestMs) this.options.log?.(`slow request: ${method} took ${took} ms`);
  }

  private register(): void {
    const pkg = loadProtos().etcdserverpb as grpc.GrpcObject;
    const service = (name: string) => (pkg[name] as grpc.ServiceClientConstructor).service;
    const store = this.store;
    this.grpcServer.addService(service('KV'), {
      Range: this.unary('Range', (req) => store.range(req as never)),
      Put: this.unary('Put', (req) => store.put(req as never)),
      DeleteRange: this.unary('DeleteRange', (req) => store.deleteRange(req as never)),
      Txn: this.unary('Txn', (req) => store.txn(req as never)),
      Compact: this.unary('Compact', (req: { revision: string }) => store.compact(req.revision)),
    });
    this.grpcServer.addService(service('Watch'), {
      Watch: ((stream: grpc.ServerDuplexStream<never, object>) => {
        new WatchStream(store, stream, this.options.watchProgressIntervalMs ?? 5000);
      }) as grpc.handleBidiStreamingCall<never, object>,
    });
    this.grpcServer.addService(service('Lease'), {
      LeaseGrant: this.unary('LeaseGrant', (req: { TTL: string; ID: string }) => store.leaseGrant(req.TTL, req.ID)),
      LeaseRevoke: this.unary('LeaseRevoke', (req: { ID: string }) => store.leaseRevoke(req.ID)),
      LeaseTimeToLive: this.unary('LeaseTimeToLive', (req: { ID: string; keys?: boolean }) => store.leaseTimeToLive(req.ID, !!req.keys)),
      LeaseLeases: this.unary('LeaseLeases', () => store.leaseLeases()),
      LeaseKeepAlive: ((stream: grpc.ServerDuplexStream<{ ID: string }, object>) => {
        stream.on('data', (req: { ID: string }) => {
          store.leaseKeepAlive(req.ID).then((res) => stream.write(res), () => {
            // etcd answers a keep-alive of an unknown or expired lease with TTL 0.
            stream.write({ header: store.header(), ID: req.ID, TTL: 0 });
          });
        });
        stream.on('end', () => stream.end());
        stream.on('error', () => undefined);
      }) as grpc.handleBidiStreamingCall<{ ID: string }, object>,
    });
    this.grpcServer.addService(service('Maintenance'), {
      Status: this.unary('Status', async () => ({
        header: store.header(),
        // 3.5.13 or later makes kube-apiserver enable its consistent reads from cache.
        version: '3.5.15',
        dbSize: await store.log.sizeBytes(),
        dbSizeInUse: await store.log.sizeBytes(),
        leader: MEMBER_ID,
        raftIndex: store.log.currentRevision(),
        raftTerm: 1,
        raftAppliedIndex: store.log.currentRevision(),
        errors: [],
        isLearner: false,
      })),
      Alarm: this.unary('Alarm', () => ({ header: store.header(), alarms: [] })),
    });
    this.grpcServer.addService(service('Cluster'), {
      MemberList: this.unary('MemberList', () => ({
        header: store.header(),
        members: [{ ID: MEMBER_ID, name: 'vck-storage', peerURLs: [], clientURLs: [this.clientUrl()], isLearner: false }],
      })),
    });
  }

  private clientUrl(): string {
    return `${this.options.tls ? 'https' : 'http'}://${this.address}`;
  }

  private credentials(): grpc.ServerCredentials {
    const tls = this.options.tls;
    if (!tls) return grpc.ServerCredentials.createInsecure();
    const ca = tls.caFile ? readFileSync(tls.caFile) : null;
    return grpc.ServerCredentials.createSsl(ca, [{ cert_chain: readFileSync(tls.certFile), private_key: readFileSync(tls.keyFile) }], !!ca);
  }

  /** Waits for the TLS files (the syncer writes them on the shared volume at its start), then serves. */
  public async start(): Promise<string> {
    const tls = this.options.tls;
    if (tls) await waitForFiles([tls.certFile, tls.keyFile, ...(tls.caFile ? [tls.caFile] : [])], this.options.log);
    const bind = this.options.listenAddress.replace(/^unix:\/\//, 'unix:');
    const port = await new Promise<number>((resolve, reject) => {
      this.grpcServer.bindAsync(bind, this.credentials(), (err, p) => (err ? reject(err) : resolve(p)));
    });
    this.address = bind.startsWith('unix:') ? bind : `${bind.slice(0, bind.lastIndexOf(':'))}:${port}`;
    if (this.options.metricsAddress) await this.startHttp(this.options.metricsAddress);
    await this.startUpkeep();
    return this.address;
  }

  private async startHttp(address: string): Promise<void> {
    const store = this.store;
    this.httpServer = createHttpServer((req, res) => {
      const reply = (code: number, body: string, type = 'text/plain') => {
        res.writeHead(code, { 'content-type': type });
        res.end(body);
      };
      const fail = (err: Error) => reply(503, `${err.message}\n`);
      // Healthy and ready while the database answers.
      if (req.url === '/healthz' || req.url === '/readyz') return void store.log.ping().then(() => reply(200, 'ok\n'), fail);
      if (req.url === '/metrics') return void this.registry.metrics().then((text) => reply(200, text, this.registry.contentType), fail);
      reply(404, 'not found\n');
    });
    const colon = address.lastIndexOf(':');
    await new Promise<void>((resolve, reject) => {
      this.httpServer!.once('error', reject);
      this.httpServer!.listen(Number(address.slice(colon + 1)), address.slice(0, colon) || '0.0.0.0', () => resolve());
    });
  }

  /** Lease expiry, periodic compaction with retention, and giving space back afterwards. */
  private async startUpkeep(): Promise<void> {
    const store = this.store;
    if (this.options.dataSource.kind !== 'sqlite') {
      // Other shims may write the same database: follow their commits (on NOTIFY, and at least every poll interval).
      const catchUp = () => void store.log.catchUp().catch((err) => this.options.log?.(`following other writers: ${err.message}`));
      await store.log.listen(catchUp);
      const poll = setInterval(catchUp, this.options.pollIntervalMs ?? 1000);
      poll.unref();
      this.timers.push(poll);
    }
    const expiry = setInterval(() => void store.expireLeases().catch((err) => this.options.log?.(`lease expiry: ${err.message}`)), 1000);
    const retain = this.options.compactMinRetain ?? 1000;
    const compaction = setInterval(() => {
      const target = store.log.currentRevision() - retain;
      if (target <= store.log.compactRevision()) return;
      void store.log.compact(target, this.options.compactBatchSize ?? 1000)
        .then(() => store.log.reclaim())
        .catch((err) => this.options.log?.(`compaction: ${err.message}`));
    }, this.options.compactIntervalMs ?? 5 * 60_000);
    for (const t of [expiry, compaction]) t.unref();
    this.timers.push(expiry, compaction);
  }

  public async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await new Promise<void>((resolve) => this.grpcServer.tryShutdown(() => resolve()));
    this.grpcServer.forceShutdown();
    if (this.httpServer) await new Promise<void>((resolve) => this.httpServer!.close(() => resolve()));
    await this.store.log.close();
  }
}

async function waitForFiles(files: string[], log?: (line: string) => void): Promise<void> {
  let warned = false;
  while (!files.every((f) => existsSync(f))) {
    if (!warned) log?.(`waiting for TLS files: ${files.filter((f) => !existsSync(f)).join(', ')}`);
    warned = true;
    await new Promise((r) => setTimeout(r, 500));
  }
}
