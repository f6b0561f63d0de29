/**
 * Tick-path benchmark (not a test):
 * `npm run bench:tick [-- --sizes 10000,50000,100000 --runs 3 --quiet-cores 0.3 --pglite --profile f]`.
 *
 * On the real InfluxDB, Redis and PostgreSQL (loopback only; INFLUX_URL, REDIS_URL and
 * TEST_DATABASE_URL as for the integration tests; without TEST_DATABASE_URL, or with --pglite,
 * PGlite in a temporary directory), in a database, key prefix and PostgreSQL database of its own:
 *
 *   1. boots the backend's application context (no HTTP, no queue workers, ALERT_TICKS=off), which
 *      migrates the database and seeds the default rules;
 *   2. registers N rain gauges through the assets repository (16 districts) and writes their
 *      readings into InfluxDB as the collectors do (measurement `waterlogging`, tags assetId,
 *      district, kind; fields rainfallMmH and batteryPct): 12 readings per gauge over the last hour,
 *      except 1 % that stopped reporting 25 minutes before the tick and 1 % in a downpour;
 *   3. times one TickService.evaluate of (a) `waterlogging-sensor-offline` (no data) and (b)
 *      `rainstorm-signal` (window, integral over 12, 6 and 3 hours) at the same tick time, from no
 *      alert state (warmed up once per N; the state, tick keys and queued transitions are deleted
 *      before every tick), and checks the transitions: (a) one raise per silent gauge, (b) one red
 *      signal per gauge in the downpour.
 *
 * Sizes grow by registering more gauges in the same environment. Everything is removed afterwards.
 */
import { machineBusySeconds, pidsByCommand, processCpuSeconds } from './proc-cpu.js';
import { deleteKeysMatching } from './redis-keys.js';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  type AssetImportRow,
  DISTRICT_CODES,
  INFLUX_MEASUREMENTS,
  redisKeys,
} from '@cityops/contracts';
import { Redis } from 'ioredis';
import pg from 'pg';
import { AppModule } from '../app.module.js';
import { createLogger } from '../bootstrap.js';
import { loadConfig } from '../config/app-config.js';
import { JobQueue } from '../infra/queue/job-queue.js';
import { AssetsRepository } from '../modules/assets/assets.repository.js';
import type { InfluxAnswer } from '../modules/alerting/tick/influxql.js';
import { TickAssetsRepository } from '../modules/alerting/tick/tick-assets.repository.js';
import { TickInfluxRepository } from '../modules/alerting/tick/tick-influx.repository.js';
import { TickStateRepository } from '../modules/alerting/tick/tick-state.repository.js';
import { type TickOutcome, TickService } from '../modules/alerting/tick/tick.service.js';
import { RulesService } from '../modules/rules/rules.service.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const MINUTE = 60_000;
const NO_DATA_RULE = 'waterlogging-sensor-offline';
const WINDOW_RULE = 'rainstorm-signal';
/** Of every 100 gauges, this one stopped reporting and this one is in a downpour. */
const SILENT_SLOT = 37;
const DOWNPOUR_SLOT = 71;
const POINTS_PER_GAUGE = 12;
const LINES_PER_POST = 5_000;
const POSTS_IN_FLIGHT = 2;

interface Options {
  sizes: number[];
  runs: number;
  pglite: boolean;
  influxUrl: URL;
  redisUrl: string;
  adminDatabaseUrl: string | undefined;
  /** A V8 CPU profile of the measured ticks at the largest size. */
  profile: string | undefined;
  /** Wait before each tick until the rest of the machine uses at most this many cores (null: no). */
  quietCores: number | null;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,50000,100000' },
      runs: { type: 'string', default: '3' },
      pglite: { type: 'boolean', default: false },
      profile: { type: 'string' },
      'quiet-cores': { type: 'string', default: '0.3' },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 100 || n > 1_000_000 || n % 100 !== 0))
    throw new Error('--sizes: whole multiples of 100 between 100 and 1,000,000, comma-separated');
  const quietCores = values['quiet-cores'];
  if (quietCores !== 'off' && !(Number(quietCores) >= 0 && Number(quietCores) <= 64))
    throw new Error('--quiet-cores: a number of cores (e.g. 0.3), or off');
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error('--runs: 1 to 20');
  const influxUrl = new URL(process.env.INFLUX_URL ?? 'http://127.0.0.1:8086/cityops');
  const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const admin = values.pglite ? undefined : process.env.TEST_DATABASE_URL;
  const urls: [string, URL][] = [
    ['INFLUX_URL', influxUrl],
    ['REDIS_URL', redisUrl],
  ];
  if (admin) urls.push(['TEST_DATABASE_URL', new URL(admin)]);
  for (const [name, url] of urls)
    if (!LOOPBACK.has(url.hostname))
      throw new Error(`${name} must point at this machine (loopback) for the benchmark`);
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    runs,
    pglite: !admin,
    influxUrl,
    redisUrl: redisUrl.toString(),
    adminDatabaseUrl: admin,
    profile: values.profile,
    quietCores: quietCores === 'off' ? null : Number(quietCores),
  };
}

