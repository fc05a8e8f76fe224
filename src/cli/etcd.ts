import { join } from 'path';
import { Command } from 'commander';
import { ETCD_LEAVE_COMMAND, ETCD_PEER_PORT, PKI, RUNTIME_ENV, STORE_CLIENT_PORT } from '../contract';
import { wholeNumber } from './flags';
import { statefulSetReplicas, inClusterApi } from '../runtime/etcd/kubernetes';
import type { EtcdTls, ManagerOptions } from '../runtime/etcd/manager-options';
import { LocalTopology, StatefulSetTopology, type Topology } from '../runtime/etcd/topology';

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
  migrateFrom?: string;
  adoptDataFrom?: string;
  etcdctlBinary: string;
  clientPort?: string;
  peerPort?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  peerCertFile?: string;
  peerKeyFile?: string;
  caKeyFile?: string;
  pkiDir?: string;
  generateCa?: boolean;
  san: string[];
}

/** `vck etcd`: runs an etcd member and manages the cluster's membership. */
export function etcdCommand(): Command {
  return new Command('etcd')
    .description('run an etcd member that adds and removes peers as the StatefulSet scales (in a pod, or --local)')
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
    .option('--client-port <port>', 'in a pod: client port', String(STORE_CLIENT_PORT))
    .option('--peer-port <port>', 'in a pod: peer port', String(ETCD_PEER_PORT))
    .option('--ca-file <file>', 'TLS: CA of client and peer certificates (clients must present a certificate it signed)')
    .option('--cert-file <file>', 'TLS: server certificate')
    .option('--key-file <file>', 'TLS: server key')
    .option('--peer-cert-file <file>', 'TLS: peer certificate (also the manager\'s client certificate)')
    .option('--peer-key-file <file>', 'TLS: peer key')
    .option('--ca-key-file <file>', 'TLS issued by the manager: the key of --ca-file, which signs this member\'s certificate '
      + '(issued into --pki-dir, instead of --cert-file, --key-file, --peer-cert-file, --peer-key-file)')
    .option('--pki-dir <dir>', 'TLS issued by the manager: where the member\'s certificate is kept (default: DATA-DIR/pki)')
    .option('--generate-ca', 'TLS issued by the manager: create the CA at --ca-file and --ca-key-file when absent (else wait for it)')
    .option('--san <name>', 'TLS issued by the manager: another DNS name or IP address of the member\'s certificate (repeatable)',
      (v: string, prev: string[]) => [...prev, v], [])
    .option('--migrate-from <url>', 'client URL of a deployed etcd whose data ordinal 0 takes on its first start (1 replica only)')
    .option('--adopt-data-from <dir>', 'the root of a volume where a chart-installed etcd kept its data (member/): moved into '
      + '--data-dir on the first start')
    .option('--etcdctl-binary <path>', 'the etcdctl binary (snapshots of a deployed etcd; restores with the etcdutl beside it if any)', 'etcdctl')
    .option('--migrate-from-sqlite <file>', 'a kine SQLite database that ordinal 0 moves into etcd on first start (1 replica only)')
    .argument('[leave]', 'leave: the preStop hook, which removes this member from the cluster when its ordinal is being scaled away')
    .action(async (action: string | undefined, flags: EtcdFlags) => {
      if (action !== undefined && action !== ETCD_LEAVE_COMMAND[0]) throw new Error(`vck etcd ${action}: unknown action; the only one is "leave"`);
      const log = (line: string) => process.stderr.write(`vck etcd: ${line}\n`);
      const topology = flags.local ? localTopology(flags) : statefulSetTopology(flags);
      const options: ManagerOptions = {
        topology,
        dataDir: flags.dataDir,
        etcdBinary: flags.etcdBinary,
        etcdArgs: flags.etcdArg,
        clusterToken: flags.local ? flags.namePrefix : process.env[RUNTIME_ENV.statefulSet]!,
        healthAddress: flags.metricsBindAddress,
        reconcileIntervalMs: wholeNumber('--reconcile-interval', flags.reconcileInterval),
        rebuildAfterMs: wholeNumber('--rebuild-after', flags.rebuildAfter),
        migrateFromSqlite: flags.migrateFromSqlite,
        migrateFromEtcd: flags.migrateFrom,
        adoptDataFrom: flags.adoptDataFrom,
        etcdctlBinary: flags.etcdctlBinary,
        ...await tlsOf(flags, topology, log),
        log,
      };
      // The manager and the hook, and with them the etcd client, are loaded only when a member runs or leaves.
      if (action) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { leaveCluster } = require('../runtime/etcd/leave') as typeof import('../runtime/etcd/leave');
        await leaveCluster(options);
        return;
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { EtcdManager } = require('../runtime/etcd/manager') as typeof import('../runtime/etcd/manager');
      const manager = new EtcdManager(options);
      await manager.start();
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => void manager.stop(signal).then(() => process.exit(0)));
      }
    });
}

