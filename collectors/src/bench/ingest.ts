/**
 * Ingest benchmark (not a test): `npm run bench:ingest [-- --points N --batch N --in-flight N --runs N]`.
 *
 * On the real InfluxDB and Redis (loopback only; INFLUX_URL and REDIS_URL as for the collectors,
 * the database named in INFLUX_URL is not touched), it takes the same N heating readings through:
 *
 *   (a) raw line-protocol POST: pre-built bodies of `batch` lines POSTed one at a time, the way a
 *       bare client writes (and, for reference, `in-flight` at a time);
 *   (b) the collector pipeline: each page of raw readings (objects, as a source's decoder hands
 *       them over) through the asset registry, validation with contracts' checkReading, line
 *       protocol, the InfluxDB writer with its disk spool enabled, and the real BullMQ enqueue of
 *       the evaluate-readings job, `in-flight` pages at a time;
 *   (b') the same from the pages' JSON text, i.e. with the HTTP source's JSON.parse included;
 *   (c) the ratio (b)/(a).
 *
 * Every phase writes into a temporary database of its own, dropped afterwards; Redis keys live
 * under a throwaway prefix that is deleted afterwards; the spool lives in a temporary directory.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { redisKeys, type AssetRegistryEntry } from '@cityops/contracts';
import { Redis } from 'ioredis';
import type { InfluxConnection } from '../config.js';
import { parseHeatingPage } from '../domains/heating/heating-http-source.js';
import { validateHeatingReadings } from '../domains/heating/heating-readings.js';
import { silentLogger } from '../observability/logger.js';
import { CollectorStats } from '../observability/stats.js';
import { ReadingIngestor } from '../pipeline/reading-ingestor.js';
import { TelemetryJobs } from '../queue/telemetry-jobs.js';
import { AssetRegistry } from '../registry/asset-registry.js';
import { InfluxHttp, quoteIdent } from '../sink/influx-http.js';
import { InfluxWriter } from '../sink/influx-writer.js';
import { ReadingLineEncoder } from '../sink/points.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

interface Options {
  points: number;
  batch: number;
  inFlight: number;
  sensors: number;
  runs: number;
  maxSeconds: number;
  influx: InfluxConnection;
  redisUrl: string;
  /** Write a V8 CPU profile of phase (b) to this file (open it in Chrome DevTools). */
  profile: string | undefined;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      points: { type: 'string', default: '1000000' },
      batch: { type: 'string', default: '5000' },
      'in-flight': { type: 'string', default: '4' },
      sensors: { type: 'string', default: '1000' },
      runs: { type: 'string', default: '1' },
      'max-seconds': { type: 'string', default: '900' },
      profile: { type: 'string' },
    },
  });
  const int = (name: string, value: string, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} must be a whole number between ${min} and ${max}`);
    return n;
  };
  const influx = new URL(process.env.INFLUX_URL ?? 'http://127.0.0.1:8086/cityops');
  const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  for (const [name, url] of [
    ['INFLUX_URL', influx],
    ['REDIS_URL', redis],
  ] as const)
    if (!LOOPBACK.has(url.hostname))
      throw new Error(`${name} must point at this machine (loopback) for the benchmark`);
  return {
    points: int('points', values.points, 1000, 10_000_000),
    batch: int('batch', values.batch, 100, 5000),
    inFlight: int('in-flight', values['in-flight'], 1, 32),
    sensors: int('sensors', values.sensors, 1, 9999),
    runs: int('runs', values.runs, 1, 10),
    maxSeconds: int('max-seconds', values['max-seconds'], 10, 3600),
    influx: {
      url: `${influx.protocol}//${influx.host}`,
      database: '',
      ...(influx.username ? { username: decodeURIComponent(influx.username) } : {}),
      ...(influx.password ? { password: decodeURIComponent(influx.password) } : {}),
    },
    redisUrl: redis.toString(),
    profile: values.profile,
  };
}

const sensorId = (i: number) => `ST-${String(i + 1).padStart(4, '0')}`;
const DISTRICTS = ['120101', '120102', '120103', '120104', '120105', '120106'];

