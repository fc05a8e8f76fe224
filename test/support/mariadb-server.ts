import { execFileSync } from 'child_process';
import { readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { createConnection } from 'mysql2/promise';
import { freePort } from './ports';
import { requireBinary, scratchDir } from './processes';
import { LOOPBACK, ServerProcess, type ServerNetwork, type ServerTls, type SqlServer } from './sql-server';

const USER = 'vck';
const PASSWORD = 'vck';

/**
 * A throw-away MariaDB with a database `vck` and a user of the same name, on loopback or `network`; with `tls`, every
 * TCP connection must use TLS (require_secure_transport) and a user `x509` must present a client certificate signed by
 * `tls.ca` (REQUIRE X509).
 */
export async function startMariadb(network: ServerNetwork = LOOPBACK, tls?: ServerTls): Promise<SqlServer> {
  // MariaDB matches accounts by client address: the subnet 10.1.2.0/24 is written as '10.1.2.%' (no CIDR there).
  const clientHost = network.clients.endsWith('/32') ? network.clients.slice(0, -3) : network.clients.replace(/\.0\/24$/, '.%');
  const mariadbd = requireBinary('mariadbd');
  const dir = scratchDir('mariadb');
  const data = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const user = process.getuid?.() === 0 ? 'root' : execFileSync('id', ['-un'], { encoding: 'utf-8' }).trim();
  execFileSync(requireBinary('mariadb-install-db'), ['--no-defaults', `--datadir=${data}`, `--user=${user}`,
    '--auth-root-authentication-method=socket', '--skip-test-db'], { stdio: 'pipe' });
  const port = await freePort();
  const server = new ServerProcess(mariadbd, ['--no-defaults', `--datadir=${data}`, `--socket=${socket}`, `--port=${port}`,
    `--bind-address=${network.listen}`, `--user=${user}`, '--skip-name-resolve', `--pid-file=${join(dir, 'mariadbd.pid')}`,
    '--innodb-buffer-pool-size=64M', '--max-connections=500',
    ...(tls ? [`--ssl-ca=${tls.ca}`, `--ssl-cert=${tls.cert}`, `--ssl-key=${tls.key}`, '--require-secure-transport=ON'] : [])], 'mariadbd');
  const connects = async () => {
    const ssl = tls ? { ssl: { ca: readFileSync(tls.ca) } } : {};
    const conn = await createConnection({ host: network.listen, port, user: USER, password: PASSWORD, database: 'vck', connectTimeout: 2000, ...ssl });
    await conn.end();
    return true;
  };
  server.spawn();
  await server.ready(async () => {
    // Socket authentication admits the account named after the OS user install-db ran as (root only when root).
    const root = await createConnection({ socketPath: socket, user, connectTimeout: 2000 });
    await root.query('CREATE DATABASE IF NOT EXISTS vck');
    for (const host of new Set(['127.0.0.1', clientHost])) {
      await root.query(`CREATE USER IF NOT EXISTS '${USER}'@'${host}' IDENTIFIED BY '${PASSWORD}'`);
      await root.query(`GRANT ALL ON vck.* TO '${USER}'@'${host}'`);
      if (tls) {
        await root.query(`CREATE USER IF NOT EXISTS 'x509'@'${host}' IDENTIFIED BY '${PASSWORD}' REQUIRE X509`);
        await root.query(`GRANT ALL ON vck.* TO 'x509'@'${host}'`);
      }
    }
    await root.end();
    return true;
  });
  await server.ready(connects);
  return {
    url: `mysql://${USER}:${PASSWORD}@tcp(${network.listen}:${port})/vck`,
    ...(tls ? { clientCertUrl: `mysql://x509:${PASSWORD}@tcp(${network.listen}:${port})/vck` } : {}),
    port,
    processes: () => server.processes(),
    pause: () => server.signal('SIGSTOP'),
    resume: () => server.signal('SIGCONT'),
    kill: () => server.stop('SIGKILL'),
    async start() {
      server.spawn();
      await server.ready(connects);
    },
    async stop() {
      await server.stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