const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function localTopology(flags: EtcdFlags): LocalTopology {
  const missing = ['ordinal', 'clientUrls', 'peerUrls', 'replicasFile'].filter((k) => flags[k as keyof EtcdFlags] === undefined);
  if (missing.length > 0) throw new Error(`vck etcd --local needs ${missing.map(flagName).join(', ')}`);
  return new LocalTopology(wholeNumber('--ordinal', flags.ordinal!), flags.namePrefix, flags.clientUrls!.split(','), flags.peerUrls!.split(','), flags.replicasFile!);
}

/** In a pod: identity and names from the environment the rendered StatefulSet sets, replicas from the API. */
function statefulSetTopology(flags: EtcdFlags): StatefulSetTopology {
  const env = process.env;
  const needed = [RUNTIME_ENV.podName, RUNTIME_ENV.namespace, RUNTIME_ENV.statefulSet, RUNTIME_ENV.headlessService];
  const missing = needed.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`vck etcd runs in a StatefulSet pod and needs ${missing.join(', ')} in its environment `
      + '(the manifests vcluster-constructs renders set them); use --local to run members on this machine');
  }
  // The preStop hook runs `vck etcd leave` without flags: in a pod, the member's certificate is issued from the
  // syncer's etcd CA (the one the apiserver's client certificate comes from) unless certificate files are given.
  if (flags.certFile === undefined) {
    flags.caFile ??= PKI.etcdCa;
    flags.caKeyFile ??= PKI.etcdCaKey;
  }
  const [pod, namespace, statefulSet, headless] = needed.map((name) => env[name]!);
  const ports = {
    client: wholeNumber('--client-port', flags.clientPort ?? String(STORE_CLIENT_PORT), 65535),
    peer: wholeNumber('--peer-port', flags.peerPort ?? String(ETCD_PEER_PORT), 65535),
  };
  const replicas = statefulSetReplicas(inClusterApi(env), namespace, statefulSet);
  return new StatefulSetTopology(pod, namespace, statefulSet, headless, ports, replicas, env[RUNTIME_ENV.podIp]);
}

/**
 * Client and peer TLS: with `--ca-key-file`, a certificate the manager issues for every name the member is reached
 * at; else the certificate files given (all of them, or none: no TLS).
 */
/** The TLS of a member, and how to renew it when its certificate is the manager's to issue. */
type MemberTls = Pick<ManagerOptions, 'tls' | 'renewTls'>;

async function tlsOf(flags: EtcdFlags, topology: Topology, log: (line: string) => void): Promise<MemberTls> {
  const { caFile, certFile, keyFile, peerCertFile, peerKeyFile } = flags;
  const files = { caFile, certFile, keyFile, peerCertFile, peerKeyFile };
  if (flags.caKeyFile !== undefined) {
    const given = Object.entries({ certFile, keyFile, peerCertFile, peerKeyFile }).filter(([, v]) => v !== undefined).map(([k]) => flagName(k));
    if (given.length > 0) throw new Error(`--ca-key-file has the manager issue the member's certificate: drop ${given.join(', ')}, or --ca-key-file`);
    if (caFile === undefined) throw new Error('--ca-key-file needs --ca-file, the CA certificate it belongs to');
    const name = topology.name(topology.ordinal);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MemberCertificate } = require('../runtime/pki') as typeof import('../runtime/pki');
    const member = await MemberCertificate.issue({ certFile: caFile, keyFile: flags.caKeyFile }, { generate: flags.generateCa === true, log },
      flags.pkiDir ?? join(flags.dataDir, 'pki'), name, { commonName: name, names: [...topology.certificateNames(), ...flags.san] });
    const { certFile: issuedCert, keyFile: issuedKey } = member.files;
    return {
      tls: { caFile, certFile: issuedCert, keyFile: issuedKey, peerCertFile: issuedCert, peerKeyFile: issuedKey },
      renewTls: () => member.renewIfCaReplaced(),
    };
  }
  const issuing = { pkiDir: flags.pkiDir, generateCa: flags.generateCa, san: flags.san.length > 0 ? flags.san : undefined };
  const stray = Object.entries(issuing).filter(([, v]) => v !== undefined).map(([k]) => flagName(k));
  if (stray.length > 0) throw new Error(`${stray.join(', ')} only apply when the manager issues the member's certificate: add --ca-key-file`);
  const given = Object.entries(files).filter(([, v]) => v !== undefined);
  if (given.length === 0) return {};
  if (given.length < 5) {
    const missing = Object.entries(files).filter(([, v]) => v === undefined).map(([k]) => flagName(k));
    throw new Error(`TLS needs every certificate file: ${missing.join(', ')} missing`);
  }
  return { tls: files as EtcdTls };
}

