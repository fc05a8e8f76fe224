import type { Driver } from './driver';

/**
 * Creates the store's tables and indexes where they are missing (every statement of the dialect's schema is
 * idempotent), and upgrades what an earlier version left: a `vck_current` made before it kept versions is dropped, to
 * be made again from kine's table.
 */
export async function createSchema(driver: Driver): Promise<void> {
  await driver.all('SELECT version FROM vck_current WHERE 1 = 0').catch(() => driver.run('DROP TABLE IF EXISTS vck_current'));
  for (const statement of driver.dialect.schema) await driver.run(statement);
}
