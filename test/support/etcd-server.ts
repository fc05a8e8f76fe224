import { etcdRelease, type EtcdRelease } from './etcd-releases';
import { freePort } from './ports';
import { scratchDir, startProcess, waitFor, type Started } from './processes';
import { etcdClient } from '../../src/runtime/etcd-client';

/** A real, single-member etcd on 127.0.0.1 with a throw-away data directory. */
export interface EtcdServer {
  readonly endpoint: string;
  readonly process: Started;
  stop(): Promise<void>;
}

/** etcd refuses to start on an architecture it does not support unless told. */
export const ETCD_ENV = { ETCD_UNSUPPORTED_ARCH: process.arch === 'x64' ? '' : process.arch };

/** The flags of a single-member etcd on 127.0.0.1 keeping its data in `dataDir`. */
export function etcdArgs(dataDir: string, clientPort: number, peerPort: number): string[] {
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=test',
    `--data-dir=${dataDir}`,
    `--listen-client-urls=http://127.0.0.1:${clientPort}`,
    `--advertise-client-urls=http://127.0.0.1:${clientPort}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=test=${peer}`,
    '--log-level=error',
  ];
}

/** Fills the data directory before etcd first starts on it, e.g. by restoring a snapshot as this member. */
export type PrepareData = (member: { name: string; peerUrl: string; dataDir: string }) => Promise<void>;

export async function startEtcd(prepare?: PrepareData, release: EtcdRelease = etcdRelease()): Promise<EtcdServer> {
  const binary = release.etcd;
  const [client, peer] = [await freePort(), await freePort()];
  const dir = scratchDir('etcd');
  const endpoint = `127.0.0.1:${client}`;
  await prepare?.({ name: 'test', peerUrl: `http://127.0.0.1:${peer}`, dataDir: `${dir}/data` });
  const started = startProcess(binary, etcdArgs(`${dir}/data`, client, peer), dir, { env: ETCD_ENV });
  // A client without retries or circuit breaker, so a probe made before etcd listens does not delay the next one.
  const probe = etcdClient(`http://${endpoint}`, 2000);
  try {
    await waitFor(async () => (await probe.maintenance.status()).version !== '', 60_000, () => `etcd did not start:\n${started.output()}`);
  } catch (err) {
    await started.stop();
    throw err;
  } finally {
    probe.close();
  }
  return { endpoint, process: started, stop: () => started.stop() };
}
