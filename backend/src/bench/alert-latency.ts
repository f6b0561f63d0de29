/**
 * Alert latency benchmark (not a test): `npm run bench:alert-latency [-- --rate N --seconds N ...]`.
 *
 * Starts the built backend (API, plus a worker process with PostgreSQL; PGlite runs the workers in
 * the API) and a collector with the MQTT source only, on loopback, with a throwaway Redis prefix,
 * InfluxDB database and PostgreSQL database (or PGlite directory). A Socket.IO client connects as a
 * console would. While a background load of `rate` readings per second is published over MQTT
 * (heat stations, four metrics each: one InfluxDB point per reading), `crossings` readings of
 * distinct indoor sensors crossing the indoor temperature threshold are published, spaced out, each
 * from its own MQTT connection's point of view as a sensor would; for each the time from the
 * publish to the `incident.opened` event at the client is measured.
 *
 * Afterwards every crossing is traced through the queues by its job timestamps (BullMQ's
 * `timestamp`, `processedOn`, `finishedOn`): publish → evaluate-readings job enqueued by the
 * collector → taken by the telemetry worker → transition enqueued → taken by the incidents worker →
 * applied → event received, so the output says where the time goes. Exits non-zero only on errors
 * (a process that does not start, a service that does not answer), never on missed targets.
 */
import { machineBusySeconds, pidsByCommand, processCpuSeconds } from './proc-cpu.js';
import { deleteKeysMatching } from './redis-keys.js';
import { wholeNumberOption } from './options.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  INFLUX_MEASUREMENTS,
  type Incident,
  LiveEvent,
  QueueName,
  readingTopic,
  redisKeys,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type MqttClient, connect } from 'mqtt';
import pg from 'pg';
import { type Socket, io } from 'socket.io-client';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = {
  api: join(ROOT, 'backend/dist/main.js'),
  worker: join(ROOT, 'backend/dist/worker.js'),
  collector: join(ROOT, 'collectors/dist/main.js'),
};
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const RULE = 'indoor-temp-low';
/** Below the rule's orange level (16 °C): the crossing raises an orange alert at once. */
const CROSSING_C = 15;
const TARGETS = { p50: 250, p99: 1000 };

interface Options {
  rate: number;
  seconds: number;
  warmupSeconds: number;
  crossings: number;
  sensors: number;
  qos: 0 | 1;
  database: 'postgres' | 'pglite';
  /** Collector overrides (unset: the collector's defaults). */
  flushMs: string | undefined;
  batchSize: string | undefined;
  timeoutSeconds: number;
  maxSeconds: number;
  keepLogs: boolean;
  /** `private`: a Mosquitto of the benchmark's own on a free port (default when installed). */
  broker: 'private' | 'shared';
  urls: { redis: string; influx: URL; mqtt: string; postgres: string | undefined };
}

/** The Mosquitto binary (Debian puts it in /usr/sbin, off a normal user's PATH), if installed. */
function mosquittoBinary(): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin'])
    if (dir && existsSync(join(dir, 'mosquitto'))) return join(dir, 'mosquitto');
  return null;
}

