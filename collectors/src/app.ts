import { redisKeys } from '@cityops/contracts';
import { Redis } from 'ioredis';
import { FileCheckpointStore } from './checkpoints/file-checkpoint-store.js';
import { RedisCheckpointStore } from './checkpoints/redis-checkpoint-store.js';
import type { CollectorConfig } from './config.js';
import { LeasedSource } from './lease/leased-source.js';
import { leaseTiming } from './lease/lease-timing.js';
import { RedisLease } from './lease/redis-lease.js';
import type { BackoffOptions } from './lib/backoff.js';
import type { Logger } from './observability/logger.js';
import { startObservability, type Observability } from './observability/observability.js';
import { CollectorStats } from './observability/stats.js';
import { TelemetryJobs } from './queue/telemetry-jobs.js';
import {
  AssetRegistry,
  DEFAULT_REGISTRY_REFRESH,
  type RegistryRefreshOptions,
} from './registry/asset-registry.js';
import { InfluxWriter } from './sink/influx-writer.js';
import { writerSinkOptions } from './sink/sink-settings.js';
import { createSources, type CollectorSource, type SourceHooks } from './sources/start-sources.js';

/** Timings that production leaves at their defaults and tests shorten. */
export interface CollectorTuning {
  pollBackoff: BackoffOptions;
  writerRetry: BackoffOptions;
  writerMaxAttempts: number;
  registryRefresh: RegistryRefreshOptions;
  shutdownGraceMs: number;
  /** Fault injection for tests only. */
  sourceHooks?: SourceHooks;
}

export const DEFAULT_TUNING: CollectorTuning = {
  pollBackoff: { initialMs: 1000, maxMs: 60_000 },
  writerRetry: { initialMs: 500, maxMs: 8000 },
  writerMaxAttempts: 5,
  registryRefresh: DEFAULT_REGISTRY_REFRESH,
  shutdownGraceMs: 30_000,
};

export interface RunningCollectors {
  /** The sources running now (with a lease: those whose lease this instance holds). */
  readonly sources: CollectorSource[];
  /** With COLLECTOR_LEASE_ENABLED: every enabled source and whether it is active here or standing by. */
  leases: LeasedSource[];
  stats: CollectorStats;
  /** The InfluxDB sink with its disk spool. */
  writer: InfluxWriter;
  /** Heartbeat and the metrics/health endpoint. */
  observability: Observability;
  /** Finishes the batch in hand, writes its checkpoint, closes connections. */
  stop(): Promise<void>;
}

/**
 * Wires the sources to the registry, the InfluxDB writer, the queues and the checkpoints, and starts
 * them, each under its Redis lease when the configuration has one enabled.
 */
export function startCollectors(
  config: CollectorConfig,
  logger: Logger,
  tuning: Partial<CollectorTuning> = {},
): RunningCollectors {
  const t = { ...DEFAULT_TUNING, ...tuning };
  const stats = new CollectorStats();
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 5 });
  let lastRedisWarning = 0;
  redis.on('error', (err) => {
    // ioredis reports every reconnect attempt; once every ten seconds is enough to see an outage.
    if (Date.now() - lastRedisWarning > 10_000) {
      lastRedisWarning = Date.now();
      logger.warn('redis connection problem', { err });
    }
  });
  const keys = redisKeys(config.redisPrefix);
  const registry = new AssetRegistry(redis, keys.assetRegistry, logger, t.registryRefresh);
  const writer = new InfluxWriter(config.influx, {
    logger,
    stats,
    retry: t.writerRetry,
    maxAttempts: t.writerMaxAttempts,
    ...writerSinkOptions(config.stateDir, config.sink),
  });
  const jobs = new TelemetryJobs(redis, config.redisPrefix, logger);
  const files = new FileCheckpointStore(config.stateDir);
  const lease = config.lease?.enabled ? config.lease : null;
  const checkpoints = lease
    ? new RedisCheckpointStore(
        redis,
        { lease: keys.collectorLease, checkpoint: keys.collectorCheckpoint },
        lease.owner,
        files,
      )
    : files;

  const { slots, close: closeSources } = createSources({
    config,
    redis,
    registry,
    writer,
    jobs,
    checkpoints,
    backoff: t.pollBackoff,
    logger,
    stats,
    ...(t.sourceHooks ? { hooks: t.sourceHooks } : {}),
  });
  // Without a lease every source runs at once; with one, each runs while this instance holds its lease.
  const direct = lease ? [] : slots.map((slot) => slot.create());
  const leased = lease
    ? slots.map(
        (slot) =>
          new LeasedSource(slot, {
            lease: new RedisLease(redis, keys.collectorLease(slot.name), lease.owner, lease.ttlMs),
            timing: leaseTiming(lease.ttlMs),
            logger,
            stats,
            lossGraceMs: Math.min(t.shutdownGraceMs, lease.ttlMs),
          }),
      )
    : [];
  for (const source of [...direct, ...leased]) source.start();
  const observability = startObservability({
    config,
    stats,
    writer,
    redis,
    logger,
    ...(lease ? { leases: leased } : {}),
  });

  const statsTimer = setInterval(
    () => logger.info('collector stats', stats.snapshot()),
    config.statsIntervalMs,
  );
  statsTimer.unref();
  logger.info('collectors started', {
    sources: slots.map((s) => s.name),
    lease: lease ? { owner: lease.owner, ttlMs: lease.ttlMs } : 'off',
    influx: `${config.influx.url}/${config.influx.database}`,
    redisPrefix: config.redisPrefix,
    stateDir: config.stateDir,
  });

  return {
    get sources() {
      return lease ? leased.flatMap((l) => (l.current ? [l.current] : [])) : direct;
    },
    leases: leased,
    stats,
    writer,
    observability,
    stop: async () => {
      await Promise.all([...direct, ...leased].map((s) => s.stop(t.shutdownGraceMs)));
      await observability.stop();
      await writer.close();
      clearInterval(statsTimer);
      logger.info('collector stats', stats.snapshot());
      await jobs.close();
      await closeSources();
      await redis.quit().catch(() => redis.disconnect());
      logger.info('collectors stopped');
    },
  };
}
