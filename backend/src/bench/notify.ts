/**
 * Notification delivery benchmark (not a test):
 * `npm run bench:notify [-- --count 20000 --rounds 2 --targets 200 --workers 1 --concurrency N --rate N --answer-ms N --profile dir]`.
 *
 * On the real Redis and PostgreSQL (loopback only: REDIS_URL, and TEST_DATABASE_URL or
 * DATABASE_URL, on which it creates a database of its own), with a Redis key prefix of its own;
 * everything is removed afterwards:
 *
 *   1. migrates the database and opens `--incidents` incidents (the deliveries' timelines);
 *   2. starts a webhook receiver on 127.0.0.1 that checks every request's HMAC signature as a real
 *      receiver would and counts delivery ids (first receipts and repeats), and `--workers` built
 *      worker processes (dist/worker.js), with the per-target rate limit raised above what one
 *      target gets in the whole run, so the limiter is consulted but never defers;
 *   3. per round, enqueues `--count` webhook deliveries spread over `--targets` targets as
 *      NotificationsService.enqueue does (job id = delivery id, NOTIFY_ATTEMPTS, backoff), as fast
 *      as it can or at `--rate` per second, and waits until every delivery's row is sent;
 *   4. prints deliveries per second (first enqueue → last row sent) against the 2,000/s target,
 *      enqueue → receipt latency, repeated receipts (must be 0), PostgreSQL transactions per
 *      delivery, the time a job spends in the worker, CPU per process, and Redis memory before the
 *      first round and after each (INFO used_memory, and the keys under the benchmark's prefix).
 *
 * Exits non-zero when a service is unreachable, the backend is not built, a delivery is missing,
 * failed or received twice, or the run exceeds `--max-seconds`.
 */
import { machineBusySeconds, pidsByCommand, processCpuSeconds } from './proc-cpu.js';
import { deleteKeysMatching } from './redis-keys.js';
import { UsageError, wholeNumberOption } from './options.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DISTRICT_CODES,
  type DeliverNotificationJob,
  type Incident,
  JobName,
  QueueName,
  deliveryIdOf,
  redisKeys,
} from '@cityops/contracts';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadConfig } from '../config/app-config.js';
import type { Database } from '../infra/database/database.js';
import { openDatabase } from '../infra/database/open-database.js';
import { JobQueue } from '../infra/queue/job-queue.js';
import { IncidentsRepository } from '../modules/incidents/incidents.repository.js';

const WORKER = fileURLToPath(new URL('../worker.js', import.meta.url));
const PROFILE_HOOK = fileURLToPath(new URL('./profile-worker.js', import.meta.url));
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const TARGET_PER_SECOND = 2_000;
/** Adds in flight when enqueueing as fast as possible. */
const ENQUEUE_IN_FLIGHT = 64;
const SIGNATURE_MAX_AGE_S = 300;