/** Heat stations in the registry, as the backend writes them. */
function assets(sensors: number): Map<string, AssetRegistryEntry> {
  const map = new Map<string, AssetRegistryEntry>();
  for (let i = 0; i < sensors; i++)
    map.set(sensorId(i), {
      domain: 'heating',
      kind: 'heat_station',
      district: DISTRICTS[i % DISTRICTS.length]!,
    } as AssetRegistryEntry);
  return map;
}

/**
 * The benchmark's readings, page by page, as the gateway sends them: ISO 8601 in Tianjin time and
 * four metrics with realistic decimals. Reading j is sensor j % sensors at time step j / sensors,
 * so every (sensor, time) is distinct and all of them lie in the last hour. Pages are made when
 * asked for (a collector never holds a million parsed readings, and the garbage collector should
 * not pay for the benchmark's input); the per-reading strings are shared.
 */
class Readings {
  readonly pageCount: number;
  private readonly ids: string[];
  private readonly times: string[];

  constructor(
    private readonly o: Options,
    now: number,
  ) {
    this.pageCount = Math.ceil(o.points / o.batch);
    this.ids = Array.from({ length: o.sensors }, (_, i) => sensorId(i));
    const steps = Math.ceil(o.points / o.sensors);
    const stepMs = Math.max(1, Math.floor((50 * 60_000) / steps));
    const start = now - 55 * 60_000;
    this.times = Array.from({ length: steps }, (_, k) =>
      new Date(start + k * stepMs + 8 * 3_600_000).toISOString().replace('Z', '+08:00'),
    );
  }

  page(index: number): unknown[] {
    const { batch, points, sensors } = this.o;
    const page: unknown[] = [];
    for (let j = index * batch; j < Math.min((index + 1) * batch, points); j++) {
      page.push({
        sensorId: this.ids[j % sensors],
        ts: this.times[Math.floor(j / sensors)],
        metrics: {
          supplyTempC: 45 + ((j * 7919) % 2000) / 100,
          returnTempC: 35 + ((j * 104_729) % 1500) / 100,
          flowM3h: 80 + ((j * 1_299_709) % 12_000) / 100,
          pumpOn: 1,
        },
      });
    }
    return page;
  }

  /** The page as the gateway's GET /readings body. */
  pageJson(index: number): string {
    return JSON.stringify({ readings: this.page(index), next: String(index + 1) });
  }
}

class Influx {
  constructor(readonly connection: InfluxConnection) {}
  at(database: string): InfluxConnection {
    return { ...this.connection, database };
  }
  http(database: string): InfluxHttp {
    return new InfluxHttp(this.at(database), 'raw');
  }
  async run(database: string, q: string): Promise<unknown[][]> {
    const http = this.http(database);
    try {
      const { status, body } = await http.query(q, 60_000);
      const error = body.error ?? body.results?.[0]?.error;
      if (status >= 300 || error) throw new Error(`${q}: HTTP ${status} ${error ?? ''}`);
      return body.results?.[0]?.series?.[0]?.values ?? [];
    } finally {
      http.close();
    }
  }
  async create(database: string): Promise<void> {
    await this.run(database, `CREATE DATABASE ${quoteIdent(database)}`);
    await this.run(
      database,
      `CREATE RETENTION POLICY "raw" ON ${quoteIdent(database)} DURATION 90d REPLICATION 1 DEFAULT`,
    );
  }
  async drop(database: string): Promise<void> {
    await this.run(database, `DROP DATABASE ${quoteIdent(database)}`);
  }
  async count(database: string): Promise<number> {
    const rows = await this.run(database, 'SELECT count("supplyTempC") FROM "raw"."heating"');
    return Number(rows[0]?.[1] ?? 0);
  }
  async version(): Promise<string> {
    const res = await fetch(`${this.connection.url}/ping`, { signal: AbortSignal.timeout(3000) });
    return res.headers.get('x-influxdb-version') ?? 'unknown';
  }
}

