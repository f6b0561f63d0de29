import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type AppConfig, loadConfig } from '../../../src/config/app-config.js';

export type DatabaseKind = 'pglite' | 'postgres';
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const INFLUX_BASE = new URL(process.env.INFLUX_URL ?? 'http://127.0.0.1:8086/cityops');
const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * An isolated slice of the real services for one test file: its own Redis key prefix, InfluxDB
 * database, and PostgreSQL database (or PGlite directory). dispose() removes all of it.
 */
export class TestEnv {
  readonly id = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  readonly redisPrefix = `cityops-${this.id}`;
  readonly influxDatabase = `cityops_${this.id}`;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'cityops-test-'));
  private pgDatabase: string | null = null;

  private constructor(readonly databaseKind: DatabaseKind) {}

  static async create(databaseKind: DatabaseKind): Promise<TestEnv> {
    const env = new TestEnv(databaseKind);
    await env.influxQuery(`CREATE DATABASE "${env.influxDatabase}"`);
    await env.influxQuery(
      `CREATE RETENTION POLICY "raw" ON "${env.influxDatabase}" DURATION 90d REPLICATION 1 DEFAULT`,
    );
    if (databaseKind === 'postgres') {
      env.pgDatabase = `cityops_${env.id}`;
      await withAdmin((c) => c.query(`CREATE DATABASE "${env.pgDatabase}"`));
    }
    return env;
  }

  get influxUrl(): string {
    const u = new URL(INFLUX_BASE.href);
    u.pathname = `/${this.influxDatabase}`;
    return u.href;
  }

  get databaseUrl(): string | undefined {
    if (!this.pgDatabase) return undefined;
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `/${this.pgDatabase}`;
    return u.href;
  }

  /** The variables a backend process of this environment runs with. */
  vars(extra: Record<string, string> = {}): Record<string, string> {
    const vars: Record<string, string> = {
      REDIS_URL,
      REDIS_PREFIX: this.redisPrefix,
      INFLUX_URL: this.influxUrl,
      DATA_DIR: this.dataDir,
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'test-admin-password',
      LOG_LEVEL: 'warn',
      CONSOLE_DIR: join(this.dataDir, 'no-console'),
      WORKERS_IN_API: 'true',
      // Tests that need the tick scheduler turn it on; the others must not see ticks they did not
      // ask for (no-data and case rules would raise on their old readings and cases).
      ALERT_TICKS: 'off',
      // Likewise storm control: tests that page many incidents to one member would get a digest.
      NOTIFY_STORM_THRESHOLD: '0',
      ...extra,
    };
    const url = this.databaseUrl;
    if (url) vars.DATABASE_URL = url;
    return vars;
  }

  config(extra: Record<string, string> = {}): AppConfig {
    return loadConfig(this.vars(extra));
  }

  redis(): Redis {
    return new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  }

  async influxQuery(q: string): Promise<unknown> {
    const u = new URL('/query', INFLUX_BASE.origin);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (INFLUX_BASE.username) {
      headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(INFLUX_BASE.username)}:${decodeURIComponent(INFLUX_BASE.password)}`).toString('base64')}`;
    }
    const response = await fetch(u, { method: 'POST', headers, body: new URLSearchParams({ q }) });
    const body = (await response.json()) as { results?: { error?: string }[]; error?: string };
    const error = body.error ?? body.results?.find((r) => r.error)?.error;
    if (!response.ok || error) throw new Error(`InfluxDB: ${error ?? response.status} for ${q}`);
    return body;
  }

  async dispose(): Promise<void> {
    const redis = this.redis();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${this.redisPrefix}:*`,
        'COUNT',
        1000,
      );
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    await this.influxQuery(`DROP DATABASE "${this.influxDatabase}"`);
    if (this.pgDatabase)
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${this.pgDatabase}" WITH (FORCE)`));
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function portOf(server: { address(): AddressInfo | string | null }): number {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server is not listening on a port');
  return address.port;
}

export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