interface Options {
  count: number;
  rounds: number;
  targets: number;
  incidents: number;
  workers: number;
  /** NOTIFY_CONCURRENCY for the workers; unset: the backend's default. */
  concurrency: number | undefined;
  /** Enqueues per second; 0: as fast as possible. */
  rate: number;
  /** The receiver answers after this long, as a remote one would (0: at once). */
  answerMs: number;
  maxSeconds: number;
  /** A directory for the workers' CPU profiles (`node --cpu-prof`), or unset. */
  profile: string | undefined;
  redisUrl: string;
  adminDatabaseUrl: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '20000' },
      rounds: { type: 'string', default: '2' },
      targets: { type: 'string', default: '200' },
      incidents: { type: 'string', default: '100' },
      workers: { type: 'string', default: '1' },
      concurrency: { type: 'string' },
      rate: { type: 'string', default: '0' },
      'answer-ms': { type: 'string', default: '0' },
      'max-seconds': { type: 'string', default: '1200' },
      profile: { type: 'string' },
    },
  });
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const adminDatabaseUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminDatabaseUrl)
    throw new UsageError(
      'TEST_DATABASE_URL (or DATABASE_URL) is not set: the benchmark needs PostgreSQL ' +
        '(bash deploy/local/services.sh up && source .data/services.env)',
    );
  for (const [name, url] of [
    ['REDIS_URL', redisUrl],
    ['TEST_DATABASE_URL', adminDatabaseUrl],
  ] as const)
    if (!LOOPBACK.has(new URL(url).hostname))
      throw new UsageError(`${name} must point at this machine (loopback) for the benchmark`);
  return {
    count: wholeNumberOption('count', values.count, 100, 200_000),
    rounds: wholeNumberOption('rounds', values.rounds, 1, 5),
    targets: wholeNumberOption('targets', values.targets, 1, 10_000),
    incidents: wholeNumberOption('incidents', values.incidents, 1, 10_000),
    workers: wholeNumberOption('workers', values.workers, 1, 4),
    concurrency:
      values.concurrency === undefined
        ? undefined
        : wholeNumberOption('concurrency', values.concurrency, 1, 256),
    rate: wholeNumberOption('rate', values.rate, 0, 100_000),
    answerMs: wholeNumberOption('answer-ms', values['answer-ms'], 0, 5_000),
    maxSeconds: wholeNumberOption('max-seconds', values['max-seconds'], 30, 3_600),
    // npm runs the script in backend/: a relative directory is meant from where npm was started.
    profile: values.profile && resolve(process.env.INIT_CWD ?? process.cwd(), values.profile),
    redisUrl,
    adminDatabaseUrl,
  };
}

// ---- services ----

async function checkRedis(url: string): Promise<string> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let cause: unknown = null;
  probe.on('error', (error: unknown) => (cause ??= error));
  try {
    await probe.connect();
    const info = await probe.info('server');
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } catch (error) {
    throw new UsageError(
      `Redis at ${url} is not reachable (${describe(cause ?? error)}): start the services ` +
        '(bash deploy/local/services.sh up && source .data/services.env)',
    );
  } finally {
    probe.disconnect();
  }
}

async function withPg<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function checkPostgres(url: string): Promise<string> {
  try {
    return await withPg(url, async (c) => {
      const { rows } = await c.query<{ v: string }>(
        "SELECT current_setting('server_version') AS v",
      );
      return rows[0]!.v;
    });
  } catch (error) {
    const where = new URL(url);
    throw new UsageError(
      `PostgreSQL at ${where.host} is not reachable (${describe(error)}): start the services ` +
        '(bash deploy/local/services.sh up && source .data/services.env)',
    );
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return describe(error.errors[0]);
  const code = (error as { code?: string }).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

// ---- the webhook receiver ----

/**
 * Target i is POST /hook/i with its own secret. Checks the signature and its age as docs/notifications.md
 * tells a receiver to, and records the first receipt of each delivery id (X-CityOps-Delivery).
 */
class Receiver {
  readonly firstReceipt = new Map<string, number>();
  repeated = 0;
  rejected = 0;
  private server!: Server;
  base = '';

  constructor(
    private readonly secretOf: (target: number) => string,
    private readonly answerMs: number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = performance.now();
      const target = /^\/hook\/(\d+)$/.exec(req.url ?? '')?.[1];
      const body = Buffer.concat(chunks);
      if (target === undefined || !this.signed(req, body, this.secretOf(Number(target)))) {
        this.rejected += 1;
        res.writeHead(401).end();
        return;
      }
      const deliveryId = decodeURIComponent(String(req.headers['x-cityops-delivery'] ?? ''));
      if (this.firstReceipt.has(deliveryId)) this.repeated += 1;
      else this.firstReceipt.set(deliveryId, at);
      if (this.answerMs === 0) res.writeHead(204).end();
      else setTimeout(() => res.writeHead(204).end(), this.answerMs);
    });
  }

  private signed(req: IncomingMessage, body: Buffer, secret: string): boolean {
    const timestamp = String(req.headers['x-cityops-timestamp'] ?? '');
    const signature = Buffer.from(String(req.headers['x-cityops-signature'] ?? ''));
    const expected = Buffer.from(
      `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`,
    );
    const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= SIGNATURE_MAX_AGE_S;
    return fresh && signature.length === expected.length && timingSafeEqual(signature, expected);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

// ---- worker processes ----

interface WorkerProcess {
  pid: number;
  running(): boolean;
  tail(): string;
  stop(): Promise<void>;
}

const LIVE = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of LIVE) child.kill('SIGKILL');
});

