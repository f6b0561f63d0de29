import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from '../../../deploy/local/stack.mjs';
import { E2E_ADMIN_PASSWORD, E2E_PORT, E2E_SIM_PORT } from './e2e-env';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

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
    // Warnings and errors of the stack's processes show in the test output.
    quiet: false,
  });
  process.env.E2E_SIM_URL = stack.simUrl;
  await waitUntilSettled(stack.url).catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });

  return async () => {
    await stack.stop();
    // The processes' full logs stay with the test results.
    cpSync(stack.logDir, join(RESULTS_DIR, 'stack-logs'), { recursive: true });
    await influxQuery(influx, `DROP DATABASE "${influx.pathname.slice(1)}"`);
    await deleteRedisKeys(redisPrefix);
    rmSync(dataDir, { recursive: true, force: true });
  };
}

/**
 * The first minute after start is the busiest (the collectors take in the whole city, the first
 * ticks run): tests start once readings have arrived and the alerting queues are empty twice in a
 * row, so the first test does not pay for the warm-up.
 */
async function waitUntilSettled(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietInARow = 0;
  let last = '';
  while (Date.now() < deadline) {
    const metrics = await fetch(`${url}/metrics`).then((r) => r.text());
    const waiting = ['telemetry', 'incidents', 'ticks'].map((queue) => {
      const line = new RegExp(
        `^cityops_queue_jobs\\{queue="${queue}",state="(?:waiting|active)"\\} (\\d+)`,
        'gm',
      );
      return [...metrics.matchAll(line)].reduce((sum, m) => sum + Number(m[1]), 0);
    });
    const readings = /^cityops_readings_evaluated_total (\d+)/m.exec(metrics);
    last = `waiting+active telemetry/incidents/ticks ${waiting.join('/')}, readings evaluated ${readings?.[1] ?? 'none'}`;
    quietInARow =
      waiting.every((n) => n === 0) && Number(readings?.[1] ?? 0) > 0 ? quietInARow + 1 : 0;
    if (quietInARow >= 2) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`the stack did not settle within ${timeoutMs / 1000} s (${last})`);
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
