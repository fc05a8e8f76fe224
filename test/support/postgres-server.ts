import { execFileSync } from 'child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, readdirSync, rmSync } from 'fs';
import { join } from 'path';
import { Client } from 'pg';
import { freePort } from './ports';
import { scratchDir } from './processes';
import { LOOPBACK, ServerProcess, type ServerNetwork, type SqlServer } from './sql-server';

/** The newest PostgreSQL from Debian's packages. */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL is not installed: run scripts/test-deps.sh (installs etcd, PostgreSQL and MariaDB from Debian\'s packages)');
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user the package creates. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function connects(host: string, port: number, database = 'postgres'): Promise<boolean> {
  const client = new Client({ host, port, user: 'postgres', database, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A throw-away PostgreSQL with a database `vck`, trusting connections from loopback (and `network.clients`). */
export async function startPostgres(network: ServerNetwork = LOOPBACK): Promise<SqlServer> {
  const bin = postgresBin();
  const dir = scratchDir('postgres');
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf-8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf-8' }));
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const [initdb, initArgs] = asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C']);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  appendFileSync(join(data, 'pg_hba.conf'), `host all all ${network.clients} trust\n`);
  const port = await freePort();
  const [postgres, args] = asPostgres(join(bin, 'postgres'), ['-D', data, '-k', dir, '-h', network.listen, '-p', String(port)]);
  const server = new ServerProcess(postgres, args, 'postgres');
  const start = async () => {
    server.spawn();
    await server.ready(() => connects(network.listen, port));
  };
  await start();
  const admin = new Client({ host: network.listen, port, user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query('CREATE DATABASE vck');
  await admin.end();
  return {
    url: `postgres://postgres@${network.listen}:${port}/vck?sslmode=disable`,
    port,
    pause: () => server.signal('SIGSTOP'),
    resume: () => server.signal('SIGCONT'),
    // SIGQUIT: immediate shutdown, as a crash would be (recovery from the WAL at the next start).
    kill: () => server.stop('SIGQUIT'),
    start,
    async stop() {
      await server.stop('SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
