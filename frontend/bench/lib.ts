// Shared by the console's browser benchmarks (map.ts, soak-wall.ts): the stack on its own Redis
// prefix, InfluxDB database and data directory (all removed afterwards), Debian's Chromium, and
// small statistics. Loopback only.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServer } from 'node:net';
import { chromium, type Browser } from 'playwright-core';

type StackModule = typeof import('../../deploy/local/stack.mjs');
export type RunningStack = Awaited<ReturnType<StackModule['startStack']>>;

/** The repository root (the compiled script runs from frontend/bench/dist). */
export const ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'deploy', 'local', 'stack.mjs'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
})();

export const ADMIN_PASSWORD = 'bench-admin-password';

export function arg(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(argv[i + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number`);
  return value;
}

export function machineState(): string {
  const [one, five, fifteen] = loadavg().map((n) => n.toFixed(2));
  return `load average ${one} ${five} ${fifteen} (${cpus().length} CPUs)`;
}

export interface BenchStack {
  stack: RunningStack;
  token: string;
  mqttUrl: string;
  cleanup(): Promise<void>;
}

/** Starts the stack isolated from the demo and the tests; cleanup() stops it and removes what it made. */
export async function startBenchStack(options: {
  label: string;
  scale: number;
  tickMs: number;
  pollMs?: number;
}): Promise<BenchStack> {
  const id = `${options.label}${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const influx = new URL(process.env.INFLUX_URL ?? 'http://127.0.0.1:8086/cityops');
  influx.pathname = `/cityops_${id}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisPrefix = `cityops-${id}`;
  const mqttUrl = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
  for (const url of [redisUrl, influx.href, mqttUrl]) {
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname))
      throw new Error(`loopback only: ${new URL(url).host}`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), `cityops-${options.label}-`));
  const { startStack } = (await import(
    pathToFileURL(join(ROOT, 'deploy/local/stack.mjs')).href
  )) as StackModule;
  let stack: RunningStack | null = null;
  const cleanup = async () => {
    if (stack) await stack.stop();
    await influxQuery(influx, `DROP DATABASE "${influx.pathname.slice(1)}"`).catch(() => {});
    const removed = await deleteRedisKeys(redisUrl, redisPrefix).catch(() => -1);
    rmSync(dataDir, { recursive: true, force: true });
    console.log(
      `cleaned up: stack stopped, InfluxDB ${influx.pathname.slice(1)} dropped, ${removed} Redis keys under ${redisPrefix}: removed, ${dataDir} removed`,
    );
  };
  try {
    stack = await startStack({
      // The backend logs the port it was given, so it gets a free one picked here.
      port: await freePort(),
      simPort: 0,
      dataDir,
      redisUrl,
      redisPrefix,
      influxUrl: influx.href,
      adminPassword: ADMIN_PASSWORD,
      tickMs: options.tickMs,
      scale: options.scale,
      pollMs: options.pollMs ?? 2_000,
      scenario: 'none',
      quiet: true,
      env: { MQTT_URL: mqttUrl },
    });
    const token = await displayToken(stack.url);
    return { stack, token, mqttUrl, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export async function api<T>(
  url: string,
  method: string,
  path: string,
  body?: string | object,
  token?: string,
  contentType = 'application/json',
): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      'content-type': contentType,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function adminToken(url: string): Promise<string> {
  const login = await api<{ token: string }>(url, 'POST', '/api/auth/login', {
    username: 'admin',
    password: ADMIN_PASSWORD,
  });
  return login.token;
}

/** A display token, as an admin makes one for a wall: the page opens /wall#display=… without signing in. */
async function displayToken(url: string): Promise<string> {
  const admin = await adminToken(url);
  const created = await api<{ token: string }>(
    url,
    'POST',
    '/api/tokens',
    { kind: 'display', name: 'bench wall' },
    admin,
  );
  return created.token;
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

async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl);
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) removed += await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
  return removed;
}

/** Debian's Chromium with the end-to-end tests' launch options (software GL: swiftshader). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--js-flags=--expose-gc',
    ],
  });
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const repoPath = (...parts: string[]) => resolve(ROOT, ...parts);
export const readRepoFile = (...parts: string[]) => readFileSync(repoPath(...parts), 'utf8');

declare global {
  interface Window {
    /** The map, published by the console (exposeMap) and by the bare page. */
    __cityopsMap?: unknown;
  }
}

/**
 * Growth (%) over the whole run by the least-squares line through the samples, from the line's value
 * at the first sample to its value at the last: one noisy sample at either end does not decide it.
 */
export function trendGrowthPct(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, v) => sum + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  values.forEach((v, x) => {
    sxy += (x - meanX) * (v - meanY);
    sxx += (x - meanX) ** 2;
  });
  const slope = sxy / sxx;
  const start = meanY - slope * meanX;
  return ((slope * (n - 1)) / start) * 100;
}