// ---- the environment ----

class Influx {
  constructor(private readonly base: URL) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const headers = { ...extra };
    if (this.base.username)
      headers.authorization = `Basic ${Buffer.from(
        `${decodeURIComponent(this.base.username)}:${decodeURIComponent(this.base.password)}`,
      ).toString('base64')}`;
    return headers;
  }

  /** The URL the backend gets for this database. */
  urlOf(database: string): string {
    const u = new URL(this.base.href);
    u.pathname = `/${database}`;
    return u.href;
  }

  async query(q: string, database?: string): Promise<InfluxAnswer> {
    const u = new URL('/query', this.base.origin);
    if (database) u.searchParams.set('db', database);
    const response = await fetch(u, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: new URLSearchParams({ q }),
    });
    const body = (await response.json()) as InfluxAnswer;
    const error = body.error ?? body.results?.find((r) => r.error)?.error;
    if (!response.ok || error) throw new Error(`InfluxDB: ${error ?? response.status} for ${q}`);
    return body;
  }

  async write(database: string, body: string): Promise<void> {
    const u = new URL('/write', this.base.origin);
    u.searchParams.set('db', database);
    u.searchParams.set('rp', 'raw');
    u.searchParams.set('precision', 'ms');
    const response = await fetch(u, { method: 'POST', headers: this.headers(), body });
    if (response.status !== 204)
      throw new Error(`InfluxDB write: ${response.status} ${await response.text()}`);
  }

  async version(): Promise<string> {
    const response = await fetch(new URL('/ping', this.base.origin));
    return response.headers.get('x-influxdb-version') ?? 'unknown';
  }
}

interface Env {
  id: string;
  influx: Influx;
  influxDatabase: string;
  redisPrefix: string;
  dataDir: string;
  pgDatabase: string | null;
  redis: Redis;
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function dispose(o: Options, env: Env): Promise<void> {
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      problems.push(`${what}: ${String(error)}`);
    }
  };
  await attempt('Redis keys', () => deleteKeysMatching(env.redis, `${env.redisPrefix}:*`));
  env.redis.disconnect();
  await attempt('InfluxDB database', () =>
    env.influx.query(`DROP DATABASE "${env.influxDatabase}"`),
  );
  if (env.pgDatabase && o.adminDatabaseUrl)
    await attempt('PostgreSQL database', () =>
      withAdmin(o.adminDatabaseUrl!, (c) =>
        c.query(`DROP DATABASE IF EXISTS "${env.pgDatabase}" WITH (FORCE)`),
      ),
    );
  await attempt('data directory', () => rm(env.dataDir, { recursive: true, force: true }));
  if (problems.length) console.error(`clean-up incomplete:\n  ${problems.join('\n  ')}`);
}

// ---- the gauges and their readings ----

const gaugeId = (i: number) => `RG-${String(i).padStart(7, '0')}`;
const isSilent = (i: number) => i % 100 === SILENT_SLOT;
const inDownpour = (i: number) => i % 100 === DOWNPOUR_SLOT;

function gauges(from: number, to: number): AssetImportRow[] {
  const rows: AssetImportRow[] = [];
  for (let i = from; i < to; i++)
    rows.push({
      id: gaugeId(i),
      domain: 'waterlogging',
      kind: 'rain_gauge',
      name: `雨量站 ${i}`,
      district: DISTRICT_CODES[i % DISTRICT_CODES.length]!,
      lng: 116.9 + ((i * 7919) % 8000) / 10_000,
      lat: 38.9 + ((i * 104_729) % 8000) / 10_000,
      parentId: null,
    });
  return rows;
}

