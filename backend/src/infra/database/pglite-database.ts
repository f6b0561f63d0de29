import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.js';

/**
 * PostgreSQL in-process (WASM). One connection, so one process may open a data directory at a time:
 * with PGlite the queue workers run inside the API process (see docs/adr/0002-pglite-by-default.md).
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  /** Set while a transaction's callback runs, to catch queries that bypass its tx handle. */
  private readonly inTransaction = new AsyncLocalStorage<true>();

  private constructor(private readonly db: PGlite) {}

  /** dataDir undefined: in memory (tests). */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const db = dataDir ? new PGlite(dataDir) : new PGlite();
    await db.waitReady;
    return new PgliteDatabase(db);
  }

  async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    this.refuseInsideTransaction();
    const result = await this.db.query<Row>(sql, params);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    this.refuseInsideTransaction();
    await this.db.exec(sql);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.refuseInsideTransaction();
    return this.db.transaction(async (tx) =>
      this.inTransaction.run(true, () =>
        fn({
          query: async <Row>(sql: string, params: unknown[] = []) =>
            (await tx.query<Row>(sql, params)).rows,
          exec: async (sql: string) => {
            await tx.exec(sql);
          },
        }),
      ),
    );
  }

  /**
   * PGlite has one connection: a query on the database itself while a transaction holds it waits
   * for that transaction forever. PostgreSQL's pool hides the mistake, so fail loudly here instead.
   */
  private refuseInsideTransaction(): void {
    if (this.inTransaction.getStore()) {
      throw new Error(
        'Query on the database inside a transaction: use the transaction handle (tx) it was given',
      );
    }
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