/** REDIS_URL etc. from the environment, else from .data/services.env (deploy/local/services.sh). */
function serviceUrls(): Record<string, string | undefined> {
  const fromFile: Record<string, string> = {};
  const file = join(ROOT, '.data/services.env');
  if (existsSync(file))
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^export ([A-Z_]+)='([^']*)'$/.exec(line.trim());
      if (m) fromFile[m[1]!] = m[2]!;
    }
  const pick = (name: string) => process.env[name] ?? fromFile[name];
  return {
    REDIS_URL: pick('REDIS_URL'),
    INFLUX_URL: pick('INFLUX_URL'),
    MQTT_URL: pick('MQTT_URL'),
    TEST_DATABASE_URL: pick('TEST_DATABASE_URL'),
  };
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '20000' },
      seconds: { type: 'string', default: '60' },
      'warmup-seconds': { type: 'string', default: '5' },
      crossings: { type: 'string', default: '240' },
      sensors: { type: 'string', default: '2000' },
      qos: { type: 'string', default: '1' },
      database: { type: 'string' },
      'flush-ms': { type: 'string' },
      'batch-size': { type: 'string' },
      'timeout-seconds': { type: 'string', default: '15' },
      'max-seconds': { type: 'string', default: '300' },
      'keep-logs': { type: 'boolean', default: false },
      broker: { type: 'string' },
    },
  });
  const env = serviceUrls();
  const broker = values.broker ?? (mosquittoBinary() ? 'private' : 'shared');
  if (broker !== 'private' && broker !== 'shared')
    throw new Error('--broker must be private or shared');
  if (broker === 'private' && !mosquittoBinary())
    throw new Error(
      '--broker private needs the mosquitto binary (deploy/local/services.sh installs it)',
    );
  const missing = ['REDIS_URL', 'INFLUX_URL', ...(broker === 'shared' ? ['MQTT_URL'] : [])].filter(
    (k) => !env[k],
  );
  if (missing.length)
    throw new Error(
      `${missing.join(', ')} not set: run \`bash deploy/local/services.sh up --for-tests && source .data/services.env\` first`,
    );
  const urls = {
    redis: env.REDIS_URL!,
    influx: new URL(env.INFLUX_URL!),
    mqtt: env.MQTT_URL ?? '',
    postgres: env.TEST_DATABASE_URL,
  };
  for (const [name, value] of [
    ['REDIS_URL', urls.redis],
    ['INFLUX_URL', urls.influx.href],
    ...(broker === 'shared' ? [['MQTT_URL', urls.mqtt]] : []),
    ...(urls.postgres ? [['TEST_DATABASE_URL', urls.postgres]] : []),
  ] as const)
    if (!LOOPBACK.has(new URL(value).hostname))
      throw new Error(`${name} must point at this machine (loopback) for the benchmark`);
  const database = values.database ?? (urls.postgres ? 'postgres' : 'pglite');
  if (database !== 'postgres' && database !== 'pglite')
    throw new Error('--database must be postgres or pglite');
  if (database === 'postgres' && !urls.postgres)
    throw new Error('--database postgres needs TEST_DATABASE_URL (services.sh up --for-tests)');
  const seconds = wholeNumberOption('seconds', values.seconds, 10, 600);
  const warmupSeconds = wholeNumberOption(
    'warmup-seconds',
    values['warmup-seconds'],
    0,
    seconds - 5,
  );
  const qos = wholeNumberOption('qos', values.qos, 0, 1) as 0 | 1;
  if (values['flush-ms'] !== undefined)
    wholeNumberOption('flush-ms', values['flush-ms'], 1, 60_000);
  if (values['batch-size'] !== undefined)
    wholeNumberOption('batch-size', values['batch-size'], 1, 50_000);
  return {
    rate: wholeNumberOption('rate', values.rate, 0, 200_000),
    seconds,
    warmupSeconds,
    crossings: wholeNumberOption('crossings', values.crossings, 1, 5_000),
    sensors: wholeNumberOption('sensors', values.sensors, 1, 20_000),
    qos,
    database,
    flushMs: values['flush-ms'],
    batchSize: values['batch-size'],
    timeoutSeconds: wholeNumberOption('timeout-seconds', values['timeout-seconds'], 1, 300),
    maxSeconds: wholeNumberOption('max-seconds', values['max-seconds'], 30, 3600),
    keepLogs: values['keep-logs'],
    broker,
    urls,
  };
}

// ---- child processes (as deploy/local/stack.mjs starts them) ----

/** Children still running; killed if the benchmark exits without stopping them. */
const LIVE = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of LIVE) child.kill('SIGKILL');
});

