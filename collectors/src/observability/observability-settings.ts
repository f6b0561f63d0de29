import { hostname } from 'node:os';
import { z } from 'zod';

export interface ObservabilitySettings {
  /** COLLECTOR_METRICS_PORT: GET /metrics and GET /health; 0 turns the endpoint off. */
  metricsPort: number;
  /** COLLECTOR_INSTANCE_ID: names this instance's heartbeat key in Redis. */
  instanceId: string;
}

export const DEFAULT_METRICS_PORT = 9464;

/** The host name, made fit for a Redis key segment. */
export function defaultInstanceId(host = hostname()): string {
  const cleaned = host.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 100);
  return cleaned === '' ? 'collector' : cleaned;
}

/** The observability variables, merged into config.ts' environment schema (descriptions: docs/configuration.md). */
export const OBSERVABILITY_ENV = {
  COLLECTOR_METRICS_PORT: z
    .string()
    .regex(/^\d+$/, { message: 'must be a port number (0 turns the endpoint off)' })
    .transform(Number)
    .pipe(z.number().max(65_535, { message: 'must be at most 65535' }))
    .default(DEFAULT_METRICS_PORT)
    .describe('`GET /metrics` and `GET /health` on all interfaces; `0` turns the endpoint off'),
  COLLECTOR_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/, {
      message: 'must be 1-100 letters, digits, "_", "-" or "."',
    })
    .default(() => defaultInstanceId())
    .meta({
      description:
        "names this collector's heartbeat key in Redis and, when set, is its lease owner id (1-100 letters, digits, `_`, `-` or `.`); give every collector an id of its own, never two the same (both would hold a source's lease); keep it across restarts so a restarted collector takes its lease back at once; unset, the lease owner is the host name and the absolute `COLLECTOR_STATE_DIR`",
      // The default is this host's name: the reference says so rather than show the generator's.
      envDefault: 'the host name',
    }),
};

export function observabilitySettings(env: {
  COLLECTOR_METRICS_PORT: number;
  COLLECTOR_INSTANCE_ID: string;
}): ObservabilitySettings {
  return { metricsPort: env.COLLECTOR_METRICS_PORT, instanceId: env.COLLECTOR_INSTANCE_ID };
}