interface Measured {
  seconds: number;
  pointsPerSecond: number;
  /** Cores of CPU this process used meanwhile. */
  nodeCpu: number;
  /** Cores used by influxd and redis-server, and by everything else on the machine (Linux only). */
  influxCpu: number | null;
  redisCpu: number | null;
  otherCpu: number | null;
}

const CLOCK_TICKS = 100;

/** Busy CPU seconds of the machine and of the processes named, from /proc (null elsewhere). */
function cpuTimes(pids: { influxd: number[]; redis: number[] }): {
  total: number;
  influxd: number;
  redis: number;
} | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    const proc = (pid: number) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(after[11]) + Number(after[12])) / CLOCK_TICKS;
      } catch {
        return 0;
      }
    };
    const sum = (list: number[]) => list.reduce((t, pid) => t + proc(pid), 0);
    return {
      total: (user! + nice! + system! + irq! + softirq! + steal!) / CLOCK_TICKS,
      influxd: sum(pids.influxd),
      redis: sum(pids.redis),
    };
  } catch {
    return null;
  }
}

/** Local influxd and redis-server processes, by name (the benchmark only runs against loopback). */
function servicePids(): { influxd: number[]; redis: number[] } {
  const found = { influxd: [] as number[], redis: [] as number[] };
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
        if (comm === 'influxd') found.influxd.push(Number(entry));
        if (comm === 'redis-server') found.redis.push(Number(entry));
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // not Linux
  }
  return found;
}

const SERVICES = servicePids();

async function measure(points: number, work: () => Promise<void>): Promise<Measured> {
  const cpu = process.cpuUsage();
  const machine = cpuTimes(SERVICES);
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const nodeCpu = (used.user + used.system) / 1e6 / seconds;
  const after = cpuTimes(SERVICES);
  const cores = (a: number, b: number) => (b - a) / seconds;
  return {
    seconds,
    pointsPerSecond: points / seconds,
    nodeCpu,
    influxCpu: machine && after ? cores(machine.influxd, after.influxd) : null,
    redisCpu: machine && after ? cores(machine.redis, after.redis) : null,
    otherCpu:
      machine && after
        ? Math.max(
            0,
            cores(machine.total, after.total) -
              nodeCpu -
              cores(machine.influxd, after.influxd) -
              cores(machine.redis, after.redis),
          )
        : null,
  };
}

/** (a) Pre-built bodies, POSTed `inFlight` at a time with the same HTTP client the writer uses. */
async function rawPost(influx: Influx, database: string, bodies: string[], inFlight: number) {
  const http = influx.http(database);
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const outcome = await http.write(body, 60_000);
          if (outcome.kind !== 'written')
            throw new Error(`raw POST failed: ${JSON.stringify(outcome)}`);
        }
      }),
    );
  } finally {
    http.close();
  }
}

interface PipelineRun extends Measured {
  stats: CollectorStats;
}

/** (b) The collector's pipeline over the same readings, `inFlight` pages at a time. */
async function pipeline(
  o: Options,
  influx: Influx,
  database: string,
  nextPage: (index: number) => unknown[],
  pageCount: number,
  redis: Redis,
  prefix: string,
  registry: AssetRegistry,
  profile?: string,
): Promise<PipelineRun> {
  const spoolDir = await mkdtemp(join(tmpdir(), 'cityops-bench-spool-'));
  const stats = new CollectorStats();
  const writer = new InfluxWriter(influx.at(database), {
    logger: silentLogger,
    stats,
    maxInFlight: o.inFlight,
    spool: { dir: spoolDir, maxBytes: 1024 * 1024 * 1024 },
  });
  const jobs = new TelemetryJobs(redis, prefix, silentLogger);
  const ingestor = new ReadingIngestor({
    domain: 'heating',
    source: `bench-${database}`,
    validate: validateHeatingReadings,
    registry,
    writer,
    jobs,
    logger: silentLogger,
    stats,
  });
  try {
    await writer.opened();
    await writer.ensureSchema();
    const profiler = profile ? await startProfile() : null;
    const measured = await measure(o.points, async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: o.inFlight }, async () => {
          while (next < pageCount) {
            const index = next++;
            await ingestor.ready();
            await ingestor.ingest(nextPage(index), String(index));
          }
        }),
      );
      await writer.drained();
    });
    if (profiler && profile) await profiler.stop(profile);
    return { ...measured, stats };
  } finally {
    await writer.close();
    await jobs.close();
    await rm(spoolDir, { recursive: true, force: true });
  }
}