interface Launched {
  name: string;
  pid: number;
  exited: Promise<number>;
  running(): boolean;
  waitForLine(re: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  tail(): string;
  stop(): Promise<void>;
}

function launch(
  name: string,
  file: string,
  env: Record<string, string>,
  logDir: string,
  command: { bin: string; args: string[] } = { bin: process.execPath, args: [file] },
): Launched {
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(command.bin, command.args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a Ctrl-C reaches only the benchmark, which stops the children in order.
    detached: true,
  });
  LIVE.add(child);
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  let exitCode: number | null = null;
  const exited = new Promise<number>((resolve) =>
    child.once('exit', (code, signal) => {
      LIVE.delete(child);
      exitCode = code ?? (signal ? 128 : 1);
      log.end();
      resolve(exitCode);
    }),
  );
  const reader = () => {
    let rest = '';
    return (chunk: Buffer) => {
      const text = chunk.toString();
      log.write(text);
      const split = (rest + text).split('\n');
      rest = split.pop() ?? '';
      for (const line of split) {
        if (!line) continue;
        lines.push(line);
        if (lines.length > 50) lines.shift();
        for (const listener of listeners) listener(line);
      }
    };
  };
  child.stdout!.on('data', reader());
  child.stderr!.on('data', reader());
  return {
    name,
    pid: child.pid ?? -1,
    exited,
    running: () => exitCode === null,
    tail: () =>
      `--- ${name} (last lines; full log ${join(logDir, `${name}.log`)}) ---\n${lines.join('\n')}`,
    waitForLine(re, timeoutMs) {
      return new Promise((resolve, reject) => {
        const finish = (error: Error | null, match?: RegExpExecArray) => {
          clearTimeout(timer);
          listeners.delete(listener);
          if (error) reject(error);
          else resolve(match!);
        };
        const timer = setTimeout(
          () => finish(new Error(`${name}: no "${re.source}" within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
        const listener = (line: string) => {
          const match = re.exec(line);
          if (match) finish(null, match);
        };
        listeners.add(listener);
        void exited.then((code) => finish(new Error(`${name} exited with code ${code}`)));
      });
    },
    async stop() {
      if (exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

async function until<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  what: string,
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
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- CPU per process (Linux /proc) ----

const cpuSeconds = processCpuSeconds;

/** Local service processes by name (this benchmark only runs against loopback). */
function servicePids(): Map<string, number[]> {
  const labels = new Map([
    ['influxd', 'influxd'],
    ['redis-server', 'redis'],
    ['mosquitto', 'shared mosquitto'],
    ['postgres', 'postgres'],
  ]);
  const found = new Map<string, number[]>();
  for (const [comm, pids] of pidsByCommand([...labels.keys()])) found.set(labels.get(comm)!, pids);
  return found;
}

// ---- the benchmark ----

const isoTianjin = (ms: number) =>
  new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
const bgId = (i: number) => `ST-B${String(i + 1).padStart(5, '0')}`;
const crossingId = (i: number) => `IS-X${String(i + 1).padStart(4, '0')}`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : '–');
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

interface Crossing {
  sensorId: string;
  ts: number;
  /** Wall clock (ms since epoch) and monotonic clock at the publish call. */
  sentAt: number;
  sentMono: number;
  receivedMono?: number;
  receivedAt?: number;
}

class Influx {
  constructor(private readonly base: URL) {}
  url(database: string): string {
    const u = new URL(this.base.href);
    u.pathname = `/${database}`;
    return u.href;
  }
  async query(q: string, database?: string): Promise<unknown[][]> {
    const u = new URL('/query', this.base.origin);
    if (database) u.searchParams.set('db', database);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (this.base.username)
      headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(this.base.username)}:${decodeURIComponent(this.base.password)}`).toString('base64')}`;
    const response = await fetch(u, { method: 'POST', headers, body: new URLSearchParams({ q }) });
    const body = (await response.json()) as {
      results?: { error?: string; series?: { values?: unknown[][] }[] }[];
      error?: string;
    };
    const error = body.error ?? body.results?.find((r) => r.error)?.error;
    if (!response.ok || error) throw new Error(`InfluxDB: ${error ?? response.status} for ${q}`);
    return body.results?.[0]?.series?.[0]?.values ?? [];
  }
}

async function withPg<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function mqttClient(url: string, clientId: string): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = connect(url, { clientId, clean: true, protocolVersion: 5, reconnectPeriod: 0 });
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}

async function run(o: Options): Promise<void> {
  for (const [name, file] of Object.entries(BIN))
    if (!existsSync(file))
      throw new Error(`${file} missing (${name}): build first (npm run bench:alert-latency does)`);

  const id = randomBytes(4).toString('hex');
  const prefix = `cityops-bench-${id}`;
  const influxDb = `cityops_bench_${id}_alert`;
  const pgDb = `cityops_bench_${id}_alert`;
  const work = mkdtempSync(join(tmpdir(), 'cityops-bench-alert-'));
  const logDir = join(work, 'logs');
  mkdirSync(logDir);
  const influx = new Influx(o.urls.influx);
  const redis = new Redis(o.urls.redis, { maxRetriesPerRequest: null });
  const children: Launched[] = [];
  const clients: { end(): unknown }[] = [];
  let databaseUrl: string | undefined;
  let failed = false;

  const cpu = cpus();
  console.log(
    `alert latency benchmark: ${fmt(o.rate)} background readings/s over MQTT (QoS ${o.qos}) from ${fmt(o.sensors)} heat stations for ${o.seconds} s, ` +
      `${o.crossings} threshold crossings; ${o.database === 'postgres' ? 'PostgreSQL, API + worker process' : 'PGlite, workers in the API'}; ` +
      `collector MQTT_BATCH_SIZE ${o.batchSize ?? '(default 1000)'}, MQTT_FLUSH_MS ${o.flushMs ?? '(default 50)'}; ` +
      `${o.broker === 'private' ? 'a private Mosquitto' : `the shared broker ${new URL(o.urls.mqtt).host}`}`,
  );
  console.log(
    `machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores; Node ${process.version}; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );

  try {
    await influx.query(`CREATE DATABASE "${influxDb}"`);
    await influx.query(
      `CREATE RETENTION POLICY "raw" ON "${influxDb}" DURATION 90d REPLICATION 1 DEFAULT`,
    );
    if (o.database === 'postgres') {
      await withPg(o.urls.postgres!, (c) => c.query(`CREATE DATABASE "${pgDb}"`));
      const u = new URL(o.urls.postgres!);
      u.pathname = `/${pgDb}`;
      databaseUrl = u.href;
    }
    let mqttUrl = o.urls.mqtt;
    if (o.broker === 'private') {
      // The collectors' topic (cityops/+/+/reading) is fixed, so on a shared broker every other
      // collector's session would get the benchmark's readings too (and this one theirs): a broker
      // of its own, configured like deploy/local's (max_queued_messages raised: docs/collectors.md).
      const brokerPort = await freePort();
      const conf = join(work, 'mosquitto.conf');
      writeFileSync(
        conf,
        [
          `listener ${brokerPort} 127.0.0.1`,
          'allow_anonymous true',
          'max_queued_messages 200000',
          'persistence false',
          'log_dest stderr',
          'log_type error',
          'log_type warning',
          ...(process.getuid?.() === 0 ? ['user root'] : []),
        ].join('\n') + '\n',
      );
      const broker = launch('broker', conf, {}, logDir, {
        bin: mosquittoBinary()!,
        args: ['-c', conf],
      });
      children.push(broker);
      mqttUrl = `mqtt://127.0.0.1:${brokerPort}`;
      await until(
        async () => {
          if (!broker.running()) throw new Error(`the broker exited\n${broker.tail()}`);
          const client = await mqttClient(mqttUrl, `cityops-bench-${id}-probe`);
          client.end(true);
          return true;
        },
        15_000,
        'the private MQTT broker',
      );
    }
    const port = await freePort();
    const password = randomBytes(12).toString('hex');
    const backendEnv: Record<string, string> = {
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: o.urls.redis,
      REDIS_PREFIX: prefix,
      INFLUX_URL: influx.url(influxDb),
      DATA_DIR: join(work, 'data'),
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: password,
      AUTH_SECRET: randomBytes(32).toString('hex'),
      CONSOLE_DIR: join(work, 'no-console'),
      LOG_LEVEL: 'warn',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, WORKERS_IN_API: 'false' } : {}),
    };
    const api = launch('api', BIN.api, backendEnv, logDir);
    children.push(api);
    if (databaseUrl) children.push(launch('worker', BIN.worker, backendEnv, logDir));
    const base = `http://127.0.0.1:${port}`;
    await until(
      async () => {
        if (!api.running()) throw new Error(`api exited\n${api.tail()}`);
        return (await fetch(`${base}/api/health/ready`)).ok;
      },
      90_000,
      'the API',
    );
    const telemetry = new Queue(QueueName.Telemetry, {
      connection: redis,
      prefix: redisKeys(prefix).bull,
    });
    const incidents = new Queue(QueueName.Incidents, {
      connection: redis,
      prefix: redisKeys(prefix).bull,
    });
    clients.push({ end: () => telemetry.close() }, { end: () => incidents.close() });
    await until(async () => (await telemetry.getWorkersCount()) >= 1, 90_000, 'a telemetry worker');

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status}`);
    const { token } = (await login.json()) as { token: string };
    const rows = ['id,domain,kind,name,district,lng,lat,parentId'];
    for (let i = 0; i < o.sensors; i++)
      rows.push(
        `${bgId(i)},heating,heat_station,基准换热站 ${i + 1},,${(117.19 + (i % 50) * 0.0004).toFixed(4)},${(39.11 + Math.floor(i / 50) * 0.0004).toFixed(4)},`,
      );
    for (let i = 0; i < o.crossings; i++)
      rows.push(
        `${crossingId(i)},heating,indoor_sensor,基准室温 ${i + 1},,${(117.2 + (i % 40) * 0.0004).toFixed(4)},${(39.12 + Math.floor(i / 40) * 0.0004).toFixed(4)},`,
      );
    const imported = await fetch(`${base}/api/assets/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: `${rows.join('\n')}\n`,
    });
    const importBody = (await imported.json()) as { imported?: number; rejected?: unknown[] };
    if (!imported.ok || importBody.rejected?.length)
      throw new Error(`asset import failed: ${JSON.stringify(importBody).slice(0, 500)}`);

