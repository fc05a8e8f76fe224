import type * as Grpc from '@grpc/grpc-js';

/** etcd's answer to calls that a stopping server ends (rpctypes.ErrGRPCStopped). */
const SERVER_STOPPED = 'etcdserver: server stopped';

/**
 * The streaming calls under way (watches, lease keep-alives, snapshots), so that a stopping server ends them as etcd
 * does: with Unavailable, which etcd's Go client (kube-apiserver's) takes as "the server will be right back" and
 * answers by resuming its watches on the next connection. A stream cancelled instead (gRPC's forced shutdown) would
 * end them for good: the client closes its watch channels and the apiserver relists everything it caches.
 */
export class OpenStreams {
  private readonly calls = new Set<Grpc.ServerInterceptingCall>();

  public constructor(private readonly grpc: typeof Grpc) {}

  /** The server interceptor that keeps track of streaming calls; unary calls pass untouched. */
  public readonly interceptor: Grpc.ServerInterceptor = (method, next) => {
    if (!method.requestStream && !method.responseStream) return new this.grpc.ServerInterceptingCall(next);
    const call: Grpc.ServerInterceptingCall = new this.grpc.ServerInterceptingCall(next, {
      start: (start) => start({ onCancel: () => this.calls.delete(call) }),
      sendStatus: (status, send) => {
        this.calls.delete(call);
        send(status);
      },
    });
    this.calls.add(call);
    return call;
  };

  /** Ends every open stream with Unavailable. */
  public endAll(): void {
    for (const call of [...this.calls]) call.sendStatus({ code: this.grpc.status.UNAVAILABLE, details: SERVER_STOPPED });
  }
}