/** A CPU profile through the inspector, so only the pipeline phase is in it. */
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
      console.log(`  CPU profile of (b) written to ${file}`);
    },
  };
}

/** A pause so background work of the previous phase (InfluxDB compactions, GC) does not count. */
function settle(ms = 3000): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const rate = (m: Measured) =>
  `${fmt(m.pointsPerSecond).padStart(9)} points/s  ${m.seconds.toFixed(2).padStart(6)} s` +
  `  cpu: node ${m.nodeCpu.toFixed(2)} (${((m.nodeCpu / m.pointsPerSecond) * 1e6).toFixed(1)} µs/point)` +
  (m.influxCpu === null
    ? ''
    : ` influxd ${m.influxCpu.toFixed(2)} redis ${m.redisCpu!.toFixed(2)} other ${m.otherCpu!.toFixed(2)}`);

interface RunResult {
  raw: number;
  rawParallel: number;
  pipe: number;
  pipeJson: number;
}

async function runOnce(o: Options, influx: Influx, redis: Redis, run: number): Promise<RunResult> {
  const id = randomBytes(4).toString('hex');
  const dbs = {
    raw: `cityops_bench_${id}_raw`,
    rawParallel: `cityops_bench_${id}_rawp`,
    pipe: `cityops_bench_${id}_pipe`,
    pipeJson: `cityops_bench_${id}_json`,
  };
  const prefix = `cityops-bench-${id}`;
  const loadAtStart = loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  try {
    const readings = new Readings(o, Date.now());
    const registryEntries = assets(o.sensors);
    await redis.hset(
      redisKeys(prefix).assetRegistry,
      ...[...registryEntries].flatMap(([key, entry]) => [key, JSON.stringify(entry)]),
    );
    const registry = new AssetRegistry(redis, redisKeys(prefix).assetRegistry, silentLogger);
    await registry.resolve([...registryEntries.keys()]);
    for (const db of Object.values(dbs)) await influx.create(db);

    // (a) The same lines the pipeline writes, built before the clock starts.
    const encoder = new ReadingLineEncoder();
    let bodies: string[] = Array.from({ length: readings.pageCount }, (_, index) =>
      readings
        .page(index)
        .map((raw) => {
          const r = raw as { sensorId: string; ts: string; metrics: Record<string, number> };
          const reading = { sensorId: r.sensorId, ts: Date.parse(r.ts), metrics: r.metrics };
          return encoder.line(reading, registryEntries.get(r.sensorId)!);
        })
        .join('\n'),
    );
    // Each phase starts on a settled InfluxDB (the previous phase's database dropped, so its
    // compactions do not eat into the next one) and an emptied queue, and is checked by count.
    const counts: number[] = [];
    const phase = async <T>(db: string, work: () => Promise<T>): Promise<T> => {
      await settle();
      const result = await work();
      counts.push(await influx.count(db));
      await influx.drop(db);
      await deleteKeys(redis, `${redisKeys(prefix).bull}`);
      return result;
    };
    const raw = await phase(dbs.raw, () =>
      measure(o.points, () => rawPost(influx, dbs.raw, bodies, 1)),
    );
    const rawParallel = await phase(dbs.rawParallel, () =>
      measure(o.points, () => rawPost(influx, dbs.rawParallel, bodies, o.inFlight)),
    );
    bodies = [];

    // (b) Objects as a decoder hands them over; (b') the gateway's JSON text, parsed per page.
    const pipe = await phase(dbs.pipe, () =>
      pipeline(
        o,
        influx,
        dbs.pipe,
        (index) => readings.page(index),
        readings.pageCount,
        redis,
        prefix,
        registry,
        o.profile,
      ),
    );
    let texts = Array.from({ length: readings.pageCount }, (_, index) => readings.pageJson(index));
    const pipeJson = await phase(dbs.pipeJson, () =>
      pipeline(
        o,
        influx,
        dbs.pipeJson,
        (index) => parseHeatingPage(JSON.parse(texts[index]!)).items,
        readings.pageCount,
        redis,
        prefix,
        registry,
      ),
    );
    texts = [];

    const ratio = pipe.pointsPerSecond / raw.pointsPerSecond;
    console.log(`\nrun ${run} (load average at its start: ${loadAtStart})`);
    console.log(`  (a)  raw line-protocol POST, 1 at a time         ${rate(raw)}`);
    console.log(
      `       raw POST, ${o.inFlight} at a time (reference)          ${rate(rawParallel)}`,
    );
    console.log(`  (b)  collector pipeline, ${o.inFlight} pages in flight       ${rate(pipe)}`);
    console.log(`  (b') same, with the source's JSON.parse          ${rate(pipeJson)}`);
    console.log(
      `       written ${fmt(pipe.stats.pointsWritten)} (of them spooled ${fmt(pipe.stats.pointsSpooled)}), ${fmt(pipe.stats.evaluateJobs)} evaluate jobs, ${fmt(pipe.stats.snapshot().rejected)} rejected`,
    );
    console.log(
      `  (c)  ratio (b)/(a) ${ratio.toFixed(2)}   target ≥ 0.70: ${ratio >= 0.7 ? 'met' : 'NOT met'};` +
        ` (b) ≥ 100,000 points/s: ${pipe.pointsPerSecond >= 100_000 ? 'met' : 'NOT met'};` +
        ` (b')/(a) ${(pipeJson.pointsPerSecond / raw.pointsPerSecond).toFixed(2)};` +
        ` (b)/raw ${o.inFlight} at a time ${(pipe.pointsPerSecond / rawParallel.pointsPerSecond).toFixed(2)}`,
    );
    if (counts.some((n) => n !== o.points))
      throw new Error(`point count mismatch: ${counts.join(', ')}; expected ${o.points} each`);
    return {
      raw: raw.pointsPerSecond,
      rawParallel: rawParallel.pointsPerSecond,
      pipe: pipe.pointsPerSecond,
      pipeJson: pipeJson.pointsPerSecond,
    };
  } finally {
    await Promise.allSettled(Object.values(dbs).map((db) => influx.drop(db)));
    await deleteKeys(redis, prefix);
  }
}

