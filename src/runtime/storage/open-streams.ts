import type * as Grpc from '@grpc/grpc-js';

/** etcd's answer to calls that a stopping server ends (rpctypes.ErrGRPCStopped). */
const SERVER_STOPPED = 'etcdserver: server stopped';

/** A streaming call as its handler holds it: grpc-js answers an 'error' event with that error's status. */
type OpenStream = Pick<NodeJS.EventEmitter, 'emit' | 'once'>;

/**
 * The streaming calls under way (watches, lease keep-alives, snapshots), so that a stopping server ends them as etcd
 * does: with Unavailable, which etcd's Go client (kube-apiserver's) takes as "the server will be right back" and
 * answers by resuming its watches on the next connection. A stream cancelled instead (gRPC's forced shutdown) would
 * end them for good: the client closes its watch channels and the apiserver relists everything it caches.
 *
 * The stream handlers register their calls here, rather than a server interceptor catching them: an interceptor
 * wraps every unary call too, a layer of grpc-js's call machinery per request on the hot path.
 */
export class OpenStreams {
  private readonly calls = new Set<OpenStream>();

  public constructor(private readonly grpc: typeof Grpc) {}

  /** Keeps track of a streaming call until it closes. */
  public add(call: OpenStream): void {
    this.calls.add(call);
    call.once('close', () => this.calls.delete(call));
  }

  /** Ends every open stream with Unavailable. */
  public endAll(): void {
    for (const call of [...this.calls]) {
      this.calls.delete(call);
      call.emit('error', { code: this.grpc.status.UNAVAILABLE, details: SERVER_STOPPED });
    }
  }
}
