import { readFileSync } from 'fs';
import { join } from 'path';
import { Etcd3 } from 'etcd3';
import { freePort } from './ports';
import { scratchDir, startProcess, waitFor, type Started } from './processes';
import { RUNTIME_NODE_OPTIONS } from '../../src/contract';

const root = join(__dirname, '..', '..');

/** `vck storage` started as the runtime image starts it: a child process of the CLI. */
export interface StorageProcess {
  readonly endpoint: string;
  readonly metrics: string;
  readonly dir: string;
  readonly process: Started;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startStorage(options: {
  dir?: string;
  /** The data source; a SQLite file in `dir` by default. */
  endpoint?: string;
  args?: string[];
  /** Client TLS files for the readiness probe, when the server requires TLS. */
  tls?: { ca: string; cert: string; key: string };
} = {}): Promise<StorageProcess> {
  const dir = options.dir ?? scratchDir('storage');
  const [port, metricsPort] = [await freePort(), await freePort()];
  const endpoint = `127.0.0.1:${port}`;
  const metrics = `127.0.0.1:${metricsPort}`;
  // Started with the runtime image's Node.js options, as the image starts it.
  const started = startProcess(process.execPath, [
    ...RUNTIME_NODE_OPTIONS, '-r', require.resolve('ts-node/register/transpile-only'), join(root, 'src', 'cli', 'main.ts'), 'storage',
    `--endpoint=${options.endpoint ?? `sqlite://${join(dir, 'state.db')}`}`, `--listen-address=${endpoint}`, `--metrics-bind-address=${metrics}`,
    ...(options.args ?? []),
  ], dir, { keepDir: options.dir !== undefined, env: { TS_NODE_PROJECT: join(root, 'tsconfig.json') } });
  const probe = new Etcd3(options.tls ? {
    hosts: `https://${endpoint}`,
    credentials: {
      rootCertificate: readFileSync(options.tls.ca),
      certChain: readFileSync(options.tls.cert),
      privateKey: readFileSync(options.tls.key),
    },
  } : { hosts: `http://${endpoint}` });
  try {
    await waitFor(async () => {
      if (started.process.exitCode !== null) throw new Error(`vck storage exited with ${started.process.exitCode}:\n${started.output()}`);
      return (await probe.maintenance.status()).version !== '';
    }, 60_000, () => `vck storage did not start:\n${started.output()}`);
  } finally {
    probe.close();
  }
  return { endpoint, metrics, dir, process: started, stop: (signal) => started.stop(signal) };
}