    const metricsPort = await freePort();
    const collector = launch(
      'collector',
      BIN.collector,
      {
        REDIS_URL: o.urls.redis,
        REDIS_PREFIX: prefix,
        INFLUX_URL: influx.url(influxDb),
        SOURCES: 'mqtt',
        MQTT_URL: mqttUrl,
        MQTT_CLIENT_ID: `cityops-bench-${id}`,
        // The benchmark's session must not outlive it on the broker.
        MQTT_SESSION_EXPIRY_S: '60',
        COLLECTOR_STATE_DIR: join(work, 'collector'),
        COLLECTOR_METRICS_PORT: String(metricsPort),
        COLLECTOR_INSTANCE_ID: `bench-${id}`,
        LOG_LEVEL: 'info',
        ...(o.flushMs ? { MQTT_FLUSH_MS: o.flushMs } : {}),
        ...(o.batchSize ? { MQTT_BATCH_SIZE: o.batchSize } : {}),
      },
      logDir,
    );
    children.push(collector);
    await collector.waitForLine(/mqtt subscribed/, 60_000);

    const socket: Socket = io(base, {
      path: '/socket.io',
      auth: { token },
      transports: ['websocket'],
    });
    clients.push({ end: () => socket.disconnect() });
    const pending = new Map<string, Crossing>();
    const crossings: Crossing[] = [];
    socket.on(LiveEvent.IncidentOpened, (incident: Incident) => {
      const crossing = incident.assetId ? pending.get(incident.assetId) : undefined;
      if (!crossing || crossing.receivedMono !== undefined) return;
      crossing.receivedMono = performance.now();
      crossing.receivedAt = Date.now();
      pending.delete(incident.assetId!);
    });
    await until(async () => socket.connected, 10_000, 'the Socket.IO connection');

