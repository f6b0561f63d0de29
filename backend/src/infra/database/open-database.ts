import { join, resolve } from 'node:path';
import type { AppConfig } from '../../config/app-config.js';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { PgliteDatabase } from './pglite-database.js';
import { PostgresDatabase } from './postgres-database.js';

/** PostgreSQL when DATABASE_URL is set, otherwise PGlite under DATA_DIR/pglite; migrated. */
export async function openDatabase(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATA_DIR'>,
): Promise<Database> {
  const db = config.DATABASE_URL
    ? await PostgresDatabase.open(config.DATABASE_URL)
    : await PgliteDatabase.open(join(resolve(config.DATA_DIR), 'pglite'));
  await migrate(db);
  return db;
}
