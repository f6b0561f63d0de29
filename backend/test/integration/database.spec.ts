import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/infra/database/database.js';
import { migrate } from '../../src/infra/database/migrate.js';
import { MIGRATIONS } from '../../src/infra/database/migrations/index.js';
import { openDatabase } from '../../src/infra/database/open-database.js';
import { PgliteDatabase } from '../../src/infra/database/pglite-database.js';
import { PostgresDatabase } from '../../src/infra/database/postgres-database.js';
import { DATABASE_KINDS, TestEnv } from './support/test-env.js';

const incidentRow = (id: string, key: string, status: string): [string, unknown[]] => [
  `INSERT INTO incidents (id, key, domain, rule_id, severity, status, title, opened_at, updated_at)
   VALUES ($1, $2, 'heating', 'r', 'blue', $3, 't', now(), now())`,
  [id, key, status],
];

describe.each(DATABASE_KINDS)('relational store (%s)', (databaseKind) => {
  let env: TestEnv;
  let db: Database;

  beforeAll(async () => {
    env = await TestEnv.create(databaseKind);
    db = await openDatabase(env.config());
  });

  afterAll(async () => {
    await db?.close();
    await env?.dispose();
  });

  it('applies every migration once and is a no-op the second time', async () => {
    const applied = await db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(applied.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
    await expect(migrate(db)).resolves.toEqual([]);
  });

  it('allows one active incident per key, and any number of resolved ones', async () => {
    const ids = [
      '0a000000-0000-4000-8000-000000000001',
      '0a000000-0000-4000-8000-000000000002',
      '0a000000-0000-4000-8000-000000000003',
    ];
    await db.query(...incidentRow(ids[0]!, 'k1', 'resolved'));
    await db.query(...incidentRow(ids[1]!, 'k1', 'open'));
    await expect(db.query(...incidentRow(ids[2]!, 'k1', 'acknowledged'))).rejects.toThrow(
      /incidents_one_active_per_key|duplicate key/,
    );
  });

  it('rolls back a failed transaction completely', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO settings (key, value) VALUES ('half', 'written')");
        throw new Error('crash in the middle');
      }),
    ).rejects.toThrow('crash in the middle');
    expect(await db.query("SELECT * FROM settings WHERE key = 'half'")).toEqual([]);
  });

  it('keeps hostile text as data, never as SQL', async () => {
    const hostile = "x'); DROP TABLE users; --";
    await db.query('INSERT INTO settings (key, value) VALUES ($1, $2)', ['hostile', hostile]);
    expect(await db.query('SELECT value FROM settings WHERE key = $1', ['hostile'])).toEqual([
      { value: hostile },
    ]);
    expect(await db.query('SELECT count(*)::int AS n FROM users')).toEqual([{ n: 0 }]);
  });
});

describe('PGlite guard', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await PgliteDatabase.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('refuses a query that bypasses the transaction handle instead of deadlocking', async () => {
    await expect(db.transaction(async () => db.query('SELECT 1'))).rejects.toThrow(
      /use the transaction handle/,
    );
    await expect(db.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });
});

describe('PostgreSQL with several replicas starting at once', () => {
  let env: TestEnv;
  const opened: Database[] = [];

  beforeAll(async () => {
    env = await TestEnv.create('postgres');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });
  afterAll(async () => {
    await env?.dispose();
  });

  it('migrates exactly once when four processes migrate concurrently', async () => {
    const dbs = await Promise.all([1, 2, 3, 4].map(() => PostgresDatabase.open(env.databaseUrl!)));
    opened.push(...dbs);
    const results = await Promise.all(dbs.map((db) => migrate(db)));
    expect(results.flat().sort()).toEqual(MIGRATIONS.map((m) => m.id).sort());
    expect(results.filter((r) => r.length > 0)).toHaveLength(1);
  });
});
