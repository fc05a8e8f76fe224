import { Client } from 'pg';
import { PostgresDriver } from '../../src/runtime/storage/sql/postgres';
import { startPostgres } from '../support/postgres-server';
import type { SqlServer } from '../support/sql-server';
import { scaled } from '../support/time-scale';

describe('PostgreSQL: a statement that times out', () => {
  let database: SqlServer;
  beforeAll(async () => {
    database = await startPostgres();
  }, scaled(120_000));
  afterAll(async () => {
    await database?.stop();
  });

  test('fails its transaction without a statement queued behind it (the ROLLBACK), and its connection is not pooled again', async () => {
    // One connection: a read that got the timed-out connection back from the pool would wait behind the sleep. (A write
    // would wait anyway: the sleeping transaction holds the write lock until the server notices its client is gone.)
    const driver = new PostgresDriver(database.url, { queryTimeoutMs: 500, maxOpenConnections: 1 });
    const sent = jest.spyOn(Client.prototype, 'query');
    try {
      for (const statement of driver.dialect.schema) await driver.run(statement);
      sent.mockClear();
      await expect(driver.write((tx) => tx.all('SELECT pg_sleep(30)'))).rejects.toThrow('Query read timeout');
      const texts = sent.mock.calls.map(([config]) => (config as unknown as { text: string }).text);
      expect(texts.slice(texts.indexOf('SELECT pg_sleep(30)'))).toEqual(['SELECT pg_sleep(30)']);
      expect(await driver.all('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      sent.mockRestore();
      await driver.close();
    }
  }, scaled(60_000));
});
