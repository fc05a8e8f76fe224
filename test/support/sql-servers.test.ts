import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { startMariadb } from './mariadb-server';
import { startPostgres } from './postgres-server';
import type { SqlServer } from './sql-server';
import { parseMysqlDsn } from '../../src/runtime/storage/endpoint';

type Query = (server: SqlServer, sql: string) => Promise<unknown>;

const queryPostgres: Query = async (server, sql) => {
  const c = new Client({ connectionString: server.url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
};

const queryMariadb: Query = async (server, sql) => {
  const c = await createConnection({ ...parseMysqlDsn(server.url), multipleStatements: true });
  try {
    return (await c.query(sql))[0];
  } finally {
    await c.end();
  }
};

// The harnesses the store's tests stand on: each server starts, keeps its data over a crash, and stops.
describe.each([
  ['PostgreSQL', startPostgres, queryPostgres],
  ['MariaDB', startMariadb, queryMariadb],
] as const)('test database server: %s', (_name, start, query) => {
  test('starts, keeps its data when killed and started again, and stops', async () => {
    const server = await start();
    try {
      await query(server, 'CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (42)');
      await server.kill();
      await server.start();
      expect(await query(server, 'SELECT n FROM t')).toEqual([{ n: 42 }]);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
