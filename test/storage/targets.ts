import { startEtcd } from '../support/etcd-server';
import { startStorage } from '../support/storage-server';

/** A server speaking the etcd v3 API that the conformance suite runs against. */
export interface Target {
  readonly name: string;
  start(): Promise<{ endpoint: string; stop(): Promise<void> }>;
}

/**
 * Every target of the conformance suite: the shim on each database, and real etcd as the oracle (a test that fails
 * on etcd is a wrong test).
 */
export const TARGETS: readonly Target[] = [
  { name: 'etcd', start: startEtcd },
  { name: 'vck storage (sqlite)', start: () => startStorage() },
];