    const background = await mqttClient(mqttUrl, `cityops-bench-${id}-load`);
    const sensorClient = await mqttClient(mqttUrl, `cityops-bench-${id}-sensors`);
    clients.push({ end: () => background.end(true) }, { end: () => sensorClient.end(true) });

    // CPU from here on (the measured window).
    // Service processes come and go (PostgreSQL forks one per connection): each is counted from
    // its value at the start, or from 0 when it appeared during the window.
    const own = new Set(children.map((c) => c.pid));
    const pidStart = new Map<number, number>();
    const cpuOf = (atStart: boolean) => {
      const out = new Map<string, number>();
      for (const child of children) out.set(child.name, cpuSeconds(child.pid) ?? 0);
      const usage = process.cpuUsage();
      out.set('benchmark', (usage.user + usage.system) / 1e6);
      for (const [label, pids] of servicePids()) {
        let used = 0;
        for (const pid of pids) {
          if (own.has(pid)) continue;
          const now = cpuSeconds(pid) ?? 0;
          if (atStart) pidStart.set(pid, now);
          else used += now - (pidStart.get(pid) ?? 0);
        }
        out.set(label, used);
      }
      out.set('machine', machineBusySeconds() ?? 0);
      return out;
    };
    const cpuBefore = cpuOf(true);
    for (const label of ['influxd', 'redis', 'shared mosquitto', 'postgres'])
      cpuBefore.set(label, 0);

