import { selfOf, type ManagerOptions } from './manager-options';
import { etcdDataDir } from './member-data';

/** etcd's flags for this member; `elsewhere` moves the data and the client URL (the private etcd of a migration). */
export function memberFlags(
  options: ManagerOptions,
  initialCluster: string,
  state: 'new' | 'existing',
  elsewhere?: { dataDir: string; clientUrl: string },
): string[] {
  const me = selfOf(options.topology);
  const { tls, topology } = options;
  return [
    `--name=${me.name}`,
    `--data-dir=${elsewhere?.dataDir ?? etcdDataDir(options.dataDir)}`,
    `--listen-client-urls=${elsewhere?.clientUrl ?? topology.listen.client}`,
    `--advertise-client-urls=${elsewhere?.clientUrl ?? me.clientUrl}`,
    `--listen-peer-urls=${topology.listen.peer}`,
    `--initial-advertise-peer-urls=${me.peerUrl}`,
    ...(tls ? [
      `--trusted-ca-file=${tls.caFile}`, `--cert-file=${tls.certFile}`, `--key-file=${tls.keyFile}`, '--client-cert-auth=true',
      `--peer-trusted-ca-file=${tls.caFile}`, `--peer-cert-file=${tls.peerCertFile}`, `--peer-key-file=${tls.peerKeyFile}`,
      '--peer-client-cert-auth=true',
    ] : []),
    `--initial-cluster=${initialCluster}`,
    `--initial-cluster-state=${state}`,
    `--initial-cluster-token=${options.clusterToken}`,
    '--strict-reconfig-check=true',
    ...(options.etcdArgs ?? []),
  ];
}
