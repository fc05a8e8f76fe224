import { execFile } from 'child_process';
import { promisify } from 'util';
import type { Etcd3 } from 'etcd3';
import type { Target } from './targets';
import { etcdClient } from '../../src/runtime/etcd-client';
import { requireBinary } from '../support/processes';
import { scaled } from '../support/time-scale';

const run = promisify(execFile);

/** The range end that selects every key with this prefix (etcd's GetPrefixRangeEnd). */
export function prefixEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

export const b = (s: string) => Buffer.from(s);

/** A client with no retries, so errors reach the test as the server sent them. */
export function client(endpoint: string): Etcd3 {
  return etcdClient(`http://${endpoint}`, scaled(10_000));
}

/** Runs etcdctl (API v3) against an endpoint and returns stdout. */
export async function etcdctl(endpoint: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(requireBinary('etcdctl'), [`--endpoints=${endpoint}`, `--command-timeout=${scaled(10)}s`, ...args], {
    env: { ...process.env, ETCDCTL_API: '3' },
    timeout: scaled(20_000),
  });
  return stdout;
}

/** The current revision of a server. */
export async function revisionOf(c: Etcd3): Promise<number> {
  return Number((await c.kv.range({ key: b('\0'), range_end: b('\0'), count_only: true })).header.revision);
}

/** A unique key prefix per test, so tests on one server never see each other's keys. */
let counter = 0;
export function uniquePrefix(name: string): string {
  return `/t/${name.replace(/\W+/g, '-')}-${process.pid}-${counter++}/`;
}

/**
 * Starts a target for the enclosing describe block and stops it after; the returned object's `endpoint` and
 * `client` are set once the server is up.
 */
export function serveTarget(target: Target): { endpoint: string; client: Etcd3 } {
  const state = {} as { endpoint: string; client: Etcd3; stop?: () => Promise<void> };
  beforeAll(async () => {
    const server = await target.start();
    state.endpoint = server.endpoint;
    state.stop = () => server.stop();
    state.client = client(server.endpoint);
  }, scaled(90_000));
  afterAll(async () => {
    state.client?.close();
    await state.stop?.();
  });
  return state;
}
