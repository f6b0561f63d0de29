import { urlWith, wholeNumber } from '../lib/env-fields.js';
import { z } from 'zod';
import type { HttpSourceSettings } from './http-poll/cursor-page.js';

/** The source kinds a collector can run; SOURCES picks among them. */
export const SOURCE_KINDS = ['heating-http', 'sanitation-http', 'sanitation-drop', 'mqtt'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const DEFAULT_MQTT_URL = 'mqtt://127.0.0.1:1883';
const MiB = 1024 * 1024;

export interface MqttSettings {
  url: string;
  clientId: string;
  batchSize: number;
  flushMs: number;
  maxPayloadBytes: number;
  sessionExpirySec: number;
}

export interface SanitationDropSettings {
  dir: string;
  scanIntervalMs: number;
  stableMs: number;
  maxFileBytes: number;
  /** Rows stored and checkpointed together. */
  chunkRows: number;
}

/** Which sources run and how (the variables below; see docs/collectors.md). */
export interface SourcesSettings {
  enabled: SourceKind[];
  mqtt: MqttSettings;
  sanitationHttp: HttpSourceSettings;
  sanitationDrop: SanitationDropSettings;
}

const sourceList = z.string().transform((value, ctx): SourceKind[] => {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SOURCE_KINDS as readonly string[]).includes(n));
  if (unknown.length) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown source ${unknown.join(', ')}; choose from ${SOURCE_KINDS.join(', ')}`,
    });
    return z.NEVER;
  }
  return [...new Set(names)] as SourceKind[];
});

/** The sources' variables, merged into config.ts' environment schema (descriptions: docs/configuration.md). */
export const SOURCES_ENV = {
  SOURCES: sourceList
    .optional()
    .describe(
      `comma-separated, from ${SOURCE_KINDS.map((k) => `\`${k}\``).join(', ')}: exactly these run; unset: all (\`mqtt\` only with \`MQTT_URL\`)`,
    ),
  MQTT_URL: urlWith(['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:', 'ssl:'])
    .optional()
    .describe(
      `the broker (\`mqtt://\`, \`mqtts://\`, \`ws://\`, \`wss://\`, \`tcp://\`, \`ssl://\`; \`user:pass@\` allowed, never echoed); setting it turns MQTT on; unset: \`${DEFAULT_MQTT_URL}\` when \`SOURCES\` names \`mqtt\``,
    ),
  MQTT_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be 1-64 letters, digits, "_", "-" or "."' })
    .default('cityops-collectors')
    .describe(
      '**stable** client id: the broker keeps the session under it; give each replica its own',
    ),
  MQTT_BATCH_SIZE: wholeNumber(1, 50_000)
    .default(1000)
    .describe('a batch is stored at this many messages …'),
  MQTT_FLUSH_MS: wholeNumber(1, 60_000)
    .default(50)
    .describe('… or this long after its first message'),
  MQTT_MAX_PAYLOAD_BYTES: wholeNumber(256, 16 * MiB)
    .default(64 * 1024)
    .describe('bigger payloads are quarantined as `oversize_payload`'),
  MQTT_SESSION_EXPIRY_S: wholeNumber(60, 4_294_967_295)
    .default(7 * 24 * 3600)
    .describe(
      'how long the broker keeps the session (and queues messages) while the collector is away (the default is 7 days)',
    ),
  SANITATION_SOURCE_URL: urlWith(['http:', 'https:'])
    .default('http://127.0.0.1:8090/sanitation')
    .describe('base of the case system; the collector calls `{base}/cases?updatedSince=&limit=`'),
  SANITATION_POLL_INTERVAL_MS: wholeNumber(100, 3_600_000)
    .default(5000)
    .describe('rest after a short or empty page (100 … 3 600 000)'),
  SANITATION_PAGE_LIMIT: wholeNumber(1, 10_000)
    .default(500)
    .describe('`limit` asked per page (1 … 10 000)'),
  SANITATION_FETCH_TIMEOUT_MS: wholeNumber(100, 300_000)
    .default(10_000)
    .describe('one page request gives up after this (100 … 300 000)'),
  SANITATION_DROP_DIR: z
    .string()
    .min(1)
    .default('.data/drop/sanitation')
    .describe('the CSV drop folder (created when missing, with `done/` and `rejected/`)'),
  SANITATION_DROP_SCAN_MS: wholeNumber(100, 3_600_000)
    .default(2000)
    .describe('how often the folder is listed'),
  SANITATION_DROP_STABLE_MS: wholeNumber(0, 3_600_000)
    .default(2000)
    .describe('a file is complete when its size and mtime stayed the same this long'),
  SANITATION_DROP_MAX_BYTES: wholeNumber(1, 4096 * MiB)
    .default(100 * MiB)
    .describe('bigger files are refused as a whole (`oversize_payload`; the default is 100 MiB)'),
  SANITATION_DROP_CHUNK_ROWS: wholeNumber(1, 10_000)
    .default(500)
    .describe('rows stored and checkpointed together'),
};

type SourcesEnv = z.infer<z.ZodObject<typeof SOURCES_ENV>>;

/**
 * Without SOURCES every source runs, MQTT only when MQTT_URL is set (so a collector without a broker
 * does not keep reconnecting). Naming mqtt in SOURCES without MQTT_URL uses mqtt://127.0.0.1:1883.
 */
export function sourcesSettings(e: SourcesEnv): SourcesSettings {
  const enabled =
    e.SOURCES ?? SOURCE_KINDS.filter((kind) => kind !== 'mqtt' || e.MQTT_URL !== undefined);
  return {
    enabled,
    mqtt: {
      url: e.MQTT_URL ?? DEFAULT_MQTT_URL,
      clientId: e.MQTT_CLIENT_ID,
      batchSize: e.MQTT_BATCH_SIZE,
      flushMs: e.MQTT_FLUSH_MS,
      maxPayloadBytes: e.MQTT_MAX_PAYLOAD_BYTES,
      sessionExpirySec: e.MQTT_SESSION_EXPIRY_S,
    },
    sanitationHttp: {
      sourceUrl: e.SANITATION_SOURCE_URL,
      pollIntervalMs: e.SANITATION_POLL_INTERVAL_MS,
      pageLimit: e.SANITATION_PAGE_LIMIT,
      fetchTimeoutMs: e.SANITATION_FETCH_TIMEOUT_MS,
    },
    sanitationDrop: {
      dir: e.SANITATION_DROP_DIR,
      scanIntervalMs: e.SANITATION_DROP_SCAN_MS,
      stableMs: e.SANITATION_DROP_STABLE_MS,
      maxFileBytes: e.SANITATION_DROP_MAX_BYTES,
      chunkRows: e.SANITATION_DROP_CHUNK_ROWS,
    },
  };
}

/** A hand-built config without `sources` (older tests, tools) runs the heating source alone. */
export const HEATING_ONLY: Pick<SourcesSettings, 'enabled'> = { enabled: ['heating-http'] };
