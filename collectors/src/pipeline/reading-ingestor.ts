import type { Domain, Reading } from '@cityops/contracts';
import type { ValidationContext, ValidationResult } from '../domains/readings/validate-readings.js';
import { sensorIdOf } from '../domains/readings/validate-readings.js';
import type { Logger } from '../observability/logger.js';
import type { CollectorStats } from '../observability/stats.js';
import type { TelemetryJobs } from '../queue/telemetry-jobs.js';
import type { AssetRegistry } from '../registry/asset-registry.js';
import type { PointWriter } from '../sink/influx-writer.js';
import { pointFromReading } from '../sink/points.js';

export interface IngestorDeps {
  domain: Domain;
  source: string;
  validate(raws: readonly unknown[], ctx: ValidationContext): ValidationResult;
  registry: Pick<AssetRegistry, 'resolve'>;
  writer: PointWriter;
  jobs: Pick<TelemetryJobs, 'evaluateReadings' | 'recordRejections'>;
  logger: Logger;
  stats?: CollectorStats;
  now?: () => number;
}

export interface IngestSummary {
  accepted: number;
  rejected: number;
  evaluateJobIds: string[];
  rejectionJobIds: string[];
}

/**
 * The per-batch order every source follows: validate, write the accepted points to InfluxDB, enqueue
 * the evaluate job, enqueue the rejections. The caller checkpoints only after this resolves; every
 * step is safe to repeat (same points overwrite, same job ids are ignored), so a crash anywhere
 * before the checkpoint just replays the batch.
 */
export class ReadingIngestor {
  constructor(private readonly deps: IngestorDeps) {}

  async ingest(
    raws: readonly unknown[],
    pageCursor: string | null,
    signal?: AbortSignal,
  ): Promise<IngestSummary> {
    const { source, validate, registry, writer, jobs, stats, logger } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    const ids = raws.map(sensorIdOf).filter((id): id is string => id !== null);
    const assets = await registry.resolve(ids);
    const { accepted, rejections } = validate(raws, { source, now, assets });

    if (accepted.length > 0) {
      await writer.write(
        accepted.map((a) => pointFromReading(a.reading, a.asset)),
        signal,
      );
    }
    const readings: Reading[] = accepted.map((a) => a.reading);
    const evaluateJobIds = readings.length
      ? await jobs.evaluateReadings(source, pageCursor, readings)
      : [];
    const rejectionJobIds = rejections.length
      ? await jobs.recordRejections(source, pageCursor, rejections)
      : [];

    if (stats) {
      stats.acceptedReadings += accepted.length;
      stats.evaluateJobs += evaluateJobIds.length;
      stats.rejectionJobs += rejectionJobIds.length;
      stats.recordRejections(rejections.map((r) => r.reason));
    }
    if (rejections.length) {
      logger.debug('batch had rejections', {
        source,
        rejected: rejections.length,
        reasons: [...new Set(rejections.map((r) => r.reason))],
      });
    }
    return {
      accepted: accepted.length,
      rejected: rejections.length,
      evaluateJobIds,
      rejectionJobIds,
    };
  }
}