function startWorker(
  name: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): WorkerProcess {
  const child = spawn(process.execPath, [...nodeArgs, WORKER], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  LIVE.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line) lines.push(line);
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      LIVE.delete(child);
      exitCode = code ?? (signal ? 128 : 1);
      resolve();
    }),
  );
  return {
    pid: child.pid ?? -1,
    running: () => exitCode === null,
    tail: () => `--- ${name} (pid ${child.pid}, last lines) ---\n${lines.join('\n')}`,
    async stop() {
      if (exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

// ---- CPU (Linux /proc) ----

type CpuSnapshot = Map<string, number>;

/**
 * CPU seconds so far of the workers, this process, Redis, PostgreSQL (every backend process:
 * they come and go with connections, so a new one counts from 0) and the whole machine.
 */
function cpuSnapshot(workers: WorkerProcess[]): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  workers.forEach((w, i) => snapshot.set(`worker ${i + 1}`, processCpuSeconds(w.pid) ?? 0));
  const own = process.cpuUsage();
  snapshot.set('benchmark', (own.user + own.system) / 1e6);
  for (const [label, names] of [
    ['redis', ['redis-server']],
    ['postgres', ['postgres', 'postmaster']],
  ] as const)
    for (const pid of [...pidsByCommand([...names]).values()].flat())
      snapshot.set(`${label}:${pid}`, processCpuSeconds(pid) ?? 0);
  snapshot.set('machine', machineBusySeconds() ?? 0);
  return snapshot;
}

/** CPU seconds used per process between two snapshots, "other" being the rest of the machine. */
function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Map<string, number> {
  const used = new Map<string, number>();
  for (const [key, value] of after) {
    if (key === 'machine') continue;
    const label = key.split(':')[0]!;
    used.set(label, (used.get(label) ?? 0) + value - (before.get(key) ?? 0));
  }
  const known = [...used.values()].reduce((a, b) => a + b, 0);
  used.set('other', Math.max(0, after.get('machine')! - before.get('machine')! - known));
  return used;
}

/** "worker 1 0.52 (2.4 ms), …": cores over the round and CPU ms per delivery. */
function cpuLine(used: Map<string, number>, seconds: number, deliveries: number): string {
  return [...used]
    .map(([label, s]) =>
      label === 'other'
        ? `other ${(s / seconds).toFixed(2)}`
        : `${label} ${(s / seconds).toFixed(2)} (${((s * 1000) / deliveries).toFixed(2)} ms)`,
    )
    .join(', ');
}

// ---- the run ----

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function until<T>(
  probe: () => Promise<T | undefined | null | false>,
  deadline: number,
  what: string,
): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function openIncidents(db: Database, count: number): Promise<Incident[]> {
  const incidents = new IncidentsRepository(db);
  return db.transaction(async (tx) => {
    const opened: Incident[] = [];
    for (let i = 0; i < count; i++) {
      const assetId = `WL-B${String(i + 1).padStart(5, '0')}`;
      opened.push(
        await incidents.insert(tx, {
          id: randomUUID(),
          key: `underpass-depth|${assetId}`,
          domain: 'waterlogging',
          ruleId: 'underpass-depth',
          assetId,
          assetName: `基准下穿 ${i + 1}`,
          district: DISTRICT_CODES[i % DISTRICT_CODES.length]!,
          severity: 'red',
          title: `基准下穿 ${i + 1}：积水 42 cm`,
          metric: 'depthCm',
          openedAt: new Date(),
          lastValue: 42,
          location: [117.2 + (i % 50) * 0.001, 39.13 + Math.floor(i / 50) * 0.001],
        }),
      );
    }
    return opened;
  });
}

interface RedisFootprint {
  usedMemory: number;
  keys: number;
  keyBytes: number;
  completedJobs: number;
}

async function redisFootprint(redis: Redis, prefix: string): Promise<RedisFootprint> {
  const usedMemory = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? NaN);
  let keys = 0;
  let keyBytes = 0;
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    keys += batch.length;
    if (batch.length) {
      const pipeline = redis.pipeline();
      for (const key of batch) pipeline.memory('USAGE', key);
      for (const [, bytes] of (await pipeline.exec()) ?? []) keyBytes += Number(bytes ?? 0);
    }
    cursor = next;
  } while (cursor !== '0');
  const completedJobs = await redis.zcard(
    `${redisKeys(prefix).bull}:${QueueName.Notifications}:completed`,
  );
  return { usedMemory, keys, keyBytes, completedJobs };
}

