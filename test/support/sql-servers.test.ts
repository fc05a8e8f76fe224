import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { startMariadb } from './mariadb-server';
import { startPostgres } from './postgres-server';
import { parseMysqlDsn } from '../../src/runtime/storage/sql/mysql';

// The harnesses the store's tests stand on: each server starts, keeps its data over a crash, and stops.
describe('test database servers', () => {
  test('PostgreSQL', async () => {
    const server = await startPostgres();
    const query = async (sql: string) => {
      const c = new Client({ connectionString: server.url });
      await c.connect();
      try {
        return (await c.query(sql)).rows;
      } finally {
        await c.end();
      }
    };
    try {
      await query('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (42)');
      await server.kill();
      await server.start();
      expect(await query('SELECT n FROM t')).toEqual([{ n: 42 }]);
    } finally {
      await server.stop();
    }
  }, 120_000);

  test('MariaDB', async () => {
    const server = await startMariadb();
    const query = async (sql: string) => {
      const c = await createConnection({ ...parseMysqlDsn(server.url), multipleStatements: true });
      try {
        return (await c.query(sql))[0];
      } finally {
        await c.end();
      }
    };
    try {
      await query('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (42)');
      await server.kill();
      await server.start();
      expect(await query('SELECT n FROM t')).toEqual([{ n: 42 }]);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
