import { z } from 'zod';
import { DEFAULT_REDIS_PREFIX, QueueName, parseCaseDomains } from '@cityops/contracts';
import { booleanFlag, url } from './env-fields.js';
import { notifyEnv } from './notify-config.js';
import { securityEnv } from './security-config.js';

const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);

/**
 * The backend's whole environment, validated once at boot. Each field's description is its meaning
 * in docs/configuration.md (`npm run config-reference -w @cityops/backend` rewrites the tables).
 */
export const EnvSchema = z.object({
  /** Sign-in throttling, CORS, proxies, HSTS: security-config.ts. */
  ...securityEnv,
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(8080)
    .describe(
      'HTTP port: REST under `/api`, Socket.IO at `/socket.io`, `/metrics`, the console at `/`',
    ),
  HOST: z.string().default('0.0.0.0').describe('bind address'),
  REDIS_URL: url(['redis:', 'rediss:'])
    .default('redis://127.0.0.1:6379')
    .describe(
      'BullMQ queues, alert state, asset registry, latest values, live-event fan-out (`redis://` or `rediss://`)',
    ),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .default(DEFAULT_REDIS_PREFIX)
    .describe(
      "prefix of every Redis key (`redisKeys()` in contracts): 1-40 letters, digits, `_` or `-`; must match the collectors'",
    ),
  INFLUX_URL: url(['http:', 'https:'])
    .default('http://127.0.0.1:8086/cityops')
    .describe(
      'InfluxDB 1.x HTTP API; the path is the database; credentials in the URL: `http://user:pass@host:8086/db`',
    ),
  DATABASE_URL: url(['postgres:', 'postgresql:'])
    .optional()
    .describe(
      'PostgreSQL 15+ (`postgres://…`); unset: PGlite (embedded PostgreSQL) in `DATA_DIR/pglite`',
    ),
  DATA_DIR: z.string().min(1).default('.data').describe("PGlite's directory lives here"),
  ADMIN_USERNAME: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .default('admin')
    .describe('the admin created on first start when the user table is empty'),
  ADMIN_PASSWORD: z
    .string()
    .min(8, 'must be at least 8 characters')
    .max(200)
    .optional()
    .describe('its password (at least 8 characters); unset: a random one, printed once to the log'),
  AUTH_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe(
      'HMAC key for access tokens (at least 32 characters); unset: generated once and kept in the database, shared by replicas',
    ),
  TOKEN_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(12)
    .describe(
      'lifetime of a sign-in session: its refresh token stops working after this ([security.md](security.md#sign-in-sessions-and-tokens))',
    ),
  ACCESS_TOKEN_TTL_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15)
    .describe('lifetime of an access token; the console refreshes it before it ends'),
  MAPBOX_TOKEN: z
    .string()
    .min(1)
    .optional()
    .describe("the console draws with mapbox-gl and the city's basemap; unset: offline MapLibre"),
  CONSOLE_DIR: z
    .string()
    .optional()
    .describe('the built console to serve at `/`; unset: `frontend/dist` beside the backend'),
  API_DOCS_ENABLED: booleanFlag
    .default(true)
    .describe(
      'serve the API reference: Swagger UI at `/api/docs`, the OpenAPI document at `/api/docs/openapi.json` ([api.md](api.md#reference))',
    ),
  WORKERS_IN_API: booleanFlag
    .optional()
    .describe(
      'run the queue workers inside the API process; unset: yes with PGlite (single process), no with PostgreSQL',
    ),
  WORKER_QUEUES: z
    .string()
    .max(500)
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return [...ALL_QUEUES];
      const names = [...new Set(text.split(',').map((name) => name.trim()))].filter(Boolean);
      const unknown = names.filter((name) => !(ALL_QUEUES as readonly string[]).includes(name));
      if (unknown.length || names.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${unknown.length ? `unknown queue ${unknown.map((n) => `"${n}"`).join(', ')}` : 'names no queue'}; choose from ${ALL_QUEUES.join(', ')}`,
        });
        return z.NEVER;
      }
      return names as QueueName[];
    })
    .describe(
      `queues this process consumes (the worker, or the API with \`WORKERS_IN_API\`), comma-separated from ${ALL_QUEUES.map((q) => `\`${q}\``).join(', ')}; an unknown name stops the start; unset: every queue ([deployment.md](deployment.md#workers-per-queue-family))`,
    ),
  WORKER_METRICS_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(0)
    .describe(
      'worker process only: `GET /metrics` and `GET /health` (liveness) on this port; `0`: none',
    ),
  QUEUES_BOARD_ACTIONS: booleanFlag
    .default(false)
    .describe(
      'the queue board at `/admin/queues` (admins) may retry, clean, promote and remove jobs, each audited; `false`: read-only ([security.md](security.md#queue-board))',
    ),
  OFFLINE_AFTER_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60_000)
    .describe('a sensor silent this long (ms; the default is 15 min) shows `offline` on the map'),
  CROSS_SOURCE_RADIUS_M: z.coerce
    .number()
    .positive()
    .max(5_000)
    .default(300)
    .describe(
      'a sanitation case this close (metres) to an asset with an open incident of a related domain joins that incident ([incidents.md](incidents.md#one-record-across-sources))',
    ),
  CROSS_SOURCE_DOMAINS: z
    .string()
    .max(1_000)
    .default('standing_water:waterlogging,snow_ice:waterlogging')
    .transform((text, ctx) => {
      const parsed = parseCaseDomains(text);
      if (parsed.ok) return parsed.mapping;
      for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    })
    .describe(
      'which incident domains each case category may join: `category:domain[|domain],…`; empty: none',
    ),
  LOG_LEVEL: z
    .enum(['error', 'warn', 'log', 'debug', 'verbose'])
    .default('log')
    .describe('how much is logged; logs are JSON lines'),
  WATCH_AUTO_RULES: z
    .string()
    .regex(
      /^(none|[a-z0-9][a-z0-9-]{1,62}(,[a-z0-9][a-z0-9-]{1,62})*)$/,
      'comma-separated rule ids, or none',
    )
    .default('rainstorm-signal')
    .transform((v) => (v === 'none' ? [] : v.split(',')))
    .describe(
      'watch mode ([watch-mode.md](watch-mode.md)): comma-separated ids of the rules whose signal starts an automatic rainstorm watch; `none`: off',
    ),
  WATCH_AUTO_SEVERITY: z
    .enum(['blue', 'yellow', 'orange', 'red'])
    .default('yellow')
    .describe('the signal level that starts an automatic watch (this or higher)'),
  WATCH_AUTO_COOLDOWN_MINUTES: z.coerce
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(120)
    .describe(
      'an automatic watch ends this long (event time) after the last signal in its scope fell below the level',
    ),
  ALERT_TICKS: z
    .enum(['on', 'off'])
    .default('on')
    .transform((v) => v === 'on')
    .describe(
      '`off` stops this API process from scheduling tick-path evaluations ([rules.md](rules.md#the-tick-path)); for tests that drive ticks themselves',
    ),
  WATCH_CADENCE_FACTOR: z.coerce
    .number()
    .min(1)
    .max(10)
    .default(2)
    .describe(
      'while a watch is on in scope, rules are evaluated this many times as often (tick path)',
    ),
  /** Notifications, escalation, acknowledge links: notify-config.ts. */
  ...notifyEnv,
});

export type AppConfig = z.infer<typeof EnvSchema> & {
  influx: { url: string; database: string; username?: string; password?: string };
};

export class ConfigError extends Error {}

/** Parses the environment; throws one ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, influx: parseInfluxUrl(parsed.data.INFLUX_URL) };
}

/** http://user:pass@host:8086/dbname → connection parts. The path names the database. */
export function parseInfluxUrl(value: string): AppConfig['influx'] {
  const u = new URL(value);
  const database = decodeURIComponent(u.pathname.replace(/^\/+|\/+$/g, '')) || 'cityops';
  const result: AppConfig['influx'] = { url: `${u.protocol}//${u.host}`, database };
  if (u.username) result.username = decodeURIComponent(u.username);
  if (u.password) result.password = decodeURIComponent(u.password);
  return result;
}

export function workersRunInApi(config: AppConfig): boolean {
  return config.WORKERS_IN_API ?? config.DATABASE_URL === undefined;
}
