import { urlWith, wholeNumber } from './lib/env-fields.js';
import { z } from 'zod';
import {
  type EnvReferenceSection,
  envReferenceSections,
  renderEnvReferenceSections,
} from '@cityops/contracts';
import { LOG_LEVELS, type LogLevel } from './observability/logger.js';
import {
  OBSERVABILITY_ENV,
  observabilitySettings,
  type ObservabilitySettings,
} from './observability/observability-settings.js';
import {
  LEASE_ENV,
  leaseOwner,
  leaseSettings,
  type LeaseSettings,
} from './lease/lease-settings.js';
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
  /** One active instance per source through a Redis lease (left out: no lease, every source runs). */
  lease?: LeaseSettings;
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

/**
 * The collectors' whole environment. Each field's description is its meaning in
 * docs/configuration.md (`npm run config-reference -w @cityops/collectors` rewrites the tables).
 */
export const EnvSchema = z.object({
  ...SINK_ENV,
  ...OBSERVABILITY_ENV,
  ...SOURCES_ENV,
  ...LEASE_ENV,
  REDIS_URL: urlWith(['redis:', 'rediss:'])
    .default('redis://127.0.0.1:6379')
    .describe(
      'Redis for the asset registry and the BullMQ queues (`redis://` or `rediss://`); never echoed',
    ),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,50}$/, { message: 'must be 1-50 letters, digits, "_", "-" or "."' })
    .default('cityops')
    .describe('key prefix shared with the backend (`redisKeys(prefix)` in contracts)'),
  INFLUX_URL: influxUrl
    .prefault('http://127.0.0.1:8086/cityops')
    .describe(
      'InfluxDB 1.x HTTP API; the path is the database; `user:pass@` optional (sent as Basic auth, never echoed)',
    ),
  HEATING_SOURCE_URL: urlWith(['http:', 'https:'])
    .default('http://127.0.0.1:8090/heating')
    .describe('base of the heating gateway; the collector calls `{base}/readings?after=&limit=`'),
  HEATING_POLL_INTERVAL_MS: wholeNumber(100, 3_600_000)
    .default(5000)
    .describe('rest after a short or empty page (100 … 3 600 000)'),
  HEATING_PAGE_LIMIT: wholeNumber(1, 10_000)
    .default(1000)
    .describe('`limit` asked per page (1 … 10 000)'),
  HEATING_FETCH_TIMEOUT_MS: wholeNumber(100, 300_000)
    .default(10_000)
    .describe('one page request gives up after this (100 … 300 000)'),
  COLLECTOR_STATE_DIR: z
    .string()
    .min(1)
    .default('.data/collectors')
    .describe('checkpoint files and the disk spool (`spool/`)'),
  COLLECTOR_STATS_INTERVAL_MS: wholeNumber(1000, 86_400_000)
    .default(60_000)
    .describe('how often the counters are logged'),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info')
    .describe('how much is logged'),
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
    lease: leaseSettings(
      e,
      leaseOwner(
        relevant.COLLECTOR_INSTANCE_ID === undefined ? undefined : e.COLLECTOR_INSTANCE_ID,
        e.COLLECTOR_STATE_DIR,
      ),
    ),
    heating: {
      sourceUrl: e.HEATING_SOURCE_URL,
      pollIntervalMs: e.HEATING_POLL_INTERVAL_MS,
      pageLimit: e.HEATING_PAGE_LIMIT,
      fetchTimeoutMs: e.HEATING_FETCH_TIMEOUT_MS,
    },
  };
}

export const CONFIG_REFERENCE_COMMAND = 'npm run config-reference -w @cityops/collectors';

/**
 * EnvSchema's variables in its order, split as docs/configuration.md shows them (each exactly
 * once); `id` names the section's marker, `<!-- generated: <id> (command) -->`.
 */
export function configReferenceSections(): EnvReferenceSection[] {
  return envReferenceSections(EnvSchema, 'collectors env', [
    {
      id: 'collectors sink env',
      keys: [...Object.keys(SINK_ENV), ...Object.keys(OBSERVABILITY_ENV)],
    },
    { id: 'collectors sources env', keys: Object.keys(SOURCES_ENV) },
  ]);
}

/** The document with the collectors' generated sections rendered from EnvSchema (not yet formatted). */
export function renderConfigReference(doc: string): string {
  return renderEnvReferenceSections(doc, CONFIG_REFERENCE_COMMAND, configReferenceSections());
}
