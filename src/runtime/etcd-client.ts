import { Etcd3 } from 'etcd3';

/** Runs a call once: no retry, no circuit breaking, so each caller sees every error and decides itself. */
const once = { execute: (fn: () => Promise<unknown>) => fn() } as never;

/**
 * An etcd client that does not retry and bounds every unary call by `callTimeoutMs`: used where the caller has its
 * own loop (reconciliation, tests). The etcd3 library sets no deadline of its own (its `dialTimeout` is not used), so
 * without one a call to a member that accepted the connection but never answers would stall the caller's loop.
 */
export function etcdClient(hosts: string | string[], callTimeoutMs = 5000): Etcd3 {
  return new Etcd3({
    hosts,
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + callTimeoutMs }),
    faultHandling: { global: once, host: () => once },
  });
}
