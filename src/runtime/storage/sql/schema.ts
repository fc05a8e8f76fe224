import type { Driver } from './driver';

/** Creates the store's tables and indexes where they are missing (every statement of the dialect's schema is idempotent). */
export async function createSchema(driver: Driver): Promise<void> {
  for (const statement of driver.dialect.schema) await driver.run(statement);
}
