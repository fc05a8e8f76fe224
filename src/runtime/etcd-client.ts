import type { Etcd3 as Client } from 'etcd3';
import type { ICallable } from 'etcd3/lib/rpc';
import { loadOptional } from './optional';

/** A client certificate and the CA that signed the servers' certificates. */
export interface ClientTls {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** etcd3's client options for a client certificate, or none. */
export function tlsCredentials(tls?: ClientTls): { credentials?: { rootCertificate: Buffer; certChain: Buffer; privateKey: Buffer } } {
  return tls ? { credentials: { rootCertificate: tls.ca, certChain: tls.cert, privateKey: tls.key } } : {};
}

/** Runs a call once: no retry, no circuit breaking, so each caller sees every error and decides itself. */
const once = { execute: (fn: () => Promise<unknown>) => fn() } as never;

/**
 * An etcd client that does not retry and bounds every unary call by `callTimeoutMs`: used where the caller has its
 * own loop (reconciliation, tests). The etcd3 library sets no deadline of its own (its `dialTimeout` is not used), so
 * without one a call to a member that accepted the connection but never answers would stall the caller's loop.
 * Responses of any size are accepted, as etcd sends them (a page of large objects passes grpc-js's 4 MiB default).
 */
export function etcdClient(hosts: string | string[], callTimeoutMs = 5000, tls?: ClientTls): Client {
  const { Etcd3 } = loadOptional<typeof import('etcd3')>('etcd3', 'vck etcd');
  return new Etcd3({
    hosts,
    ...tlsCredentials(tls),
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + callTimeoutMs }),
    faultHandling: { global: once, host: () => once },
    grpcOptions: { 'grpc.max_receive_message_length': -1 },
  });
}

/**
 * etcd's HashKV: its hash of the keyspace at `revision`, and the revision it is at. Called through the etcd3 library's
 * connection, since its own `maintenance.hashKV` asks grpc-js for a method named `hashKV`, which grpc-js calls `hashKv`.
 */
export function hashKV(client: Client, revision: number): Promise<{ hash: string; compact_revision: string; header: { revision: string } }> {
  const connection = (client.maintenance as unknown as { client: ICallable<unknown> }).client;
  return connection.exec('Maintenance', 'hashKv', { revision });
}
