import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Child, GaveUp, freePort, logPath, waitFor } from './processes.js';
import { WebhookReceiver } from './receiver.js';
import { PrivateInflux, PrivatePostgres, PrivateRedis } from './services.js';

/*
 * The whole application on private services, for one drill: Redis, InfluxDB and PostgreSQL of
 * its own (services.ts), the simulated city with its timer off (the drill ticks it, so the load is
 * exactly known), API and worker processes from the built backend, and the collectors with the
 * heating HTTP source. deploy/local/stack.mjs runs the workers inside one API on PGlite; the
 * drills need separate processes to kill and several of each, so they start their own.
 */

/** The repository root: the nearest directory up with nx.json (from the sources or from dist/). */
export const ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root (nx.json) not found');
    dir = parent;
  }
  return dir;
})();
const BIN = {
  simulator: join(ROOT, 'packages/simulator/dist/cli.js'),
  api: join(ROOT, 'backend/dist/main.js'),
  worker: join(ROOT, 'backend/dist/worker.js'),
  collectors: join(ROOT, 'collectors/dist/main.js'),
};
export const BUILT = Object.values(BIN);

const ADMIN_PASSWORD = 'drill-admin-password';
const AUTH_SECRET = 'drill-auth-secret-0123456789abcdef0123456789';
const WEBHOOK_SECRET = 'drill-webhook-secret-0123456789';
export const ONCALL_MEMBER = 'drill-duty';

const RUNNING = new Set<Stack>();

/** Stops every stack still running (Ctrl-C). */
export async function stopAllStacks(): Promise<void> {
  await Promise.all([...RUNNING].map((stack) => stack.stop()));
}

export interface StackOptions {
  /** `.data/drills/<name>`: wiped at start, kept afterwards for the logs. */
  name: string;
  scale: number;
  apis: number;
  workers: number;
  /** Extra environment for the backend processes. */
  backendEnv?: Record<string, string>;
}

export class Stack {
  readonly dir: string;
  readonly logDir: string;
  redis!: PrivateRedis;
  influx!: PrivateInflux;
  postgres!: PrivatePostgres;
  simulator!: Child;
  simUrl = '';
  readonly apis: { child: Child; url: string; name: string }[] = [];
  readonly workers: Child[] = [];
  collectors!: Child;
  collectorMetricsUrl = '';
  receiver = new WebhookReceiver(WEBHOOK_SECRET);
  private token: string | null = null;
  private workerSeq = 0;

  constructor(readonly options: StackOptions) {
    this.dir = join(ROOT, '.data', 'drills', options.name);
    this.logDir = join(this.dir, 'logs');
  }

  get redisPrefix(): string {
    return 'drill';
  }

  private backendEnv(extra: Record<string, string>): Record<string, string> {
    return {
      REDIS_URL: this.redis.url,
      REDIS_PREFIX: this.redisPrefix,
      INFLUX_URL: this.influx.url,
      DATABASE_URL: this.postgres.url,
      DATA_DIR: join(this.dir, 'backend'),
      ADMIN_PASSWORD,
      AUTH_SECRET,
      HOST: '127.0.0.1',
      WORKERS_IN_API: 'false',
      LOG_LEVEL: 'warn',
      // Every incident pages on its own (no digests) and the webhook is never rate limited: the
      // drill counts deliveries one to one.
      NOTIFY_STORM_THRESHOLD: '0',
      NOTIFY_RATE_LIMITS: 'webhook:100000',
      NOTIFY_BACKOFF_MS: '500',
      CONSOLE_BASE_URL: 'http://127.0.0.1:1',
      ...this.options.backendEnv,
      ...extra,
    };
  }

  async start(): Promise<void> {
    RUNNING.add(this);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.logDir, { recursive: true });
    [this.redis, this.influx, this.postgres] = await Promise.all([
      PrivateRedis.start(join(this.dir, 'redis')),
      PrivateInflux.start(join(this.dir, 'influxdb')),
      PrivatePostgres.start(join(this.dir, 'postgres')),
    ]);
    await this.influx.provision();
    await this.receiver.start();

