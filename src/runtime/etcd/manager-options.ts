import type { ClientFiles } from './cluster-access';
import type { Self } from './decisions';
import type { Topology } from './topology';

/** Options of one member's manager. */
export interface ManagerOptions {
  readonly topology: Topology;
  readonly dataDir: string;
  readonly etcdBinary: string;
  /** Extra etcd flags, appended. */
  readonly etcdArgs?: readonly string[];
  /** Cluster token: keeps members of different clusters from joining each other. */
  readonly clusterToken: string;
  /** The status endpoints (`/health`, `/livez`, `/readyz`, `/healthz`) on `host:port`; off when undefined. */
  readonly healthAddress?: string;
  /** How often membership is reconciled. */
  readonly reconcileIntervalMs?: number;
  /**
   * How long ordinal 0 goes without a leader, with the unreachable members all beyond the desired replica count,
   * before it rebuilds a one-member cluster from its own data (a scale-down that broke quorum).
   */
  readonly rebuildAfterMs?: number;
  /**
   * Client and peer TLS: etcd serves both with these certificates and requires client certificates signed by the
   * CA; the manager presents the peer certificate (valid for clients and servers) to reach the members.
   */
  readonly tls?: EtcdTls;
  /**
   * Issues the member's certificate anew when the CA it came from was replaced, answering whether it did (etcd then
   * restarts to trust the new CA). In a pod this happens once at first start: every replica's syncer generates a CA,
   * and all but the one that stored it first in Secret `NAME-certs` replace theirs with the stored one
   * (loft-sh/vcluster v0.21.6 pkg/certs/ensure.go, EnsureCerts), possibly after this manager issued from its own.
   */
  readonly renewTls?: () => Promise<boolean>;
  /** A kine SQLite database that ordinal 0 moves into etcd before its first start (replicas must be 1). */
  readonly migrateFromSqlite?: string;
  /** Client URL of a deployed etcd whose data ordinal 0 takes before its first start (replicas must be 1). */
  readonly migrateFromEtcd?: string;
  /**
   * The root of a volume that may hold a chart-installed etcd's data (`member/` at the root): adopted on the first
   * start, before anything else.
   */
  readonly adoptDataFrom?: string;
  /** The etcdctl binary (snapshots of a deployed etcd; restores, or etcdutl beside it when there is one). */
  readonly etcdctlBinary?: string;
  readonly log: (line: string) => void;
}

/** Certificate files of an etcd member. */
export interface EtcdTls {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly peerCertFile: string;
  readonly peerKeyFile: string;
}

/** Who this member is, and the client URL it is reached at. */
export function selfOf(t: Topology): Self & { clientUrl: string } {
  return { ordinal: t.ordinal, name: t.name(t.ordinal), clientUrl: t.clientUrl(t.ordinal), peerUrl: t.peerUrl(t.ordinal) };
}

/** What the manager presents as an etcd client: the peer certificate, valid for clients and servers. */
export function clientFiles(tls: EtcdTls | undefined): ClientFiles | undefined {
  return tls && { caFile: tls.caFile, certFile: tls.peerCertFile, keyFile: tls.peerKeyFile };
}
