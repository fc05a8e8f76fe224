import { freePort } from './ports';
import { requireBinary, scratchDir, startProcess, waitFor, type Started } from './processes';
import { etcdClient } from '../../src/runtime/etcd-client';

/** A real, single-member etcd on 127.0.0.1 with a throw-away data directory. */
export interface EtcdServer {
  readonly endpoint: string;
  readonly process: Started;
  stop(): Promise<void>;
}

/** Fills the data directory before etcd first starts on it, e.g. by restoring a snapshot as this member. */
export type PrepareData = (member: { name: string; peerUrl: string; dataDir: string }) => Promise<void>;

export async function startEtcd(prepare?: PrepareData): Promise<EtcdServer> {
  const binary = requireBinary('etcd');
  const [client, peer] = [await freePort(), await freePort()];
  const dir = scratchDir('etcd');
  const endpoint = `127.0.0.1:${client}`;
  await prepare?.({ name: 'test', peerUrl: `http://127.0.0.1:${peer}`, dataDir: `${dir}/data` });
  const started = startProcess(binary, [
    '--name=test',
    `--data-dir=${dir}/data`,
    `--listen-client-urls=http://${endpoint}`,
    `--advertise-client-urls=http://${endpoint}`,
    `--listen-peer-urls=http://127.0.0.1:${peer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
    `--initial-cluster=test=http://127.0.0.1:${peer}`,
    '--log-level=error',
  ], dir, { env: { ETCD_UNSUPPORTED_ARCH: process.arch === 'x64' ? '' : process.arch } });
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