const footprintLine = (f: RedisFootprint) =>
  `used_memory ${mib(f.usedMemory)} (the whole Redis); under the prefix ${fmt(f.keys)} keys, ${mib(f.keyBytes)}; ` +
  `completed jobs kept ${fmt(f.completedJobs)}`;

interface RoundResult {
  round: number;
  enqueueMs: number;
  wallMs: number;
  perSecond: number;
  middlePerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  repeated: number;
  transactionsPerDelivery: number;
  jobP50: number;
  jobP95: number;
  inFlight: number;
  cpu: string;
  redis: RedisFootprint;
}

/** What one run works with. */
interface Setup {
  o: Options;
  queue: JobQueue;
  receiver: Receiver;
  /** On the benchmark's database. */
  pool: pg.Pool;
  database: string;
  redis: Redis;
  prefix: string;
  workers: WorkerProcess[];
  incidents: Incident[];
  /** Epoch ms after which waiting gives up. */
  deadline: number;
}

class Bench {
  private readonly enqueuedAt = new Map<string, number>();
  private readonly o: Options;
  private readonly queue: JobQueue;
  private readonly receiver: Receiver;
  private readonly pool: pg.Pool;
  private readonly redis: Redis;
  private readonly workers: WorkerProcess[];

  constructor(private readonly setup: Setup) {
    this.o = setup.o;
    this.queue = setup.queue;
    this.receiver = setup.receiver;
    this.pool = setup.pool;
    this.redis = setup.redis;
    this.workers = setup.workers;
  }

  private job(round: number, k: number): DeliverNotificationJob {
    const { incidents } = this.setup;
    const incident = incidents[k % incidents.length]!;
    const target = k % this.o.targets;
    const recipient = `bench-${k}`;
    return {
      deliveryId: deliveryIdOf({
        incidentId: incident.id,
        step: round,
        recipient,
        channel: 'webhook',
      }),
      incidentId: incident.id,
      recipient,
      target: {
        kind: 'webhook',
        url: `${this.receiver.base}/hook/${target}`,
        secret: secretOf(target),
      },
      message: {
        kind: 'incident_opened',
        incident,
        rule: { name: '下穿积水', threshold: 25, direction: 'above' },
        step: 0,
        acknowledgeUrl: null,
      },
    };
  }

  /** As NotificationsService.enqueue: job id = delivery id, its attempts and backoff. */
  private async enqueue(job: DeliverNotificationJob, attempts: number, backoffMs: number) {
    this.enqueuedAt.set(job.deliveryId, performance.now());
    await this.queue.add(JobName.DeliverNotification, job, job.deliveryId, {
      attempts,
      backoff: { type: 'exponential', delay: backoffMs },
    });
  }

  /** Enqueues the round's deliveries; returns their ids. */
  private async enqueueAll(round: number, attempts: number, backoffMs: number): Promise<string[]> {
    const ids: string[] = [];
    const started = performance.now();
    let next = 0;
    const due = () =>
      this.o.rate === 0
        ? this.o.count
        : Math.min(
            this.o.count,
            Math.floor(((performance.now() - started) / 1000) * this.o.rate) + 1,
          );
    await Promise.all(
      Array.from({ length: ENQUEUE_IN_FLIGHT }, async () => {
        while (next < this.o.count) {
          if (next >= due()) {
            await sleep(1);
            continue;
          }
          const job = this.job(round, next++);
          ids.push(job.deliveryId);
          await this.enqueue(job, attempts, backoffMs);
        }
      }),
    );
    return ids;
  }

