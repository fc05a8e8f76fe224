import { Etcd3 } from 'etcd3';

/** Runs a call once: no retry, no circuit breaking, so each caller sees every error and decides itself. */
const once = { execute: (fn: () => Promise<unknown>) => fn() } as never;

/** An etcd client that does not retry: used where the caller has its own loop (reconciliation, tests). */
export function etcdClient(hosts: string | string[], dialTimeoutMs = 2000): Etcd3 {
  return new Etcd3({ hosts, dialTimeout: dialTimeoutMs, faultHandling: { global: once, host: () => once } });
}
