import { z } from 'zod';
import { DEFAULT_REDIS_PREFIX, QueueName, parseCaseDomains } from '@cityops/contracts';
import { isJsonTemplate, parseRateLimits } from './notify-config.js';
import { securityEnv } from './security-config.js';

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    // canParse first: zod runs this refine after a failed url() too, and a throw here would end the
    // whole parse with a TypeError that carries the value (a password in the URL) to the log.
    .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
      message: `must use ${protocols.join(' or ')}`,
    });

const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The backend's whole environment, validated once at boot. */
export const EnvSchema = z.object({
  /** Sign-in throttling, CORS, proxies, HSTS: security-config.ts. */
  ...securityEnv,
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .default(DEFAULT_REDIS_PREFIX),
  INFLUX_URL: url(['http:', 'https:']).default('http://127.0.0.1:8086/cityops'),
  /** Unset: PGlite (embedded PostgreSQL) in DATA_DIR. */
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  ADMIN_USERNAME: z.string().trim().min(1).max(100).default('admin'),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').max(200).optional(),
  /** HMAC key for access tokens. Unset: one is generated and kept in the database, shared by replicas. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Lifetime of a sign-in session: its refresh token stops working after this. */
  TOKEN_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(12),
  /** Lifetime of an access token; the console refreshes it before it ends. */
  ACCESS_TOKEN_TTL_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  MAPBOX_TOKEN: z.string().min(1).optional(),
  /** Built console to serve at "/". Unset: frontend/dist beside the backend. */
  CONSOLE_DIR: z.string().optional(),
  /** Run the queue workers inside the API process. Default: yes with PGlite (single process), no with PostgreSQL. */
  WORKERS_IN_API: booleanFlag.optional(),
  /**
   * Queues this process consumes (the worker, or the API with WORKERS_IN_API): comma-separated
   * QueueName values, so a deployment per queue family can run only some. Unset: every queue.
   */
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
    }),
  /** Worker process only: GET /metrics and GET /health on this port; unset or 0: none. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** A sensor silent this long is shown offline on the map. */
  OFFLINE_AFTER_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60_000),
  /** One record across sources (docs/incidents.md): a case this close to an incident's asset joins it. */
  CROSS_SOURCE_RADIUS_M: z.coerce.number().positive().max(5_000).default(300),
  /** Which incident domains a case category may join: "category:domain[|domain],…" ("" for none). */
  CROSS_SOURCE_DOMAINS: z
    .string()
    .max(1_000)
    .default('standing_water:waterlogging,snow_ice:waterlogging')
    .transform((text, ctx) => {
      const parsed = parseCaseDomains(text);
      if (parsed.ok) return parsed.mapping;
      for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Watch mode (docs/watch-mode.md): rules whose signal starts an automatic rainstorm watch ("none": off). */
  WATCH_AUTO_RULES: z
    .string()
    .regex(
      /^(none|[a-z0-9][a-z0-9-]{1,62}(,[a-z0-9][a-z0-9-]{1,62})*)$/,
      'comma-separated rule ids, or none',
    )
    .default('rainstorm-signal')
    .transform((v) => (v === 'none' ? [] : v.split(','))),
  /** The signal level that starts an automatic watch (this or higher). */
  WATCH_AUTO_SEVERITY: z.enum(['blue', 'yellow', 'orange', 'red']).default('yellow'),
  /** An automatic watch ends this long (event time) after the last signal in its scope fell below the level. */
  WATCH_AUTO_COOLDOWN_MINUTES: z.coerce
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(120),
  /** The tick path's scheduler (API processes): off only for tests that drive ticks by hand. */
  ALERT_TICKS: z
    .enum(['on', 'off'])
    .default('on')
    .transform((v) => v === 'on'),
  /** While a watch is on in scope, rules are evaluated this many times as often (tick path). */
  WATCH_CADENCE_FACTOR: z.coerce.number().min(1).max(10).default(2),
  /** Notifications (docs/notifications.md): language of the texts. */
  NOTIFY_LOCALE: z.enum(['zh', 'en']).default('zh'),
  /** The console as recipients reach it: map and incident links in messages. */
  CONSOLE_BASE_URL: url(['http:', 'https:']).default('http://localhost:8080'),
  /** Timeout of one call to a robot, webhook, SMS gateway or SMTP server. */
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Attempts per delivery (BullMQ, exponential backoff from NOTIFY_BACKOFF_MS). */
  NOTIFY_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
  NOTIFY_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  /** Deliveries in flight per worker process (the notifications queue's concurrency). */
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** Messages per target and window, per channel kind: "wecom:20,dingtalk:20,…". */
  NOTIFY_RATE_LIMITS: z
    .string()
    .max(200)
    .default('wecom:20,dingtalk:20,webhook:60,sms:5,email:30')
    .transform((text, ctx) => {
      const parsed = parseRateLimits(text);
      if (parsed.ok) return parsed.limits;
      for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }),
  NOTIFY_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  /**
   * Alert storms (docs/notifications.md): more than this many incidents paged to one recipient's
   * channel for one district and domain within NOTIFY_STORM_WINDOW_SECONDS, and the rest go out as
   * a digest. 0 turns storm control off.
   */
  NOTIFY_STORM_THRESHOLD: z.coerce.number().int().min(0).max(1_000).default(5),
  NOTIFY_STORM_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86_400).default(600),
  /** How long a storm's first digest waits to gather what else opens. */
  NOTIFY_STORM_GATHER_SECONDS: z.coerce.number().min(0).max(3_600).default(30),
  /** At most one digest per storm key this often. */
  NOTIFY_STORM_DIGEST_EVERY_SECONDS: z.coerce.number().min(0.1).max(86_400).default(300),
  /** HTTP SMS gateway: POST SMS_TEMPLATE (JSON with {phone} and {text}) here. Unset: no SMS. */
  SMS_GATEWAY_URL: url(['http:', 'https:']).optional(),
  /** Authorization header value for the gateway, e.g. "Bearer …" or "Basic …". */
  SMS_GATEWAY_AUTH: z.string().max(2_000).optional(),
  SMS_TEMPLATE: z
    .string()
    .max(4_000)
    .default('{"phone":"{phone}","text":"{text}"}')
    .refine(isJsonTemplate, 'must be JSON once {phone} and {text} are filled in'),
  /** SMTP server for email, e.g. smtp://user:pass@host:587 or smtps://…:465. Unset: no email. */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  SMTP_FROM: z.string().min(3).max(200).default('CityOps <cityops@localhost>'),
  /** Escalation (docs/escalation.md): length of a policy's "minute" in ms (tests shorten it). */
  ESCALATION_MINUTE_MS: z.coerce.number().int().min(10).max(60_000).default(60_000),
  /** How long an acknowledge link in a message works. */
  ACK_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(86_400),
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
