import { redisKeys } from '@cityops/contracts';
import { collectDefaultMetrics } from 'prom-client';
import type { CollectorConfig } from '../config.js';
import type { LeasedSource } from '../lease/leased-source.js';
import type { InfluxWriter } from '../sink/influx-writer.js';
import { runHealthChecks, spoolHealth, type HealthProbe } from './health.js';
import { Heartbeat, type HeartbeatStore } from './heartbeat.js';
import type { Logger } from './logger.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import { defaultInstanceId } from './observability-settings.js';
import type { CollectorStats } from './stats.js';

export interface ObservabilityDeps {
  config: Pick<CollectorConfig, 'redisPrefix' | 'observability'>;
  stats: CollectorStats;
  writer: Pick<InfluxWriter, 'ping' | 'state'>;
  redis: HeartbeatStore & { ping(): Promise<string> };
  logger: Logger;
  /** Sources run under a lease (COLLECTOR_LEASE_ENABLED): GET /health says which are active here. */
  leases?: readonly Pick<LeasedSource, 'describe'>[];
}

export interface Observability {
  heartbeat: Heartbeat;
  /** The metrics/health endpoint once listening; null when off (port 0) or the port was taken. */
  server: Promise<MetricsServer | null>;
  stop(): Promise<void>;
}

/** GET /health's checks: InfluxDB answers /ping, Redis answers PING, the spool is not full. */
export function healthProbes(
  deps: Pick<ObservabilityDeps, 'writer' | 'redis' | 'leases'>,
): HealthProbe[] {
  const leases = deps.leases ?? [];
  return [
    {
      name: 'influxdb',
      check: async () =>
        (await deps.writer.ping(2000))
          ? { ok: true }
          : { ok: false, detail: 'no answer to GET /ping (writes go to the disk spool)' },
    },
    {
      name: 'redis',
      check: async () => ({ ok: (await deps.redis.ping()) === 'PONG' }),
    },
    { name: 'spool', check: async () => spoolHealth(deps.writer.state()) },
    ...(leases.length > 0 ? [leaseProbe(leases)] : []),
  ];
}

/**
 * Which sources this instance runs and which it stands by for. A standby is healthy (ready to take
 * over), so this check never fails; `detail` is e.g. `standby: heating-http:scada:8090 (held by …)`.
 */
export function leaseProbe(leases: readonly Pick<LeasedSource, 'describe'>[]): HealthProbe {
  return {
    name: 'lease',
    check: () => Promise.resolve({ ok: true, detail: leases.map((l) => l.describe()).join('; ') }),
  };
}

/** Starts the heartbeat and, unless COLLECTOR_METRICS_PORT is 0 or unset, the metrics endpoint. */
export function startObservability(deps: ObservabilityDeps): Observability {
  const { config, stats, logger } = deps;
  const instanceId = config.observability?.instanceId ?? defaultInstanceId();
  const heartbeat = new Heartbeat(
    deps.redis,
    redisKeys(config.redisPrefix).collectorHeartbeat(instanceId),
    stats,
    logger,
  );
  heartbeat.start();
  const port = config.observability?.metricsPort ?? 0;
  const probes = healthProbes(deps);
  let server: Promise<MetricsServer | null> = Promise.resolve(null);
  if (port > 0) {
    collectDefaultMetrics({ register: stats.registry, prefix: 'cityops_collector_' });
    server = startMetricsServer(port, {
      registry: stats.registry,
      health: () => runHealthChecks(probes),
      logger,
    });
  }
  return {
    heartbeat,
    server,
    stop: async () => {
      await heartbeat.stop();
      await (await server)?.close();
    },
  };
}
