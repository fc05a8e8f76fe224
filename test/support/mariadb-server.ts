import { execFileSync } from 'child_process';
import { rmSync } from 'fs';
import { join } from 'path';
import { createConnection } from 'mysql2/promise';
import { freePort } from './ports';
import { requireBinary, scratchDir } from './processes';
import { ServerProcess, type SqlServer } from './sql-server';

const USER = 'vck';
const PASSWORD = 'vck';

/** A throw-away MariaDB on 127.0.0.1 with a database `vck` and a user of the same name. */
export async function startMariadb(): Promise<SqlServer> {
  const mariadbd = requireBinary('mariadbd');
  const dir = scratchDir('mariadb');
  const data = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const user = process.getuid?.() === 0 ? 'root' : execFileSync('id', ['-un'], { encoding: 'utf-8' }).trim();
  execFileSync(requireBinary('mariadb-install-db'), ['--no-defaults', `--datadir=${data}`, `--user=${user}`,
    '--auth-root-authentication-method=socket', '--skip-test-db'], { stdio: 'pipe' });
  const port = await freePort();
  const server = new ServerProcess(mariadbd, ['--no-defaults', `--datadir=${data}`, `--socket=${socket}`, `--port=${port}`,
    '--bind-address=127.0.0.1', `--user=${user}`, '--skip-name-resolve', `--pid-file=${join(dir, 'mariadbd.pid')}`,
    '--innodb-buffer-pool-size=64M', '--max-connections=500'], 'mariadbd');
  const connects = async () => {
    const conn = await createConnection({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'vck', connectTimeout: 2000 });
    await conn.end();
    return true;
  };
  server.spawn();
  await server.ready(async () => {
    // Socket authentication admits the account named after the OS user install-db ran as (root only when root).
    const root = await createConnection({ socketPath: socket, user, connectTimeout: 2000 });
    await root.query('CREATE DATABASE IF NOT EXISTS vck');
    await root.query(`CREATE USER IF NOT EXISTS '${USER}'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}'`);
    await root.query(`GRANT ALL ON vck.* TO '${USER}'@'127.0.0.1'`);
    await root.end();
    return true;
  });
  await server.ready(connects);
  return {
    url: `mysql://${USER}:${PASSWORD}@tcp(127.0.0.1:${port})/vck`,
    port,
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
