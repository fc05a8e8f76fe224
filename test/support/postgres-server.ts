import { execFileSync } from 'child_process';
import { appendFileSync, chmodSync, chownSync, copyFileSync, existsSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Client } from 'pg';
import { freePort } from './ports';
import { scratchDir } from './processes';
import { LOOPBACK, ServerProcess, type ServerNetwork, type ServerTls, type SqlServer } from './sql-server';

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

/**
 * With TLS, only encrypted TCP connections are admitted (`hostssl`, no `host` line): the server's certificate and key
 * are copied into the data directory (PostgreSQL wants the key owned by its user), and the user `x509` must present a
 * client certificate signed by `tls.ca`.
 */
function requireTls(data: string, network: ServerNetwork, tls: ServerTls, owner?: { uid: number; gid: number }): void {
  for (const [from, to] of [[tls.cert, 'server.crt'], [tls.key, 'server.key'], [tls.ca, 'client-ca.crt']]) {
    copyFileSync(from, join(data, to));
    chmodSync(join(data, to), 0o600);
    if (owner) chownSync(join(data, to), owner.uid, owner.gid);
  }
  appendFileSync(join(data, 'postgresql.conf'), "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nssl_ca_file = 'client-ca.crt'\n");
  const clients = new Set(['127.0.0.1/32', network.clients]);
  writeFileSync(join(data, 'pg_hba.conf'), ['local all all trust',
    ...[...clients].map((c) => `hostssl all x509 ${c} trust clientcert=verify-ca`),
    ...[...clients].map((c) => `hostssl all all ${c} trust`)].join('\n') + '\n');
}

/**
 * A throw-away PostgreSQL with a database `vck`, trusting connections from loopback (and `network.clients`); with
 * `tls`, only over TLS (see requireTls).
 */
export async function startPostgres(network: ServerNetwork = LOOPBACK, tls?: ServerTls): Promise<SqlServer> {
  const bin = postgresBin();
  const dir = scratchDir('postgres');
  const data = join(dir, 'data');
  let owner: { uid: number; gid: number } | undefined;
  if (process.getuid?.() === 0) {
    owner = {
      uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf-8' })),
      gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf-8' })),
    };
    chownSync(dir, owner.uid, owner.gid);
    chmodSync(dir, 0o700);
  }
  const [initdb, initArgs] = asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C']);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  if (tls) requireTls(data, network, tls, owner);
  else appendFileSync(join(data, 'pg_hba.conf'), `host all all ${network.clients} trust\n`);
  const port = await freePort();
  const [postgres, args] = asPostgres(join(bin, 'postgres'), ['-D', data, '-k', dir, '-h', network.listen, '-p', String(port)]);
  const server = new ServerProcess(postgres, args, 'postgres');
  // With TLS, set-up goes through the Unix socket, which needs none.
  const adminHost = tls ? dir : network.listen;
  const start = async () => {
    server.spawn();
    await server.ready(() => connects(adminHost, port));
  };
  await start();
  const admin = new Client({ host: adminHost, port, user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query('CREATE DATABASE vck');
  if (tls) await admin.query('CREATE ROLE x509 LOGIN SUPERUSER');
  await admin.end();
  return {
    url: `postgres://postgres@${network.listen}:${port}/vck${tls ? '' : '?sslmode=disable'}`,
    ...(tls ? { clientCertUrl: `postgres://x509@${network.listen}:${port}/vck` } : {}),
    port,
    processes: () => server.processes(),
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