/**
 * Line protocol of gauge i's readings before tick time `at`: every 5 minutes from 60 to 5 minutes
 * before it; a silent gauge every 3 minutes from 58 to 25 minutes before (its last reading is older
 * than the rule's 15 minutes); a gauge in the downpour at 120 mm/h (over 55 minutes: 110 mm, the red
 * signal's 100 mm in 3 hours).
 */
function linesOf(i: number, at: number): string {
  const prefix = `${INFLUX_MEASUREMENTS.waterlogging},assetId=${gaugeId(i)},district=${DISTRICT_CODES[i % DISTRICT_CODES.length]},kind=rain_gauge`;
  const rain = inDownpour(i) ? 120 : ((i % 7) * 3) / 10;
  let out = '';
  for (let k = 0; k < POINTS_PER_GAUGE; k++) {
    const ts = isSilent(i) ? at - 58 * MINUTE + k * 3 * MINUTE : at - 60 * MINUTE + k * 5 * MINUTE;
    out += `${prefix} rainfallMmH=${rain},batteryPct=${90 + (k % 10)} ${ts}\n`;
  }
  return out;
}

async function writeReadings(env: Env, from: number, to: number, at: number): Promise<void> {
  const gaugesPerPost = Math.floor(LINES_PER_POST / POINTS_PER_GAUGE);
  let next = from;
  await Promise.all(
    Array.from({ length: POSTS_IN_FLIGHT }, async () => {
      while (next < to) {
        const start = next;
        next = Math.min(to, next + gaugesPerPost);
        let body = '';
        for (let i = start; i < next; i++) body += linesOf(i, at);
        await env.influx.write(env.influxDatabase, body);
      }
    }),
  );
}

async function countPoints(env: Env): Promise<number> {
  const answer = await env.influx.query(
    `SELECT count("rainfallMmH") FROM "raw"."${INFLUX_MEASUREMENTS.waterlogging}"`,
    env.influxDatabase,
  );
  return Number(answer.results?.[0]?.series?.[0]?.values?.[0]?.[1] ?? 0);
}

// ---- measuring ----

/** Local influxd, redis-server and postgres processes, by name (the benchmark runs on loopback). */
function servicePids(): Record<'influxd' | 'redis' | 'postgres', number[]> {
  const found = pidsByCommand(['influxd', 'redis-server', 'postgres', 'postmaster']);
  return {
    influxd: found.get('influxd') ?? [],
    redis: found.get('redis-server') ?? [],
    postgres: [...(found.get('postgres') ?? []), ...(found.get('postmaster') ?? [])],
  };
}

/** CPU seconds used so far by each of these processes (those /proc can tell). */
function cpuSeconds(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const seconds = processCpuSeconds(pid);
    if (seconds !== null) out.set(pid, seconds);
  }
  return out;
}

/** Busy CPU seconds of the whole machine so far (0 where /proc cannot tell). */
const machineSeconds = () => machineBusySeconds() ?? 0;

/** CPU seconds the processes alive at both readings used in between. */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) {
    const start = before.get(pid);
    if (start !== undefined) total += seconds - start;
  }
  return total;
}

/** Wall time per part of a tick (ms), from wrappers around the tick service's collaborators. */
interface Parts {
  assets: number;
  influx: number;
  fold: number;
  loadState: number;
  enqueue: number;
  saveState: number;
  other: number;
}
const PART_NAMES: Record<keyof Parts, string> = {
  assets: 'assets (database)',
  influx: 'InfluxDB statements',
  fold: '  of which folding answers',
  loadState: 'state load (Redis)',
  enqueue: 'enqueue transitions',
  saveState: 'state save (Redis)',
  other: 'evaluation + rest (JS)',
};

class Probe {
  parts: Parts = this.empty();
  private empty(): Parts {
    return { assets: 0, influx: 0, fold: 0, loadState: 0, enqueue: 0, saveState: 0, other: 0 };
  }
  reset(): void {
    this.parts = this.empty();
  }

