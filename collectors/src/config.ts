import { urlWith, wholeNumber } from './lib/env-fields.js';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './observability/logger.js';
import {
  OBSERVABILITY_ENV,
  observabilitySettings,
  type ObservabilitySettings,
} from './observability/observability-settings.js';
import { SINK_ENV, sinkSettings, type SinkSettings } from './sink/sink-settings.js';
import { SOURCES_ENV, sourcesSettings, type SourcesSettings } from './sources/source-settings.js';

export interface InfluxConnection {
  /** Origin (and any base path) of the InfluxDB HTTP API, without credentials. */
  url: string;
  database: string;
  username?: string;
  password?: string;
}

export interface CollectorConfig {
  redisUrl: string;
  redisPrefix: string;
  influx: InfluxConnection;
  stateDir: string;
  logLevel: LogLevel;
  statsIntervalMs: number;
  /** Disk spool and write limits (defaults when left out). */
  sink?: SinkSettings;
  /** Metrics/health endpoint and heartbeat (no endpoint when left out). */
  observability?: ObservabilitySettings;
  /** Which sources run and their settings (left out: the heating source alone). */
  sources?: SourcesSettings;
  heating: {
    sourceUrl: string;
    pollIntervalMs: number;
    pageLimit: number;
    fetchTimeoutMs: number;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** INFLUX_URL: http://[user:pass@]host:8086/<database>. The path names the database. */
const influxUrl = urlWith(['http:', 'https:']).transform((value, ctx): InfluxConnection => {
  const url = new URL(value);
  const segments = url.pathname.split('/').filter(Boolean);
  const database = decodeURIComponent(segments.pop() ?? '');
  if (!database) {
    ctx.addIssue({
      code: 'custom',
      message: 'must name the database as its path, e.g. http://127.0.0.1:8086/cityops',
    });
    return z.NEVER;
  }
  const base = `${url.origin}${segments.length ? `/${segments.join('/')}` : ''}`;
  return {
    url: base,
    database,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
});

const EnvSchema = z.object({
  ...SINK_ENV,
  ...OBSERVABILITY_ENV,
  ...SOURCES_ENV,
  REDIS_URL: urlWith(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,50}$/, { message: 'must be 1-50 letters, digits, "_", "-" or "."' })
    .default('cityops'),
  INFLUX_URL: influxUrl.prefault('http://127.0.0.1:8086/cityops'),
  HEATING_SOURCE_URL: urlWith(['http:', 'https:']).default('http://127.0.0.1:8090/heating'),
  HEATING_POLL_INTERVAL_MS: wholeNumber(100, 3_600_000).default(5000),
  HEATING_PAGE_LIMIT: wholeNumber(1, 10_000).default(1000),
  HEATING_FETCH_TIMEOUT_MS: wholeNumber(100, 300_000).default(10_000),
  COLLECTOR_STATE_DIR: z.string().min(1).default('.data/collectors'),
  COLLECTOR_STATS_INTERVAL_MS: wholeNumber(1000, 86_400_000).default(60_000),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
});

export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);

/** Values of these are never echoed in errors (they may hold passwords). */
const SECRET_BEARING = new Set(['REDIS_URL', 'INFLUX_URL', 'MQTT_URL']);

/** Reads the environment; a bad value fails start-up with every problem listed at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): CollectorConfig {
  // An empty variable counts as unset, as in most deployment tools.
  const relevant = Object.fromEntries(
    CONFIG_VARIABLES.map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = EnvSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '(environment)');
      const shown =
        SECRET_BEARING.has(key) || relevant[key] === undefined ? '' : ` (got "${relevant[key]}")`;
      return `${key}: ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return {
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    influx: e.INFLUX_URL,
    stateDir: e.COLLECTOR_STATE_DIR,
    logLevel: e.LOG_LEVEL,
    statsIntervalMs: e.COLLECTOR_STATS_INTERVAL_MS,
    sink: sinkSettings(e),
    observability: observabilitySettings(e),
    sources: sourcesSettings(e),
    heating: {
      sourceUrl: e.HEATING_SOURCE_URL,
      pollIntervalMs: e.HEATING_POLL_INTERVAL_MS,
      pageLimit: e.HEATING_PAGE_LIMIT,
      fetchTimeoutMs: e.HEATING_FETCH_TIMEOUT_MS,
    },
  };
}
