import { Command } from 'commander';
import { EtcdManager } from '../runtime/etcd/manager';
import { LocalTopology } from '../runtime/etcd/topology';

interface EtcdFlags {
  local?: boolean;
  ordinal?: string;
  namePrefix: string;
  clientUrls?: string;
  peerUrls?: string;
  replicasFile?: string;
  dataDir: string;
  etcdBinary: string;
  etcdArg: string[];
  metricsBindAddress?: string;
  reconcileInterval: string;
  rebuildAfter: string;
  migrateFromSqlite?: string;
}

/** `vck etcd`: runs an etcd member and manages the cluster's membership. */
export function etcdCommand(): Command {
  return new Command('etcd')
    .description('run an etcd member that adds and removes peers as the StatefulSet scales')
    .option('--local', 'local mode: every ordinal\'s URLs on the command line and the replica count from a file')
    .option('--ordinal <n>', 'this member\'s ordinal (local mode; in a pod it comes from POD_NAME)')
    .option('--name-prefix <prefix>', 'member names are PREFIX-ORDINAL', 'etcd')
    .option('--client-urls <urls>', 'local mode: comma-separated client URL of every ordinal, in ordinal order')
    .option('--peer-urls <urls>', 'local mode: comma-separated peer URL of every ordinal, in ordinal order')
    .option('--replicas-file <file>', 'local mode: file holding the desired replica count')
    .option('--data-dir <dir>', 'data directory', '/data/etcd')
    .option('--etcd-binary <path>', 'the etcd binary', 'etcd')
    .option('--etcd-arg <flag>', 'an extra etcd flag (repeatable)', (v: string, prev: string[]) => [...prev, v], [])
    .option('--metrics-bind-address <address>', '/healthz and /readyz on host:port')
    .option('--reconcile-interval <ms>', 'how often membership is reconciled, in milliseconds', '2000')
    .option('--rebuild-after <ms>', 'ordinal 0 rebuilds a cluster whose quorum was scaled away after this long without a leader', '30000')
    // The in-cluster flags the rendered pods pass; accepted so that their run fails with the message below.
    .option('--client-port <port>', 'in-cluster: client port')
    .option('--peer-port <port>', 'in-cluster: peer port')
    .option('--ca-file <file>', 'in-cluster: CA of client and peer certificates')
    .option('--cert-file <file>', 'in-cluster: server certificate')
    .option('--key-file <file>', 'in-cluster: server key')
    .option('--peer-cert-file <file>', 'in-cluster: peer certificate')
    .option('--peer-key-file <file>', 'in-cluster: peer key')
    .option('--migrate-from <url>', 'in-cluster: a deployed etcd to migrate from on first start')
    .option('--migrate-from-sqlite <file>', 'a kine SQLite database that ordinal 0 moves into etcd on first start (1 replica only)')
    .action(async (flags: EtcdFlags) => {
      if (!flags.local) {
        throw new Error('vck etcd: only --local mode is implemented in this build; the in-cluster mode '
          + '(identity from POD_NAME, replicas from the StatefulSet) is not available yet');
      }
      const missing = ['ordinal', 'clientUrls', 'peerUrls', 'replicasFile'].filter((k) => flags[k as keyof EtcdFlags] === undefined);
      if (missing.length > 0) throw new Error(`vck etcd --local needs ${missing.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`);
      const topology = new LocalTopology(Number(flags.ordinal), flags.namePrefix, flags.clientUrls!.split(','), flags.peerUrls!.split(','), flags.replicasFile!);
      const manager = new EtcdManager({
        topology,
        dataDir: flags.dataDir,
        etcdBinary: flags.etcdBinary,
        etcdArgs: flags.etcdArg,
        clusterToken: flags.namePrefix,
        healthAddress: flags.metricsBindAddress,
        reconcileIntervalMs: Number(flags.reconcileInterval),
        rebuildAfterMs: Number(flags.rebuildAfter),
        migrateFromSqlite: flags.migrateFromSqlite,
        log: (line) => process.stderr.write(`vck etcd: ${line}\n`),
      });
      await manager.start();
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => void manager.stop(signal).then(() => process.exit(0)));
      }
    });
}