  /** Times every call of `object[method]` into `part` (the instance the tick service holds). */
  wrap<T extends object, K extends keyof T & string>(object: T, method: K, part: keyof Parts) {
    const original = (object[method] as (...args: unknown[]) => Promise<unknown>).bind(object);
    (object as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await original(...args);
      } finally {
        this.parts[part] += performance.now() - started;
      }
    };
  }

  /** TickInfluxRepository.each, with the time its callback (folding an answer in) takes. */
  wrapInflux(influx: TickInfluxRepository): void {
    const original = influx.each.bind(influx);
    influx.each = async (statements, each, concurrency) => {
      const started = performance.now();
      try {
        return await original(
          statements,
          (answer, index) => {
            const t = performance.now();
            try {
              each(answer, index);
            } finally {
              this.parts.fold += performance.now() - t;
            }
          },
          concurrency,
        );
      } finally {
        this.parts.influx += performance.now() - started;
      }
    };
  }
}

interface Sample {
  ms: number;
  outcome: TickOutcome;
  parts: Parts;
  /** Cores busy elsewhere on the machine just before the tick. */
  busyBefore: number;
  /** CPU seconds during the tick: this process, the services, everything else on the machine. */
  cpu: { node: number; influxd: number; redis: number; postgres: number; other: number };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function settle(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Cores busy on the machine over `ms`, this process left out. */
async function busyCores(ms: number): Promise<number> {
  const machine = machineSeconds();
  const own = process.cpuUsage();
  await settle(ms);
  const used = process.cpuUsage(own);
  return (machineSeconds() - machine - (used.user + used.system) / 1e6) / (ms / 1000);
}

/**
 * Waits (at most `maxMs`) until the rest of the machine is quiet: on a shared machine another
 * process's burst would otherwise be timed as the tick's. Returns the cores busy when it gave up
 * waiting or found it quiet.
 */
async function quiet(maxCores: number, maxMs: number): Promise<number> {
  const deadline = Date.now() + maxMs;
  let busy = await busyCores(1000);
  while (busy > maxCores && Date.now() < deadline) busy = await busyCores(1000);
  return busy;
}

async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return {
    stop: async (file) => {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`  CPU profile written to ${file}`);
    },
  };
}

class Bench {
  private readonly ticks: TickService;
  private readonly probe = new Probe();

  constructor(
    private readonly app: INestApplicationContext,
    private readonly env: Env,
    readonly at: number,
    /** Before each tick, wait for the rest of the machine to use at most this many cores (null: don't). */
    private readonly quietCores: number | null,
  ) {
    this.ticks = app.get(TickService);
    const probe = this.probe;
    probe.wrap(app.get(TickAssetsRepository), 'ofKinds', 'assets');
    probe.wrapInflux(app.get(TickInfluxRepository));
    const states = app.get(TickStateRepository);
    probe.wrap(states, 'loadIndexed', 'loadState');
    probe.wrap(states, 'save', 'saveState');
    probe.wrap(app.get(JobQueue), 'addBulk', 'enqueue');
  }

  /** No alert state, tick keys or queued jobs: the next tick starts from scratch. */
  async reset(): Promise<void> {
    const keys = redisKeys(this.env.redisPrefix);
    await this.env.redis.del(keys.alertState);
    await deleteKeysMatching(this.env.redis, `${this.env.redisPrefix}:ticks:*`);
    await deleteKeysMatching(this.env.redis, `${keys.bull}:*`);
  }

  async tick(ruleId: string): Promise<Sample> {
    await this.reset();
    const busyBefore = this.quietCores === null ? 0 : await quiet(this.quietCores, 120_000);
    this.probe.reset();
    const pids = servicePids();
    const services = {
      influxd: cpuSeconds(pids.influxd),
      redis: cpuSeconds(pids.redis),
      postgres: cpuSeconds(pids.postgres),
    };
    const machine = machineSeconds();
    const node = process.cpuUsage();
    const started = performance.now();
    const outcome = await this.ticks.evaluate(ruleId, this.at);
    const ms = performance.now() - started;
    const usedNode = process.cpuUsage(node);
    const machineUsed = machineSeconds() - machine;
    if (outcome.status !== 'evaluated')
      throw new Error(`${ruleId}: tick ${outcome.status} (${outcome.reason})`);
    const parts = { ...this.probe.parts };
    parts.other = Math.max(
      0,
      ms - parts.assets - parts.influx - parts.loadState - parts.enqueue - parts.saveState,
    );
    const cpu = {
      node: (usedNode.user + usedNode.system) / 1e6,
      influxd: cpuBetween(services.influxd, cpuSeconds(pids.influxd)),
      redis: cpuBetween(services.redis, cpuSeconds(pids.redis)),
      postgres: cpuBetween(services.postgres, cpuSeconds(pids.postgres)),
      other: 0,
    };
    cpu.other = Math.max(0, machineUsed - cpu.node - cpu.influxd - cpu.redis - cpu.postgres);
    return { ms, outcome, parts, cpu, busyBefore };
  }
}

