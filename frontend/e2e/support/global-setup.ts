import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../../../deploy/local/stack.mjs';
import { E2E_ADMIN_PASSWORD, E2E_PORT, E2E_SIM_PORT } from './e2e-env';

/**
 * Starts the real stack for the browser tests: simulator, backend (serving the built console) and
 * collectors, against the real Redis and InfluxDB from deploy/local/services.sh, isolated by their
 * own Redis prefix, InfluxDB database and data directory, all removed afterwards.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const id = `e2e${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const influx = new URL(process.env.INFLUX_URL ?? 'http://127.0.0.1:8086/cityops');
  influx.pathname = `/cityops_${id}`;
  const redisPrefix = `cityops-${id}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-e2e-'));

  const stack = await startStack({
    port: E2E_PORT,
    simPort: E2E_SIM_PORT,
    dataDir,
    redisPrefix,
    influxUrl: influx.href,
    adminPassword: E2E_ADMIN_PASSWORD,
    tickMs: 5_000,
    scale: 0.05, // 100 stations, ~1,000 flats: enough for the map, light for a 2-core CI machine
    pollMs: 500,
    scenario: 'none',
    quiet: true,
  });
  process.env.E2E_SIM_URL = stack.simUrl;

  return async () => {
    await stack.stop();
    await influxQuery(influx, `DROP DATABASE "${influx.pathname.slice(1)}"`);
    await deleteRedisKeys(redisPrefix);
    rmSync(dataDir, { recursive: true, force: true });
  };
}

async function influxQuery(url: URL, q: string): Promise<void> {
  const headers: Record<string, string> = {};
  if (url.username) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  }
  await fetch(new URL('/query', url.origin), {
    method: 'POST',
    headers,
    body: new URLSearchParams({ q }),
  });
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  // ioredis is a backend dependency, hoisted to the workspace root.
  const { Redis } = await import('ioredis');
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}
