import type * as grpc from '@grpc/grpc-js';
import { loadOptional } from '../optional';

const { status } = loadOptional<typeof grpc>('@grpc/grpc-js', 'vck storage');

/**
 * etcd's gRPC errors, with the exact codes and messages etcd returns (api/v3rpc/rpctypes): kube-apiserver and
 * etcd clients match on these strings.
 */
export class EtcdError extends Error {
  public constructor(public readonly code: grpc.status, message: string) {
    super(message);
    this.name = 'EtcdError';
  }
}

export const errors = {
  compacted: () => new EtcdError(status.OUT_OF_RANGE, 'etcdserver: mvcc: required revision has been compacted'),
  futureRevision: () => new EtcdError(status.OUT_OF_RANGE, 'etcdserver: mvcc: required revision is a future revision'),
  emptyKey: () => new EtcdError(status.INVALID_ARGUMENT, 'etcdserver: key is not provided'),
  keyNotFound: () => new EtcdError(status.INVALID_ARGUMENT, 'etcdserver: key not found'),
  duplicateKey: () => new EtcdError(status.INVALID_ARGUMENT, 'etcdserver: duplicate key given in txn request'),
  tooManyOps: () => new EtcdError(status.INVALID_ARGUMENT, 'etcdserver: too many operations in txn request'),
  requestTooLarge: () => new EtcdError(status.INVALID_ARGUMENT, 'etcdserver: request is too large'),
  leaseNotFound: () => new EtcdError(status.NOT_FOUND, 'etcdserver: requested lease not found'),
  leaseExists: () => new EtcdError(status.FAILED_PRECONDITION, 'etcdserver: lease already exists'),
  leaseTtlTooLarge: () => new EtcdError(status.OUT_OF_RANGE, 'etcdserver: too large lease TTL'),
  unavailable: (why: string) => new EtcdError(status.UNAVAILABLE, `etcdserver: request timed out, ${why}`),
  unsupported: (what: string) => new EtcdError(status.INVALID_ARGUMENT, `vck storage: ${what} is not supported`),
};

/** Maps any error to a gRPC error: etcd's own pass through; storage failures become Unavailable, never a false ack. */
export function toGrpcError(err: unknown): { code: grpc.status; details: string } {
  if (err instanceof EtcdError) return { code: err.code, details: err.message };
  return { code: status.UNAVAILABLE, details: `etcdserver: storage unavailable: ${(err as Error)?.message ?? String(err)}` };
}