interface Row {
  size: number;
  silent: number;
  downpour: number;
  noData: Sample[];
  window: Sample[];
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pad = (s: string, n: number) => s.padStart(n);

function printResults(rows: Row[]): void {
  const base = rows[0]!;
  const ms = (samples: Sample[]) => median(samples.map((s) => s.ms));
  const best = (samples: Sample[]) => Math.min(...samples.map((s) => s.ms));
  console.log(
    `\nOne tick: median of ${base.noData.length} (best); ratio and per 10k from the medians, ratio to ${fmt(base.size)}; transitions: found / expected\n`,
  );
  const header = `| ${'assets'.padStart(8)} | no data, ms    | ratio | per 10k | transitions   | window, ms      | ratio | per 10k | transitions   |`;
  console.log(header);
  console.log(header.replace(/[^|]/g, '-'));
  for (const row of rows) {
    const cell = (samples: Sample[], baseSamples: Sample[], expected: number, width: number) => {
      const t = ms(samples);
      const transitions = samples.map((s) => s.outcome.transitions.length);
      const same = transitions.every((n) => n === transitions[0]);
      return [
        pad(`${fmt(t)} (${fmt(best(samples))})`, width),
        pad((t / ms(baseSamples)).toFixed(2), 5),
        pad(((t / row.size) * 10_000).toFixed(0), 7),
        pad(`${fmt(transitions[0]!)}${same ? '' : '*'} / ${fmt(expected)}`, 13),
      ].join(' | ');
    };
    console.log(
      `| ${pad(fmt(row.size), 8)} | ${cell(row.noData, base.noData, row.silent, 13)} | ${cell(row.window, base.window, row.downpour, 15)} |`,
    );
  }
  for (const [title, pick] of [
    ['no data', (r: Row) => r.noData],
    ['window', (r: Row) => r.window],
  ] as const) {
    console.log(`\nWhere the time goes, ${title} (median ms per part)\n`);
    console.log(
      `| part                        | ${rows.map((r) => pad(fmt(r.size), 8)).join(' | ')} |`,
    );
    console.log(`| --------------------------- | ${rows.map(() => '-------:').join(' | ')} |`);
    for (const part of Object.keys(PART_NAMES) as (keyof Parts)[])
      console.log(
        `| ${PART_NAMES[part].padEnd(27)} | ${rows
          .map((r) => pad(median(pick(r).map((s) => s.parts[part])).toFixed(0), 8))
          .join(' | ')} |`,
      );
    for (const who of ['node', 'influxd', 'redis', 'postgres', 'other'] as const)
      console.log(
        `| ${`CPU s: ${who}`.padEnd(27)} | ${rows
          .map((r) => pad(median(pick(r).map((s) => s.cpu[who])).toFixed(2), 8))
          .join(' | ')} |`,
      );
  }
}

async function main(): Promise<void> {
  const o = options();
  const influx = new Influx(o.influxUrl);
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const env: Env = {
    id,
    influx,
    influxDatabase: `cityops_bench_tick_${id}`,
    redisPrefix: `cityops-bench-${id}`,
    dataDir: await mkdtemp(join(tmpdir(), 'cityops-bench-tick-')),
    pgDatabase: o.pglite ? null : `cityops_bench_${id}`,
    redis: new Redis(o.redisUrl, { maxRetriesPerRequest: null }),
  };
  console.log(
    `tick benchmark: sizes ${o.sizes.map(fmt).join(', ')}, ${o.runs} run(s) each; InfluxDB ${await influx.version()}; ` +
      `${o.pglite ? 'PGlite' : 'PostgreSQL'}; Node ${process.version}; ${cpus().length} CPUs; load ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
  );
  let app: INestApplicationContext | null = null;
  try {
    await influx.query(`CREATE DATABASE "${env.influxDatabase}"`);
    await influx.query(
      `CREATE RETENTION POLICY "raw" ON "${env.influxDatabase}" DURATION 90d REPLICATION 1 DEFAULT`,
    );
    let databaseUrl: string | undefined;
    if (env.pgDatabase && o.adminDatabaseUrl) {
      await withAdmin(o.adminDatabaseUrl, (c) => c.query(`CREATE DATABASE "${env.pgDatabase}"`));
      const u = new URL(o.adminDatabaseUrl);
      u.pathname = `/${env.pgDatabase}`;
      databaseUrl = u.href;
    }
    const config = loadConfig({
      REDIS_URL: o.redisUrl,
      REDIS_PREFIX: env.redisPrefix,
      INFLUX_URL: influx.urlOf(env.influxDatabase),
      DATA_DIR: env.dataDir,
      ADMIN_PASSWORD: 'bench-admin-password',
      LOG_LEVEL: 'warn',
      ALERT_TICKS: 'off',
      WATCH_AUTO_RULES: 'none',
      WORKERS_IN_API: 'false',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    });
    app = await NestFactory.createApplicationContext(
      AppModule.register({ config, api: false, workers: false }),
      { logger: createLogger(config) },
    );
    await app.init();
    const rules = app.get(RulesService);
    for (const ruleId of [NO_DATA_RULE, WINDOW_RULE])
      if (!rules.find(ruleId)?.enabled) throw new Error(`default rule ${ruleId} is not there`);

    // The tick time: a whole minute (both rules' cadences divide it), readings before it.
    const at = Math.floor(Date.now() / MINUTE) * MINUTE;
    const bench = new Bench(app, env, at, o.quietCores);
    const assets = app.get(AssetsRepository);
    const rows: Row[] = [];
    let registered = 0;
    for (const size of o.sizes) {
      const started = performance.now();
      for (let from = registered; from < size; from += 10_000)
        await assets.upsert(gauges(from, Math.min(size, from + 10_000)));
      const registeredMs = performance.now() - started;
      await writeReadings(env, registered, size, at);
      registered = size;
      const points = await countPoints(env);
      if (points !== size * POINTS_PER_GAUGE)
        throw new Error(
          `InfluxDB holds ${fmt(points)} points, expected ${fmt(size * POINTS_PER_GAUGE)}`,
        );
      console.log(
        `\n${fmt(size)} gauges: registered in ${(registeredMs / 1000).toFixed(1)} s, ${fmt(points)} points written in ${((performance.now() - started - registeredMs) / 1000).toFixed(1)} s`,
      );
      await settle(3_000);
      const silent = size / 100;
      const row: Row = { size, silent, downpour: size / 100, noData: [], window: [] };
      const profile = o.profile && size === o.sizes.at(-1) ? await startProfile() : null;
      for (const [ruleId, samples, expected] of [
        [NO_DATA_RULE, row.noData, row.silent],
        [WINDOW_RULE, row.window, row.downpour],
      ] as const) {
        const warm = await bench.tick(ruleId);
        console.log(`  ${ruleId}: warm-up ${fmt(warm.ms)} ms`);
        for (let run = 0; run < o.runs; run++) {
          const sample = await bench.tick(ruleId);
          samples.push(sample);
          const found = sample.outcome.transitions;
          const kinds = new Set(found.map((t) => `${t.kind}:${t.severity}`));
          const wanted = ruleId === NO_DATA_RULE ? 'raised:blue' : 'raised:red';
          const ok =
            found.length === expected &&
            kinds.size === 1 &&
            kinds.has(wanted) &&
            sample.outcome.evaluated >= expected;
          console.log(
            `  ${ruleId}: ${fmt(sample.ms)} ms, ${fmt(sample.outcome.evaluated)} evaluated, ${fmt(found.length)} transitions (${[...kinds].join(', ')}; expected ${fmt(expected)} ${wanted}) ${ok ? 'ok' : 'WRONG'}; ` +
              `CPU s: node ${sample.cpu.node.toFixed(2)} influxd ${sample.cpu.influxd.toFixed(2)} other ${sample.cpu.other.toFixed(2)} ` +
              `(busy before: ${sample.busyBefore.toFixed(2)} cores)`,
          );
          if (!ok) throw new Error(`${ruleId} at ${fmt(size)}: unexpected transitions`);
        }
      }
      if (profile) await profile.stop(o.profile!);
      rows.push(row);
    }
    printResults(rows);
  } finally {
    await app?.close().catch((error: unknown) => console.error(`closing: ${String(error)}`));
    await dispose(o, env);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
