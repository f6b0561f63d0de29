import type { Redis } from 'ioredis';
import type { CheckpointStore } from '../checkpoints/file-checkpoint-store.js';
import type { CollectorConfig } from '../config.js';
import {
  createHeatingHttpSource,
  heatingSourceName,
} from '../domains/heating/heating-http-source.js';
import { READING_DOMAINS } from '../domains/reading-domains.js';
import { CaseIngestor } from '../domains/sanitation/case-ingestor.js';
import { CaseJobs } from '../domains/sanitation/case-jobs.js';
import { SinkCaseWriter } from '../domains/sanitation/case-writer.js';
import {
  createSanitationDropSource,
  SANITATION_DROP_SOURCE,
} from '../domains/sanitation/sanitation-drop-source.js';
import {
  createSanitationHttpSource,
  sanitationSourceName,
} from '../domains/sanitation/sanitation-http-source.js';
import type { BackoffOptions } from '../lib/backoff.js';
import type { Logger } from '../observability/logger.js';
import type { CollectorStats } from '../observability/stats.js';
import type { TelemetryJobs } from '../queue/telemetry-jobs.js';
import type { AssetRegistry } from '../registry/asset-registry.js';
import type { LineWriter } from '../sink/influx-writer.js';
import type { DropFile } from './file-drop/csv-drop-folder.js';
import { MqttSource, mqttSourceName, type BatchSummary } from './mqtt/mqtt-source.js';
import { HEATING_ONLY, type SourceKind } from './source-settings.js';

/** What app.ts runs: a named source that starts, and stops after the batch in hand. */
export interface CollectorSource {
  readonly source: string;
  /** Cursor-paged sources: the cursor the next request uses (what the checkpoint holds). */
  readonly currentCursor?: string | null;
  start(): void;
  stop(graceMs?: number): Promise<void>;
}

/** A source by name, and a fresh instance of it each time one is to run (see createSources). */
export interface SourceSlot {
  readonly name: string;
  create(): CollectorSource;
}

/** Fault injection for the integration tests (a crash between storing a batch and its ack/checkpoint). */
export interface SourceHooks {
  mqttBeforeAck?(summary: BatchSummary): Promise<void>;
  dropAfterChunkStored?(file: DropFile, lastLine: number): Promise<void>;
}

export interface SourceWiring {
  config: CollectorConfig;
  redis: Redis;
  registry: AssetRegistry;
  writer: LineWriter;
  jobs: TelemetryJobs;
  checkpoints: CheckpointStore;
  backoff: BackoffOptions;
  logger: Logger;
  stats: CollectorStats;
  hooks?: SourceHooks;
}

/**
 * Every source the configuration enables (SOURCES), by name, sharing one registry, one InfluxDB
 * sink and one set of queues. `create()` builds a fresh, unstarted instance: a stopped source is not
 * started again, so a collector that wins a source's lease back builds it anew. `close` releases
 * what only the sources use (the cases queue).
 */
export function createSources(w: SourceWiring): {
  slots: SourceSlot[];
  close(): Promise<void>;
} {
  const { config, logger, stats, backoff, checkpoints } = w;
  const settings = config.sources;
  const enabled = new Set<SourceKind>((settings ?? HEATING_ONLY).enabled);
  const slots: SourceSlot[] = [];

  if (enabled.has('heating-http')) {
    slots.push({
      name: heatingSourceName(config.heating.sourceUrl),
      create: () =>
        createHeatingHttpSource(config.heating, {
          checkpoints,
          registry: w.registry,
          writer: w.writer,
          jobs: w.jobs,
          backoff,
          logger,
          stats,
        }),
    });
  }

  let caseJobs: CaseJobs | null = null;
  const caseIngestor = (source: string) => {
    caseJobs ??= new CaseJobs(w.redis, config.redisPrefix, logger);
    return new CaseIngestor({
      source,
      writer: new SinkCaseWriter(w.writer),
      jobs: caseJobs,
      quarantine: w.jobs,
      logger: logger.child({ source }),
      stats,
    });
  };

  if (settings && enabled.has('sanitation-http')) {
    slots.push({
      name: sanitationSourceName(settings.sanitationHttp.sourceUrl),
      create: () =>
        createSanitationHttpSource(settings.sanitationHttp, {
          checkpoints,
          ingestor: caseIngestor,
          backoff,
          logger,
          stats,
        }),
    });
  }

  if (settings && enabled.has('sanitation-drop')) {
    slots.push({
      name: SANITATION_DROP_SOURCE,
      create: () =>
        createSanitationDropSource(settings.sanitationDrop, {
          stateDir: config.stateDir,
          checkpoints,
          ingestor: caseIngestor,
          backoff,
          logger,
          stats,
          ...(w.hooks?.dropAfterChunkStored
            ? { afterChunkStored: w.hooks.dropAfterChunkStored }
            : {}),
        }),
    });
  }

  if (settings && enabled.has('mqtt')) {
    slots.push({
      name: mqttSourceName(settings.mqtt.url),
      create: () =>
        new MqttSource(settings.mqtt, {
          domains: READING_DOMAINS,
          registry: w.registry,
          writer: w.writer,
          jobs: w.jobs,
          backoff,
          logger,
          stats,
          ...(w.hooks?.mqttBeforeAck ? { beforeAck: w.hooks.mqttBeforeAck } : {}),
        }),
    });
  }

  return {
    slots,
    close: async () => {
      await caseJobs?.close();
    },
  };
}