    // Background load: `rate` readings per second, round robin over the heat stations.
    const started = performance.now();
    const startedAt = Date.now();
    let sent = 0;
    let acked = 0;
    let publishErrors = 0;
    let ackedAtWarmupEnd: number | null = null;
    let ackedAtEnd = 0;
    const maxOutstanding = Math.max(2_000, o.rate);
    const perSensorCap = o.sensors;
    const onAck = (error?: Error) => {
      if (error) publishErrors += 1;
      else acked += 1;
    };
    const loadTimer = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed >= o.seconds) return;
      if (ackedAtWarmupEnd === null && elapsed >= o.warmupSeconds) ackedAtWarmupEnd = acked;
      let due = Math.floor(Math.min(o.rate * elapsed - sent, perSensorCap, o.rate / 20));
      if (o.qos === 1 && sent - acked > maxOutstanding) due = 0;
      if (due <= 0) return;
      const ts = isoTianjin(Date.now());
      for (let k = 0; k < due; k++) {
        const n = sent + k;
        const station = n % o.sensors;
        const step = Math.floor(n / o.sensors);
        const payload =
          `{"ts":"${ts}","metrics":{"supplyTempC":${(55 + ((step * 7 + station) % 60) / 10).toFixed(1)},` +
          `"returnTempC":${(42 + ((step * 3 + station) % 50) / 10).toFixed(1)},` +
          `"flowM3h":${(80 + ((step * 11 + station) % 90) / 10).toFixed(1)},"pumpOn":1}}`;
        background.publish(readingTopic('heating', bgId(station)), payload, { qos: o.qos }, onAck);
      }
      sent += due;
    }, 5);

    // The crossings, spaced out over the loaded window after the warm-up.
    const window = (o.seconds - o.warmupSeconds - 3) * 1000;
    const spacing = window / o.crossings;
    for (let i = 0; i < o.crossings; i++) {
      const at = o.warmupSeconds * 1000 + i * spacing;
      const wait = at - (performance.now() - started);
      if (wait > 0) await sleep(wait);
      const ts = Date.now();
      const crossing: Crossing = {
        sensorId: crossingId(i),
        ts,
        sentAt: ts,
        sentMono: performance.now(),
      };
      pending.set(crossing.sensorId, crossing);
      crossings.push(crossing);
      sensorClient.publish(
        readingTopic('heating', crossing.sensorId),
        JSON.stringify({ ts: isoTianjin(ts), metrics: { indoorTempC: CROSSING_C } }),
        { qos: 1 },
      );
    }
    const remaining = o.seconds * 1000 - (performance.now() - started);
    if (remaining > 0) await sleep(remaining);
    clearInterval(loadTimer);
    ackedAtEnd = acked;
    const loadSeconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuOf(false);
    await until(
      async () => pending.size === 0,
      o.timeoutSeconds * 1000,
      'the last crossings',
    ).catch(() => undefined);

    // ---- results ----
    const latencies = crossings
      .filter((c) => c.receivedMono !== undefined)
      .map((c) => c.receivedMono! - c.sentMono)
      .sort((a, b) => a - b);
    const missed = crossings.length - latencies.length;
    const measuredLoad = ackedAtEnd - (ackedAtWarmupEnd ?? 0);
    const achieved = measuredLoad / Math.max(0.001, loadSeconds - o.warmupSeconds);
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    const p99 = missed > 0 ? Infinity : percentile(latencies, 99);
    const max = missed > 0 ? Infinity : (latencies.at(-1) ?? NaN);

    const stored = await influx
      .query(`SELECT count("supplyTempC") FROM "raw"."${INFLUX_MEASUREMENTS.heating}"`, influxDb)
      .then((v) => Number(v[0]?.[1] ?? 0))
      .catch(() => NaN);
    // Each crossing sensor sends one reading: how many of them the collector stored at all.
    const storedCrossings = await influx
      .query(`SELECT count("indoorTempC") FROM "raw"."${INFLUX_MEASUREMENTS.heating}"`, influxDb)
      .then((v) => Number(v[0]?.[1] ?? 0))
      .catch(() => NaN);
    const collectorMetrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`)
      .then((r) => r.text())
      .catch(() => '');
    const metric = (name: string) => {
      let total = 0;
      for (const line of collectorMetrics.split('\n'))
        if (line.startsWith(name) && !line.startsWith('#')) total += Number(line.split(' ').pop());
      return total;
    };

    console.log(
      `\nbackground: ${fmt(achieved)} readings/s achieved after the warm-up (target ${fmt(o.rate)}; ` +
        `${fmt(sent)} published, ${fmt(acked)} acknowledged by the broker${publishErrors ? `, ${publishErrors} refused` : ''}); ` +
        `InfluxDB holds ${fmt(stored)} background points`,
    );
    if (collectorMetrics) {
      const writes = metric('cityops_collector_write_duration_seconds_count');
      console.log(
        `collector: ${fmt(metric('cityops_collector_messages_total'))} MQTT messages, ` +
          `${fmt(metric('cityops_collector_readings_rejected_total'))} rejected, ` +
          `${fmt(metric('cityops_collector_evaluate_jobs_total'))} evaluate-readings jobs ` +
          `(${fmt(metric('cityops_collector_messages_total') / Math.max(1, metric('cityops_collector_evaluate_jobs_total')))} readings each), ` +
          `${fmt(metric('cityops_collector_points_written_total'))} points written, ` +
          `${fmt(metric('cityops_collector_points_spooled_total'))} spooled; ` +
          `InfluxDB write ${ms((metric('cityops_collector_write_duration_seconds_sum') / Math.max(1, writes)) * 1000)} on average`,
      );
      // Every publish was acknowledged by the broker: what the collector never got, the broker
      // dropped (its queue for the collector's session is full: max_queued_messages).
      const lost = acked + crossings.length - metric('cityops_collector_messages_total');
      if (o.broker === 'private' && lost > 0)
        console.log(
          `  LOST at the broker: ${fmt(lost)} readings (${((100 * lost) / (acked + crossings.length)).toFixed(1)} %) never reached the collector`,
        );
    }
    console.log(
      `\npublish → incident.opened over ${latencies.length} of ${crossings.length} crossings` +
        `${missed ? ` (${missed} not received within ${o.timeoutSeconds} s after the load; ${crossings.length - storedCrossings} of them never reached InfluxDB)` : ''}:`,
    );
    console.log(
      `  p50 ${ms(p50)}   p95 ${ms(p95)}   p99 ${missed ? `> ${o.timeoutSeconds} s` : ms(p99)}   max ${missed ? `> ${o.timeoutSeconds} s` : ms(max)}   (min ${ms(latencies[0] ?? NaN)})`,
    );
    console.log(
      `  targets: p50 ≤ ${TARGETS.p50} ms: ${p50 <= TARGETS.p50 ? 'met' : 'NOT met'}; ` +
        `p99 ≤ ${TARGETS.p99} ms: ${p99 <= TARGETS.p99 ? 'met' : 'NOT met'}`,
    );
    // Latency over time (is the pipeline keeping up, or is a backlog growing?).
    const fifths = 5;
    const parts: string[] = [];
    for (let f = 0; f < fifths; f++) {
      const slice = crossings
        .slice(
          Math.floor((f * crossings.length) / fifths),
          Math.floor(((f + 1) * crossings.length) / fifths),
        )
        .filter((c) => c.receivedMono !== undefined)
        .map((c) => c.receivedMono! - c.sentMono)
        .sort((a, b) => a - b);
      parts.push(`${ms(percentile(slice, 50))}`);
    }
    console.log(`  p50 per fifth of the run, in order: ${parts.join(', ')}`);

    await stages(o, crossings, telemetry, incidents, redis, prefix, startedAt);

    const window2 = Math.max(0.001, loadSeconds);
    const usage = [...cpuAfter]
      .filter(([k]) => k !== 'machine')
      .map(([k, v]) => `${k} ${((v - (cpuBefore.get(k) ?? 0)) / window2).toFixed(2)}`);
    const known = [...cpuAfter]
      .filter(([k]) => k !== 'machine')
      .reduce((t, [k, v]) => t + (v - (cpuBefore.get(k) ?? 0)), 0);
    const machine = (cpuAfter.get('machine')! - cpuBefore.get('machine')!) / window2;
    console.log(
      `\nCPU during the load (cores): ${usage.join(', ')}; other ${Math.max(0, machine - known / window2).toFixed(2)} (of ${cpu.length})`,
    );
  } catch (error) {
    failed = true;
    for (const child of children) console.error(child.tail());
    throw error;
  } finally {
    for (const client of clients.reverse()) await Promise.resolve(client.end()).catch(() => {});
    // Collector first (it finishes its batch), then the backend.
    for (const child of [...children].reverse()) await child.stop();
    await deleteKeysMatching(redis, `${prefix}:*`).catch(() => undefined);
    await redis.quit().catch(() => undefined);
    await influx.query(`DROP DATABASE "${influxDb}"`).catch(() => undefined);
    if (databaseUrl)
      await withPg(o.urls.postgres!, (c) =>
        c.query(`DROP DATABASE IF EXISTS "${pgDb}" WITH (FORCE)`),
      ).catch(() => undefined);
    if (o.keepLogs || failed) console.log(`logs: ${logDir}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Where the time goes, per crossing, from the queues' own timestamps: the evaluate-readings job
 * whose run enqueued the crossing's transition, and the transition's job (its id is deterministic).
 */