    this.simulator = Child.node(
      'simulator',
      BIN.simulator,
      [
        'serve',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--seed',
        'drill',
        '--scale',
        String(this.options.scale),
        // The drill ticks the city itself (POST /control/tick); the timer only ticks once at start.
        '--tick-ms',
        '86400000',
        '--ring-size',
        '2000000',
      ],
      { logFile: logPath(this.logDir, 'simulator') },
    );
    const simPort = Number((await this.simulator.waitForLine(/"port":(\d+)/, 30_000))[1]);
    this.simUrl = `http://127.0.0.1:${simPort}`;

    for (let i = 0; i < this.options.apis; i++) await this.startApi();
    const seed = Child.node(
      'seed',
      BIN.simulator,
      [
        'seed-assets',
        '--backend',
        this.apis[0]!.url,
        '--username',
        'admin',
        '--password',
        ADMIN_PASSWORD,
        '--seed',
        'drill',
        '--scale',
        String(this.options.scale),
      ],
      { logFile: logPath(this.logDir, 'seed') },
    );
    if ((await seed.exited) !== 0)
      throw new Error(`seeding the assets failed; see ${seed.logFile}`);
    await this.setupOncall();
    for (let i = 0; i < this.options.workers; i++) await this.startWorker();
    await this.startCollectors();
  }

  async startApi(): Promise<void> {
    const port = await freePort();
    const name = `api-${this.apis.length + 1}`;
    const child = Child.node(name, BIN.api, [], {
      env: this.backendEnv({ PORT: String(port) }),
      logFile: logPath(this.logDir, name),
    });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      `${name} ready`,
      async () => {
        if (!child.running) throw new GaveUp(`${name} exited; see ${child.logFile}`);
        return (await fetch(`${url}/api/health/ready`)).ok;
      },
      180_000,
    );
    this.apis.push({ child, url, name });
  }

  /** A worker process consuming every queue; resolves once it answers on its health port. */
  async startWorker(): Promise<Child> {
    const port = await freePort();
    const name = `worker-${++this.workerSeq}`;
    const child = Child.node(name, BIN.worker, [], {
      env: this.backendEnv({ WORKER_METRICS_PORT: String(port) }),
      logFile: logPath(this.logDir, name),
    });
    this.workers.push(child);
    await waitFor(
      `${name} health`,
      async () => {
        if (!child.running) throw new GaveUp(`${name} exited; see ${child.logFile}`);
        return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
      },
      120_000,
    );
    return child;
  }

  private async startCollectors(): Promise<void> {
    const port = await freePort();
    this.collectorMetricsUrl = `http://127.0.0.1:${port}/metrics`;
    this.collectors = Child.node('collectors', BIN.collectors, [], {
      env: {
        REDIS_URL: this.redis.url,
        REDIS_PREFIX: this.redisPrefix,
        INFLUX_URL: this.influx.url,
        SOURCES: 'heating-http',
        HEATING_SOURCE_URL: `${this.simUrl}/heating`,
        HEATING_POLL_INTERVAL_MS: '500',
        HEATING_PAGE_LIMIT: '5000',
        COLLECTOR_STATE_DIR: join(this.dir, 'collectors'),
        COLLECTOR_METRICS_PORT: String(port),
        COLLECTOR_INSTANCE_ID: `drill-${this.options.name}`,
        COLLECTOR_STATS_INTERVAL_MS: '10000',
        // A write to a stopped InfluxDB fails at once (connection refused); a hung one after 5 s.
        INFLUX_WRITE_TIMEOUT_MS: '5000',
      },
      logFile: logPath(this.logDir, 'collectors'),
    });
    await this.collectors.waitForLine(/"msg":"collectors started"/, 60_000);
  }

  /** One team with one member reached at the drill's webhook, on call around the clock, routed everything. */
  private async setupOncall(): Promise<void> {
    const must = async (path: string, body: unknown) => {
      const r = await this.api('POST', path, body);
      if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    await must('/api/oncall/teams', {
      id: 'drill',
      name: 'Drill duty',
      members: [
        {
          id: ONCALL_MEMBER,
          displayName: 'Drill duty engineer',
          contacts: [{ kind: 'webhook', url: this.receiver.url, secret: this.receiver.secret }],
        },
      ],
    });
    await must('/api/oncall/schedules', {
      id: 'drill-primary',
      teamId: 'drill',
      layers: [
        {
          name: 'always',
          rotation: {
            type: 'daily',
            handoffTime: '00:00',
            startsAt: '2020-01-01',
            members: [ONCALL_MEMBER],
          },
        },
      ],
    });
    await must('/api/oncall/routes', { id: 'everything', order: 1, match: {}, teamId: 'drill' });
  }

  /** An API call as the admin, through API `index` (signs in again when the token lapsed). */
  async api(
    method: string,
    path: string,
    body?: unknown,
    { index = 0, timeoutMs = 15_000 }: { index?: number; timeoutMs?: number } = {},
  ): Promise<{ status: number; body: unknown; ms: number }> {
    const base = this.apis[index]!.url;
    const call = async (token: string | null) => {
      const started = performance.now();
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: kept as text, which the drill reports
      }
      return { status: response.status, body: parsed, ms: performance.now() - started };
    };
    if (!this.token) await this.login(index);
    let result = await call(this.token);
    if (result.status === 401) {
      await this.login(index);
      result = await call(this.token);
    }
    return result;
  }

  private async login(index: number): Promise<void> {
    const response = await fetch(`${this.apis[index]!.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
    this.token = ((await response.json()) as { token: string }).token;
  }

  /** The collectors' Prometheus counters and gauges, summed over labels. */
  async collectorMetrics(): Promise<Record<string, number>> {
    const text = await (
      await fetch(this.collectorMetricsUrl, { signal: AbortSignal.timeout(5_000) })
    ).text();
    const out: Record<string, number> = {};
    for (const line of text.split('\n')) {
      const m = /^(cityops_collector_[a-z_]+)(?:\{[^}]*\})? ([0-9.eE+-]+)$/.exec(line);
      if (m) out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[2]);
    }
    return out;
  }

  /** Jobs BullMQ has not finished, per queue (waiting, active, delayed, prioritized, paused): one round trip. */
  async unfinishedJobs(queues: readonly string[]): Promise<Record<string, number>> {
    const script = `
      local out = {}
      for i, base in ipairs(KEYS) do
        out[i] = redis.call('LLEN', base .. ':wait') + redis.call('LLEN', base .. ':active')
          + redis.call('ZCARD', base .. ':delayed') + redis.call('ZCARD', base .. ':prioritized')
          + redis.call('LLEN', base .. ':paused')
      end
      return out`;
    const keys = queues.map((q) => `${this.redisPrefix}:bull:${q}`);
    const counts = (await this.redis.cli('EVAL', script, String(keys.length), ...keys)).split('\n');
    return Object.fromEntries(queues.map((q, i) => [q, Number(counts[i] ?? 0)]));
  }

  /** Jobs in BullMQ's failed set, per queue (they will not run again by themselves). */
  async failedJobs(queues: readonly string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const q of queues)
      out[q] = Number(await this.redis.cli('ZCARD', `${this.redisPrefix}:bull:${q}:failed`));
    return out;
  }

  async stop(): Promise<void> {
    RUNNING.delete(this);
    const quietly = async (what: Promise<unknown> | undefined) => {
      try {
        await what;
      } catch {
        // stopping as much as possible; the first error is not the one to report
      }
    };
    await quietly(this.collectors?.stop());
    await quietly(Promise.all(this.workers.map((w) => w.stop())));
    await quietly(Promise.all(this.apis.map((a) => a.child.stop())));
    await quietly(this.simulator?.stop());
    await quietly(this.receiver.stop());
    await quietly(this.redis?.stop());
    await quietly(this.influx?.stop());
    await quietly(this.postgres?.stop());
  }
}
