import type { Rejection, SanitationCase } from '@cityops/contracts';
import type { Logger } from '../../observability/logger.js';
import type { CollectorStats } from '../../observability/stats.js';
import type { TelemetryJobs } from '../../queue/telemetry-jobs.js';
import type { CaseJobs } from './case-jobs.js';
import { validateCases, type CaseVerdict } from './case-validation.js';
import type { CasePointWriter } from './case-writer.js';

export interface CaseIngestorDeps {
  source: string;
  writer: CasePointWriter;
  jobs: Pick<CaseJobs, 'upsertCases'>;
  quarantine: Pick<TelemetryJobs, 'recordRejections'>;
  logger: Logger;
  stats?: CollectorStats;
  now?: () => number;
}

export interface CaseIngestSummary {
  accepted: number;
  rejected: number;
  upsertJobIds: string[];
  rejectionJobIds: string[];
}

/**
 * The per-batch order of every case source (HTTP pull, CSV drop, replay): validate, write one point
 * per case update to InfluxDB, enqueue upsert-cases, enqueue the rejections. The caller checkpoints
 * only after this resolves; every step is safe to repeat (same points, same job ids).
 */
export class CaseIngestor {
  constructor(private readonly deps: CaseIngestorDeps) {
    deps.stats?.registerSource(deps.source);
  }

  get source(): string {
    return this.deps.source;
  }

  now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Resolves when the sink can take another batch; sources await it before fetching more. */
  async ready(signal?: AbortSignal): Promise<void> {
    await this.deps.writer.ready?.(signal);
  }

  /** Checks the raw cases; the caller may look at the verdicts (CSV lines) before storing them. */
  validate(raws: readonly unknown[], now = this.now()): CaseVerdict[] {
    return validateCases(raws, { source: this.deps.source, now });
  }

  async ingest(
    raws: readonly unknown[],
    position: string | null,
    signal?: AbortSignal,
  ): Promise<CaseIngestSummary> {
    const now = this.now();
    const verdicts = this.validate(raws, now);
    return this.store(
      verdicts.flatMap((v) => (v.case ? [v.case] : [])),
      verdicts.flatMap((v) => (v.rejection ? [v.rejection] : [])),
      position,
      now,
      signal,
    );
  }

  /** Writes and enqueues cases that were already validated, and quarantines the rejections. */
  async store(
    cases: readonly SanitationCase[],
    rejections: readonly Rejection[],
    position: string | null,
    now: number,
    signal?: AbortSignal,
  ): Promise<CaseIngestSummary> {
    const { source, writer, jobs, quarantine, stats, logger } = this.deps;
    if (cases.length > 0) await writer.write(cases, now, signal);
    const upsertJobIds = cases.length ? await jobs.upsertCases(source, position, cases) : [];
    const rejectionJobIds = rejections.length
      ? await quarantine.recordRejections(source, position, rejections)
      : [];
    if (stats) {
      let newest: number | null = null;
      for (const c of cases) if (newest === null || c.updatedAt > newest) newest = c.updatedAt;
      stats.recordAccepted(source, cases.length, newest);
      stats.rejectionJobs += rejectionJobIds.length;
      stats.recordRejections(
        rejections.map((r) => r.reason),
        source,
      );
    }
    if (rejections.length) {
      logger.debug('case batch had rejections', {
        source,
        rejected: rejections.length,
        reasons: [...new Set(rejections.map((r) => r.reason))],
      });
    }
    return { accepted: cases.length, rejected: rejections.length, upsertJobIds, rejectionJobIds };
  }
}
