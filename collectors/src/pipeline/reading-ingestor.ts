import type { Domain, Reading } from '@cityops/contracts';
import type {
  AcceptedReading,
  ValidationContext,
  ValidationResult,
} from '../domains/readings/validate-readings.js';
import { sensorIdOf } from '../domains/readings/validate-readings.js';
import type { Logger } from '../observability/logger.js';
import type { CollectorStats } from '../observability/stats.js';
import type { TelemetryJobs } from '../queue/telemetry-jobs.js';
import type { AssetRegistry } from '../registry/asset-registry.js';
import { bodyContentKey, linesContentKey } from '../queue/job-ids.js';
import type { LineWriter, PointWriter } from '../sink/influx-writer.js';
import { pointFromReading, ReadingLineEncoder } from '../sink/points.js';

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
 * The per-batch order every source follows: validate, write the accepted points (to InfluxDB, or to
 * the disk spool that replays into it: durable either way), enqueue the evaluate job, enqueue the
 * rejections. The caller checkpoints (or acknowledges) only after this resolves; every step is safe
 * to repeat (same points overwrite, same job ids are ignored), so a crash anywhere before the
 * checkpoint just replays the batch.
 */
export class ReadingIngestor {
  private readonly lines = new ReadingLineEncoder();

  constructor(private readonly deps: IngestorDeps) {
    deps.stats?.registerSource(deps.source);
  }

  /**
   * Resolves when the writer can take another batch (a free slot, room in the disk spool). Sources
   * await it before fetching more or acknowledging messages, so a slow InfluxDB slows the intake.
   */
  async ready(signal?: AbortSignal): Promise<void> {
    await this.deps.writer.ready?.(signal);
  }

  async ingest(
    raws: readonly unknown[],
    pageCursor: string | null,
    signal?: AbortSignal,
  ): Promise<IngestSummary> {
    const { source, validate, registry, writer, jobs, stats, logger } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    const ids = new Set<string>();
    for (const raw of raws) {
      const id = sensorIdOf(raw);
      if (id !== null) ids.add(id);
    }
    const assets = await registry.resolve(ids);
    const { accepted, rejections } = validate(raws, { source, now, assets });

    // Durable once this resolves: in InfluxDB, or in the disk spool that replays into it.
    const content = accepted.length > 0 ? await this.write(writer, accepted, signal) : undefined;
    const readings: Reading[] = accepted.map((a) => a.reading);
    const evaluateJobIds = readings.length
      ? await jobs.evaluateReadings(source, pageCursor, readings, content)
      : [];
    const rejectionJobIds = rejections.length
      ? await jobs.recordRejections(source, pageCursor, rejections)
      : [];

    if (stats) {
      let newest: number | null = null;
      for (const r of readings) if (newest === null || r.ts > newest) newest = r.ts;
      stats.recordAccepted(source, accepted.length, newest);
      stats.evaluateJobs += evaluateJobIds.length;
      stats.rejectionJobs += rejectionJobIds.length;
      stats.recordRejections(
        rejections.map((r) => r.reason),
        source,
      );
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

  /**
   * Line protocol straight from the readings when the writer takes lines (no point objects on the
   * hot path). Returns the digest of those lines, which is also the content part of the evaluate
   * job's id (the lines hold every reading's sensor, time and values): one hash over a string
   * already built instead of serialising the readings a second time.
   */
  private async write(
    writer: PointWriter,
    accepted: readonly AcceptedReading[],
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    if (!isLineWriter(writer)) {
      await writer.write(
        accepted.map((a) => pointFromReading(a.reading, a.asset)),
        signal,
      );
      return undefined;
    }
    if (accepted.length > writer.maxBatchLines) {
      const lines: string[] = [];
      for (const { reading, asset } of accepted) {
        const line = this.lines.line(reading, asset);
        if (line !== null) lines.push(line);
      }
      await writer.writeLines(lines, signal);
      return linesContentKey(lines);
    }
    // One batch: concatenated straight into its body (cheaper than an array of lines and a join).
    let body = '';
    let count = 0;
    for (const { reading, asset } of accepted) {
      const line = this.lines.line(reading, asset);
      if (line === null) continue;
      body = count === 0 ? line : body + '\n' + line;
      count += 1;
    }
    if (count > 0) await writer.writeBody(body, count, signal);
    return bodyContentKey(body);
  }
}

function isLineWriter(writer: PointWriter): writer is LineWriter {
  const w = writer as Partial<LineWriter>;
  return typeof w.writeLines === 'function' && typeof w.writeBody === 'function';
}