  private async transactions(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1',
      [this.setup.database],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** The worker side of the round's last jobs (BullMQ keeps the last 5,000 completed). */
  private async jobTimes(since: number): Promise<{ handling: number[]; busyMs: number }> {
    const bull = `${redisKeys(this.setup.prefix).bull}:${QueueName.Notifications}`;
    const ids = await this.redis.zrange(`${bull}:completed`, 0, -1);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hmget(`${bull}:${id}`, 'processedOn', 'finishedOn');
    const handling: number[] = [];
    let first = Infinity;
    let last = 0;
    for (const [, value] of (await pipeline.exec()) ?? []) {
      const [processedOn, finishedOn] = (value as (string | null)[]).map(Number);
      if (!processedOn || !finishedOn || processedOn < since) continue;
      handling.push(finishedOn - processedOn);
      first = Math.min(first, processedOn);
      last = Math.max(last, finishedOn);
    }
    handling.sort((a, b) => a - b);
    return { handling, busyMs: last - first };
  }

  async round(round: number, attempts: number, backoffMs: number): Promise<RoundResult> {
    const { count } = this.o;
    const received = this.receiver.firstReceipt.size;
    const repeatedBefore = this.receiver.repeated;
    const transactionsBefore = await this.transactions();
    const cpuBefore = cpuSnapshot(this.workers);
    const startedAt = Date.now();
    const started = performance.now();

    const ids = await this.enqueueAll(round, attempts, backoffMs);
    const enqueueMs = performance.now() - started;
    await until(
      async () => {
        for (const w of this.workers)
          if (!w.running()) throw new Error(`a worker exited\n${w.tail()}`);
        if (this.receiver.rejected) throw new Error('the receiver refused signatures');
        return this.receiver.firstReceipt.size - received >= count;
      },
      this.setup.deadline,
      `round ${round}: ${fmt(count)} deliveries at the receiver (${fmt(this.receiver.firstReceipt.size - received)} so far)`,
    );
    const rows = await until(
      async () => {
        const { rows } = await this.pool.query<{ sent: number; failed: number; last: number }>(
          `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent,
                  count(*) FILTER (WHERE status = 'failed')::int AS failed,
                  (extract(epoch FROM max(sent_at)) * 1000)::float8 AS last
             FROM notification_deliveries WHERE split_part(delivery_id, '|', 2) = $1`,
          [String(round)],
        );
        if (rows[0]!.failed)
          throw new Error(`round ${round}: ${rows[0]!.failed} deliveries failed`);
        return rows[0]!.sent === count ? rows[0]! : undefined;
      },
      this.setup.deadline,
      `round ${round}: every deliveries row sent`,
    );
    const wallMs = rows.last - startedAt;
    const cpu = cpuLine(cpuBetween(cpuBefore, cpuSnapshot(this.workers)), wallMs / 1000, count);

    const receipts = ids.map((id) => this.receiver.firstReceipt.get(id)!).sort((a, b) => a - b);
    const latencies = ids
      .map((id) => this.receiver.firstReceipt.get(id)! - this.enqueuedAt.get(id)!)
      .sort((a, b) => a - b);
    const tenth = Math.floor(count / 10);
    const middlePerSecond =
      ((count - 2 * tenth) / (receipts[count - tenth - 1]! - receipts[tenth]!)) * 1000;
    this.enqueuedAt.clear();

    // A PostgreSQL backend reports its counts to pg_stat_database within 10 s of going idle.
    await sleep(11_000);
    const transactionsPerDelivery = ((await this.transactions()) - transactionsBefore) / count;
    const jobs = await this.jobTimes(startedAt);
    const busy = jobs.handling.reduce((a, b) => a + b, 0);
    return {
      round,
      enqueueMs,
      wallMs,
      perSecond: (count / wallMs) * 1000,
      middlePerSecond,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      repeated: this.receiver.repeated - repeatedBefore,
      transactionsPerDelivery,
      jobP50: percentile(jobs.handling, 50),
      jobP95: percentile(jobs.handling, 95),
      inFlight: jobs.busyMs > 0 ? busy / jobs.busyMs : NaN,
      cpu,
      redis: await redisFootprint(this.redis, this.setup.prefix),
    };
  }
}

/** Each target's own webhook secret. */
const secretOf = (target: number) => `bench-webhook-secret-${target}`;

function printRound(r: RoundResult, o: Options, rejected: number): void {
  console.log(
    `\nround ${r.round}: enqueued ${fmt(o.count)} in ${seconds(r.enqueueMs)} (${fmt((o.count / r.enqueueMs) * 1000)}/s)`,
  );
  console.log(
    `  ${fmt(r.perSecond)} deliveries/s (first enqueue → last row sent, ${seconds(r.wallMs)}); ` +
      `middle 80 % of receipts ${fmt(r.middlePerSecond)}/s; ${(r.perSecond / TARGET_PER_SECOND).toFixed(2)} × the ${fmt(TARGET_PER_SECOND)}/s target`,
  );
  console.log(
    `  enqueue → receipt: p50 ${seconds(r.p50)}, p95 ${seconds(r.p95)}, p99 ${seconds(r.p99)}; ` +
      `received twice: ${r.repeated}; refused signatures: ${rejected}`,
  );
  console.log(
    `  one job in the worker (processedOn → finishedOn, last ${fmt(Math.min(o.count, 5_000))}): p50 ${seconds(r.jobP50)}, p95 ${seconds(r.jobP95)}; ` +
      `${r.inFlight.toFixed(1)} jobs in flight on average; ${r.transactionsPerDelivery.toFixed(2)} PostgreSQL transactions per delivery`,
  );
  console.log(`  CPU, cores (ms per delivery): ${r.cpu}`);
  console.log(`  Redis after: ${footprintLine(r.redis)}`);
}

async function main(): Promise<void> {
  const o = options();
  if (!existsSync(WORKER))
    throw new UsageError(`${WORKER} missing: build the backend first (npm run bench:notify does)`);
  const deadline = Date.now() + o.maxSeconds * 1000;
  // Last resort when a service stops answering mid-run (Redis commands wait for a reconnect).
  setTimeout(
    () => {
      console.error(`no end ${o.maxSeconds + 60} s after the start: giving up without cleaning up`);
      process.exit(2);
    },
    (o.maxSeconds + 60) * 1000,
  ).unref();
  const [redisVersion, pgVersion] = [
    await checkRedis(o.redisUrl),
    await checkPostgres(o.adminDatabaseUrl),
  ];

  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const prefix = `cityops-bench-${id}`;
  const database = `cityops_bench_${id}`;
  const work = mkdtempSync(join(tmpdir(), 'cityops-bench-notify-'));
  const databaseUrl = new URL(o.adminDatabaseUrl);
  databaseUrl.pathname = `/${database}`;
  const redis = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const receiver = new Receiver(secretOf, o.answerMs);
  const workers: WorkerProcess[] = [];
  let db: Database | null = null;
  let pool: pg.Pool | null = null;
  let queue: JobQueue | null = null;
  let failure: unknown = null;

  console.log(
    `notify benchmark: ${fmt(o.count)} webhook deliveries × ${o.rounds} round(s) over ${fmt(o.targets)} targets and ${fmt(o.incidents)} incidents; ` +
      `${o.workers} worker process(es), notifications concurrency ${o.concurrency ?? 'default'}; ` +
      `${o.rate ? `enqueued at ${fmt(o.rate)}/s` : 'enqueued as fast as possible'}; receiver answers ${o.answerMs ? `after ${o.answerMs} ms` : 'at once'}`,
  );
  console.log(
    `PostgreSQL ${pgVersion}, Redis ${redisVersion}, Node ${process.version}, ${cpus().length} CPUs, load ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  try {
    await withPg(o.adminDatabaseUrl, (c) => c.query(`CREATE DATABASE "${database}"`));
    db = await openDatabase({ DATABASE_URL: databaseUrl.href, DATA_DIR: work });
    const incidents = await openIncidents(db, o.incidents);
    pool = new pg.Pool({ connectionString: databaseUrl.href, max: 2 });
    await receiver.start();

    const perTarget = Math.ceil((o.count * o.rounds) / o.targets);
    const vars: Record<string, string> = {
      REDIS_URL: o.redisUrl,
      REDIS_PREFIX: prefix,
      DATABASE_URL: databaseUrl.href,
      DATA_DIR: work,
      INFLUX_URL: process.env.INFLUX_URL ?? 'http://127.0.0.1:8086/cityops',
      ADMIN_PASSWORD: randomBytes(12).toString('hex'),
      AUTH_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      ALERT_TICKS: 'off',
      WATCH_AUTO_RULES: 'none',
      NOTIFY_RATE_LIMITS: `webhook:${Math.min(999_999, perTarget + 1)}`,
      ...(o.concurrency ? { NOTIFY_CONCURRENCY: String(o.concurrency) } : {}),
    };
    const profile = o.profile
      ? ['--cpu-prof', `--cpu-prof-dir=${o.profile}`, '--import', PROFILE_HOOK]
      : [];
    for (let i = 0; i < o.workers; i++) workers.push(startWorker(`worker ${i + 1}`, vars, profile));
    if (o.profile) console.log(`workers' CPU profiles: ${o.profile}/*.cpuprofile (when they stop)`);
    const config = loadConfig(vars);
    queue = new JobQueue(redis, config);
    const notifications = queue.queue(QueueName.Notifications);
    await until(
      async () => {
        for (const w of workers) if (!w.running()) throw new Error(`a worker exited\n${w.tail()}`);
        return (await notifications.getWorkersCount()) >= o.workers;
      },
      Math.min(deadline, Date.now() + 90_000),
      'the workers to consume the notifications queue',
    );
    await sleep(1_000);
    const before = await redisFootprint(redis, prefix);
    console.log(`Redis before: ${footprintLine(before)}`);

    const bench = new Bench({
      o,
      queue,
      receiver,
      pool,
      database,
      redis,
      prefix,
      workers,
      incidents,
      deadline,
    });
    const results: RoundResult[] = [];
    for (let round = 1; round <= o.rounds; round++) {
      const result = await bench.round(round, config.NOTIFY_ATTEMPTS, config.NOTIFY_BACKOFF_MS);
      results.push(result);
      printRound(result, o, receiver.rejected);
    }
    const failed = await notifications.getJobCounts('failed', 'delayed', 'waiting', 'active');
    const repeated = results.reduce((n, r) => n + r.repeated, 0);
    console.log(
      `\nsummary: ${results.map((r) => fmt(r.perSecond)).join(', ')} deliveries/s ` +
        `(${results.map((r) => (r.perSecond / TARGET_PER_SECOND).toFixed(2)).join(', ')} × target); ` +
        `p50/p95 ${results.map((r) => `${seconds(r.p50)}/${seconds(r.p95)}`).join(', ')}; ` +
        `received twice ${repeated}; jobs failed ${failed.failed ?? 0}, left ${(failed.delayed ?? 0) + (failed.waiting ?? 0) + (failed.active ?? 0)}; ` +
        `Redis under the prefix ${mib(before.keyBytes)} before, ${results.map((r) => mib(r.redis.keyBytes)).join(' → ')}`,
    );
    if (repeated || receiver.rejected || failed.failed)
      throw new Error('deliveries were received twice, refused or failed (see above)');
  } catch (error) {
    failure = error;
    for (const w of workers) if (!(error instanceof UsageError)) console.error(w.tail());
  } finally {
    await queue?.onApplicationShutdown().catch(() => undefined);
    await Promise.all(workers.map((w) => w.stop()));
    await receiver.stop().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await db?.close().catch(() => undefined);
    await deleteKeysMatching(redis, `${prefix}:*`).catch((e: unknown) =>
      console.error(`Redis keys: ${describe(e)}`),
    );
    redis.disconnect();
    await withPg(o.adminDatabaseUrl, (c) =>
      c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
    ).catch((e: unknown) => console.error(`dropping ${database}: ${describe(e)}`));
    rmSync(work, { recursive: true, force: true });
  }
  if (failure) throw failure;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exit(1);
  },
);