async function stages(
  o: Options,
  crossings: Crossing[],
  telemetry: Queue,
  incidents: Queue,
  redis: Redis,
  prefix: string,
  startedAt: number,
): Promise<void> {
  const bull = redisKeys(prefix).bull;
  const ids = await redis.zrange(`${bull}:${QueueName.Telemetry}:completed`, 0, -1);
  const pipeline = redis.pipeline();
  for (const id of ids)
    pipeline.hmget(
      `${bull}:${QueueName.Telemetry}:${id}`,
      'timestamp',
      'processedOn',
      'finishedOn',
    );
  const runs = ((await pipeline.exec()) ?? [])
    .map(([, v]) => (v as (string | null)[]).map(Number))
    .filter(([t, p, f]) => t && p && f && t >= startedAt - 60_000)
    .map(([timestamp, processedOn, finishedOn]) => ({
      timestamp: timestamp!,
      processedOn: processedOn!,
      finishedOn: finishedOn!,
    }))
    .sort((a, b) => a.processedOn - b.processedOn);
  const stage: Record<string, number[]> = {
    'collector (MQTT, batching, InfluxDB write, enqueue)': [],
    'waiting in the telemetry queue': [],
    'evaluate-readings until the transition is enqueued': [],
    'waiting in the incidents queue': [],
    'applying the transition (database)': [],
    'from the job finishing to the client': [],
  };
  const keys = Object.keys(stage);
  let traced = 0;
  for (const c of crossings) {
    if (c.receivedAt === undefined) continue;
    const job = await incidents.getJob(
      `${RULE}|${c.sensorId}|${c.ts}|raised|orange`.replaceAll(':', '~'),
    );
    if (!job?.processedOn || !job.finishedOn) continue;
    const run = runs.find((r) => r.processedOn <= job.timestamp && job.timestamp <= r.finishedOn);
    if (!run) continue;
    traced += 1;
    const parts = [
      run.timestamp - c.sentAt,
      run.processedOn - run.timestamp,
      job.timestamp - run.processedOn,
      job.processedOn - job.timestamp,
      job.finishedOn - job.processedOn,
      c.receivedAt - job.finishedOn,
    ];
    parts.forEach((v, i) => stage[keys[i]!]!.push(v));
  }
  console.log(`\nwhere the time goes (${traced} crossings traced through the queues; p50 / p95):`);
  for (const key of keys) {
    const sorted = stage[key]!.sort((a, b) => a - b);
    console.log(
      `  ${key.padEnd(55)} ${ms(percentile(sorted, 50)).padStart(8)} / ${ms(percentile(sorted, 95)).padStart(8)}`,
    );
  }
  const loaded = runs.filter((r) => r.processedOn >= startedAt + o.warmupSeconds * 1000);
  if (loaded.length > 1) {
    const span = (loaded.at(-1)!.finishedOn - loaded[0]!.processedOn) / 1000;
    const busy = loaded.reduce((t, r) => t + (r.finishedOn - r.processedOn), 0) / 1000;
    const durations = loaded.map((r) => r.finishedOn - r.processedOn).sort((a, b) => a - b);
    console.log(
      `  evaluate-readings jobs after the warm-up: ${loaded.length} (${(loaded.length / span).toFixed(1)}/s), ` +
        `each p50 ${ms(percentile(durations, 50))} / p95 ${ms(percentile(durations, 95))}; ` +
        `the telemetry worker busy ${((busy / span) * 100).toFixed(0)} % of the time`,
    );
  }
}

async function main(): Promise<void> {
  const o = options();
  const deadline = setTimeout(() => {
    console.error(`benchmark exceeded --max-seconds ${o.maxSeconds}; giving up`);
    process.exit(2);
  }, o.maxSeconds * 1000);
  deadline.unref();
  const stop = () => {
    console.error('interrupted; stopping');
    process.exit(130);
  };
  process.once('SIGINT', stop);
  try {
    await run(o);
  } finally {
    clearTimeout(deadline);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
