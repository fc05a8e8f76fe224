/**
 * The etcd errors the manager acts on, recognised in this one place: by the gRPC status code etcd sends with each
 * (go.etcd.io/etcd/api/v3/v3rpc/rpctypes, etcd 3.5) together with its exact description, since several share a
 * code (FailedPrecondition covers a learner not in sync as well as too many learners).
 */
const GRPC = { notFound: 5, failedPrecondition: 9, unavailable: 14 } as const;

const ETCD_ERRORS = {
  memberNotFound: { code: GRPC.notFound, text: 'etcdserver: member not found' },
  peerUrlExists: { code: GRPC.failedPrecondition, text: 'etcdserver: Peer URLs already exists' },
  memberNotLearner: { code: GRPC.failedPrecondition, text: 'etcdserver: can only promote a learner member' },
  learnerNotReady: { code: GRPC.failedPrecondition, text: 'etcdserver: can only promote a learner member which is in sync with leader' },
  tooManyLearners: { code: GRPC.failedPrecondition, text: 'etcdserver: too many learner members in cluster' },
  notEnoughStarted: { code: GRPC.failedPrecondition, text: 'etcdserver: re-configuration failed due to not enough started members' },
  unhealthy: { code: GRPC.unavailable, text: 'etcdserver: unhealthy cluster' },
  stopped: { code: GRPC.unavailable, text: 'etcdserver: server stopped' },
} as const;

export type EtcdErrorKind = keyof typeof ETCD_ERRORS;

/** gRPC code names as grpc-js prefixes them to a message ("9 FAILED_PRECONDITION: ..."), by number. */
const CODE_NAMES: Record<number, string> = { 5: 'NOT_FOUND', 9: 'FAILED_PRECONDITION', 14: 'UNAVAILABLE' };

/**
 * The status code of a gRPC error: the `code` grpc-js sets, else the prefix grpc-js writes into the message (the
 * etcd3 client rethrows errors as its own classes, keeping only the message).
 */
function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number') return code;
  const match = /(?:^|\s)(\d{1,2}) ([A-Z_]+):/.exec(String((err as Error | undefined)?.message ?? ''));
  return match && CODE_NAMES[Number(match[1])] === match[2] ? Number(match[1]) : undefined;
}

/** Which of the etcd errors above `err` is, or undefined for any other error. */
export function etcdErrorKind(err: unknown): EtcdErrorKind | undefined {
  const code = grpcCode(err);
  const message = String((err as Error | undefined)?.message ?? '');
  let found: EtcdErrorKind | undefined;
  for (const [kind, e] of Object.entries(ETCD_ERRORS) as [EtcdErrorKind, (typeof ETCD_ERRORS)[EtcdErrorKind]][]) {
    // The longest matching description wins: "can only promote a learner member" is the start of another one.
    if (code === e.code && message.includes(e.text) && (!found || e.text.length > ETCD_ERRORS[found].text.length)) found = kind;
  }
  return found;
}

/** Whether `err` is etcd's error `kind`. */
export function isEtcdError(err: unknown, kind: EtcdErrorKind): boolean {
  return etcdErrorKind(err) === kind;
}

