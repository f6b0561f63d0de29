import { wholeNumber } from '../lib/env-fields.js';
import { join } from 'node:path';
import { z } from 'zod';

/** How the InfluxDB sink behaves (the variables below; see docs/collectors.md). */
export interface SinkSettings {
  /** SPOOL_MAX_BYTES: bound of the disk spool under COLLECTOR_STATE_DIR/spool; 0 turns the spool off. */
  spoolMaxBytes: number;
  /** INFLUX_WRITE_TIMEOUT_MS: a write not answered within this goes to the spool. */
  writeTimeoutMs: number;
  /** INFLUX_MAX_IN_FLIGHT: batches written at the same time, all sources together. */
  maxInFlight: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_SINK_SETTINGS: SinkSettings = {
  spoolMaxBytes: 1024 * MiB,
  writeTimeoutMs: 10_000,
  maxInFlight: 4,
};
export const MIN_SPOOL_BYTES = 8 * MiB;

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: MiB,
  mb: 1000 ** 2,
  mib: MiB,
  g: 1024 * MiB,
  gb: 1000 ** 3,
  gib: 1024 * MiB,
};

/** "1073741824", "512MiB", "1 GiB", "2g" → bytes; null when it is not a size. */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return null;
  const unit = UNITS[match[2]!.toLowerCase()];
  if (unit === undefined) return null;
  const bytes = Math.floor(Number(match[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** The sink's variables, merged into config.ts' environment schema (descriptions: docs/configuration.md). */
export const SINK_ENV = {
  SPOOL_MAX_BYTES: z
    .string()
    .transform((text, ctx) => {
      const bytes = parseByteSize(text);
      if (bytes === null || (bytes !== 0 && bytes < MIN_SPOOL_BYTES)) {
        ctx.addIssue({
          code: 'custom',
          message: `must be 0 (no spool) or a size of at least 8MiB, in bytes or with KiB/MiB/GiB`,
        });
        return z.NEVER;
      }
      return bytes;
    })
    .default(DEFAULT_SINK_SETTINGS.spoolMaxBytes)
    .describe(
      'bound of the disk spool in `COLLECTOR_STATE_DIR/spool`: bytes, or with `KiB`/`MiB`/`GiB`, at least `8MiB` (the default is 1 GiB); `0` turns the spool off',
    ),
  INFLUX_WRITE_TIMEOUT_MS: wholeNumber(100, 300_000)
    .default(DEFAULT_SINK_SETTINGS.writeTimeoutMs)
    .describe(
      'a write not answered within this counts as failed and its batch goes to the spool (100 … 300 000)',
    ),
  INFLUX_MAX_IN_FLIGHT: wholeNumber(1, 64)
    .default(DEFAULT_SINK_SETTINGS.maxInFlight)
    .describe('batches written at the same time, all sources together; more wait (1 … 64)'),
};

export function sinkSettings(env: {
  SPOOL_MAX_BYTES: number;
  INFLUX_WRITE_TIMEOUT_MS: number;
  INFLUX_MAX_IN_FLIGHT: number;
}): SinkSettings {
  return {
    spoolMaxBytes: env.SPOOL_MAX_BYTES,
    writeTimeoutMs: env.INFLUX_WRITE_TIMEOUT_MS,
    maxInFlight: env.INFLUX_MAX_IN_FLIGHT,
  };
}

/** The writer's spool and limits for a collector's state directory and settings. */
export function writerSinkOptions(
  stateDir: string,
  settings: SinkSettings = DEFAULT_SINK_SETTINGS,
): {
  spool: { dir: string; maxBytes: number } | null;
  requestTimeoutMs: number;
  maxInFlight: number;
} {
  return {
    spool:
      settings.spoolMaxBytes > 0
        ? { dir: join(stateDir, 'spool'), maxBytes: settings.spoolMaxBytes }
        : null,
    requestTimeoutMs: settings.writeTimeoutMs,
    maxInFlight: settings.maxInFlight,
  };
}