async function main(): Promise<void> {
  const o = options();
  const influx = new Influx(o.influx);
  const redis = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const deadline = setTimeout(() => {
    console.error(`benchmark exceeded --max-seconds ${o.maxSeconds}; giving up`);
    process.exit(2);
  }, o.maxSeconds * 1000);
  deadline.unref();
  try {
    const cpu = cpus();
    console.log(
      `ingest benchmark: ${fmt(o.points)} points (${o.sensors} heat stations, 4 fields each), batches of ${fmt(o.batch)}`,
    );
    console.log(
      `machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores; Node ${process.version}; ` +
        `InfluxDB ${await influx.version()} at ${new URL(o.influx.url).host}; Redis at ${new URL(o.redisUrl).host}`,
    );
    const results: RunResult[] = [];
    for (let run = 1; run <= o.runs; run++) results.push(await runOnce(o, influx, redis, run));
    if (results.length > 1) {
      const median = (pick: (r: RunResult) => number) =>
        results.map(pick).sort((a, b) => a - b)[Math.floor(results.length / 2)]!;
      const raw = median((r) => r.raw);
      const pipe = median((r) => r.pipe);
      console.log(
        `\nmedian of ${results.length} runs: (a) ${fmt(raw)}  (b) ${fmt(pipe)}  (b') ${fmt(median((r) => r.pipeJson))} points/s;` +
          ` ratio of medians ${(pipe / raw).toFixed(2)}`,
      );
    }
  } finally {
    clearTimeout(deadline);
    await redis.quit();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
