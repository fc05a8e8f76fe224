import { dirname, join } from 'path';
import type * as Grpc from '@grpc/grpc-js';
import type * as ProtoLoader from '@grpc/proto-loader';
import { loadOptional, resolveOptional } from '../optional';
import { toGrpcError } from './errors';
import type { StorageMetrics } from './metrics';
import type { OpenStreams } from './open-streams';
import { streamSnapshot } from './snapshot-stream';
import { MEMBER_ID, type Store } from './store';
import { WatchStream } from './watch-stream';
import { encodeRangeResponse, watchResponseEncoder } from './wire';

/** What the etcd services need besides the store. */
export interface ServiceOptions {
  readonly metrics: StorageMetrics;
  /** Interval of progress notifications to watches that asked for them. */
  readonly watchProgressIntervalMs: number;
  /** Requests slower than this are logged. */
  readonly slowRequestMs?: number;
  /** Where snapshots are written before they are streamed. */
  readonly scratchDir: string;
  /** The client URL members list (known once the server listens). */
  readonly clientUrl: () => string;
  readonly log?: (line: string) => void;
  /** Where the streaming calls are kept track of, for the stop to end them. */
  readonly streams: OpenStreams;
}

/** etcd's protos, as shipped by the etcd3 client package. */
function loadProtos(grpc: typeof Grpc): Grpc.GrpcObject {
  const protoLoader = loadOptional<typeof ProtoLoader>('@grpc/proto-loader', 'vck storage');
  const protoDir = join(dirname(resolveOptional('etcd3/package.json', 'vck storage')), 'proto');
  const definition = protoLoader.loadSync(join(protoDir, 'rpc.proto'), {
    keepCase: true,
    longs: String,
    defaults: false,
    oneofs: true,
    includeDirs: [protoDir],
  });
  return grpc.loadPackageDefinition(definition);
}

/**
 * Registers etcd's KV, Watch, Lease, Maintenance and Cluster services on `server`, backed by `store`. Unary calls are
 * timed into the latency histogram, logged when slow, and their errors mapped to etcd's (errors.ts). Methods not
 * registered (Hash, MoveLeader, auth, member changes) answer Unimplemented.
 */
export function registerEtcdServices(grpc: typeof Grpc, server: Grpc.Server, store: Store, options: ServiceOptions): void {
  const unary = <Req, Res>(method: string, fn: (req: Req) => Res | Promise<Res>): Grpc.handleUnaryCall<Req, Res> => (call, callback) => {
    const end = options.metrics.latency.startTimer({ method });
    const started = Date.now();
    Promise.resolve().then(() => fn(call.request)).then((res) => {
      end({ code: 'OK' });
      const took = Date.now() - started;
      if (options.slowRequestMs !== undefined && took >= options.slowRequestMs) options.log?.(`slow request: ${method} took ${took} ms`);
      callback(null, res);
    }, (err) => {
      const e = toGrpcError(err);
      end({ code: grpc.status[e.code] });
      callback({ code: e.code, details: e.details });
    });
  };
  const pkg = loadProtos(grpc).etcdserverpb as Grpc.GrpcObject;
  const service = (name: string) => (pkg[name] as Grpc.ServiceClientConstructor).service;
  const kv = service('KV');
  // Range answers (every get and list) are written by the store's own encoder (wire.ts), the rest by proto-loader's.
  server.addService({ ...kv, Range: { ...kv.Range, responseSerialize: encodeRangeResponse } } as Grpc.ServiceDefinition, {
    Range: unary('Range', (req) => store.range(req as never)),
    Put: unary('Put', (req) => store.put(req as never)),
    DeleteRange: unary('DeleteRange', (req) => store.deleteRange(req as never)),
    Txn: unary('Txn', (req) => store.txn(req as never)),
    Compact: unary('Compact', (req: { revision: string }) => store.compact(req.revision)),
  });
  // Watch responses carrying events are written by the store's own encoder too, each event once for all its watchers.
  const watch = service('Watch');
  const watchSerialize = watch.Watch.responseSerialize as (res: object) => Buffer;
  server.addService({ ...watch, Watch: { ...watch.Watch, responseSerialize: watchResponseEncoder(watchSerialize) } } as Grpc.ServiceDefinition, {
    Watch: ((stream: Grpc.ServerDuplexStream<never, object>) => {
      options.streams.add(stream);
      new WatchStream(store, stream, options.watchProgressIntervalMs);
    }) as Grpc.handleBidiStreamingCall<never, object>,
  });
  server.addService(service('Lease'), {
    LeaseGrant: unary('LeaseGrant', (req: { TTL: string; ID: string }) => store.leaseGrant(req.TTL, req.ID)),
    LeaseRevoke: unary('LeaseRevoke', (req: { ID: string }) => store.leaseRevoke(req.ID)),
    LeaseTimeToLive: unary('LeaseTimeToLive', (req: { ID: string; keys?: boolean }) => store.leaseTimeToLive(req.ID, !!req.keys)),
    LeaseLeases: unary('LeaseLeases', () => store.leaseLeases()),
    LeaseKeepAlive: ((stream: Grpc.ServerDuplexStream<{ ID: string }, object>) => {
      options.streams.add(stream);
      stream.on('data', (req: { ID: string }) => {
        store.leaseKeepAlive(req.ID).then((res) => stream.write(res), () => {
          // etcd answers a keep-alive of an unknown or expired lease with TTL 0.
          stream.write({ header: store.header(), ID: req.ID, TTL: 0 });
        });
      });
      stream.on('end', () => stream.end());
      stream.on('error', () => undefined);
    }) as Grpc.handleBidiStreamingCall<{ ID: string }, object>,
  });
  server.addService(service('Maintenance'), {
    Status: unary('Status', async () => ({
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
    Alarm: unary('Alarm', () => ({ header: store.header(), alarms: [] })),
    Defragment: unary('Defragment', async () => {
      await store.log.defragment();
      return { header: store.header() };
    }),
    Snapshot: ((call: Grpc.ServerWritableStream<unknown, object>) => {
      options.streams.add(call);
      void streamSnapshot(store, call, options.scratchDir);
    }) as Grpc.handleServerStreamingCall<unknown, object>,
  });
  server.addService(service('Cluster'), {
    MemberList: unary('MemberList', () => ({
      header: store.header(),
      members: [{ ID: MEMBER_ID, name: 'vck-storage', peerURLs: [], clientURLs: [options.clientUrl()], isLearner: false }],
    })),
  });
}
