import {
  JOBS,
  JobName,
  QueueName,
  redisKeys,
  type JobOf,
  type Reading,
  type Rejection,
} from '@cityops/contracts';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { chunk } from '../lib/chunk.js';
import type { Logger } from '../observability/logger.js';
import { batchJobId, readingsContentKey, rejectionsContentKey } from './job-ids.js';

/** Retries with exponential backoff; completed jobs are trimmed by count, failed ones kept a week for inspection. */
export const PRODUCER_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

const MAX_READINGS_PER_JOB = 50_000;
const MAX_REJECTIONS_PER_JOB = 10_000;

/** evaluate-readings' envelope: the contract's rule for `source`; the readings are taken as validated. */
const EvaluateSourceSchema = JOBS[JobName.EvaluateReadings].schema.pick({ source: true });

/** Sort by event time (then sensor) so the backend's fast path sees each sensor's readings in order. */
export function inTimeOrder(readings: readonly Reading[]): Reading[] {
  return [...readings].sort(
    (a, b) => a.ts - b.ts || (a.sensorId < b.sensorId ? -1 : a.sensorId > b.sensorId ? 1 : 0),
  );
}

/**
 * The collectors' side of the backend's queues: evaluate-readings onto telemetry after a write,
 * record-rejections onto quarantine. Payloads are checked against the contract before they leave
 * (for evaluate-readings the envelope: its readings were checked by checkReading just before).
 */
export class TelemetryJobs {
  private readonly telemetry: Queue;
  private readonly quarantine: Queue;

  constructor(connection: Redis, prefix: string, logger: Logger) {
    const options = {
      connection,
      prefix: redisKeys(prefix).bull,
      defaultJobOptions: PRODUCER_JOB_OPTIONS,
    };
    this.telemetry = new Queue(QueueName.Telemetry, options);
    this.quarantine = new Queue(QueueName.Quarantine, options);
    for (const queue of [this.telemetry, this.quarantine]) {
      queue.on('error', (err) => logger.warn('queue error', { queue: queue.name, err }));
    }
  }

  /**
   * Enqueues the batch's readings (in time order); returns the job ids.
   *
   * The readings come out of contracts' checkReading (validateReadings), so they already are what
   * ReadingSchema describes; only the envelope is checked here (source, batch size), not each
   * reading again, which cost about 1.5 µs per reading on the ingest hot path (docs/performance.md).
   * The backend's worker validates the whole payload against the contract when it takes the job.
   *
   * `contentKey` names the batch's content when the caller has a digest of it already (the
   * ingestor's line protocol); otherwise the readings themselves are serialised for it.
   */
  async evaluateReadings(
    source: string,
    pageCursor: string | null,
    readings: readonly Reading[],
    contentKey?: string,
  ): Promise<string[]> {
    const ids: string[] = [];
    const parts = chunk(inTimeOrder(readings), MAX_READINGS_PER_JOB);
    for (const [index, part] of parts.entries()) {
      const data: JobOf<typeof JobName.EvaluateReadings> = {
        ...EvaluateSourceSchema.parse({ source }),
        readings: part,
      };
      const content =
        contentKey === undefined
          ? readingsContentKey(part)
          : parts.length === 1
            ? contentKey
            : `${contentKey}#${index}`;
      const jobId = batchJobId(JobName.EvaluateReadings, source, pageCursor, content);
      await this.telemetry.add(JobName.EvaluateReadings, data, { jobId });
      ids.push(jobId);
    }
    return ids;
  }

  async recordRejections(
    source: string,
    pageCursor: string | null,
    rejections: readonly Rejection[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const part of chunk(rejections, MAX_REJECTIONS_PER_JOB)) {
      const data: JobOf<typeof JobName.RecordRejections> = JOBS[
        JobName.RecordRejections
      ].schema.parse({ rejections: part });
      const jobId = batchJobId(
        JobName.RecordRejections,
        source,
        pageCursor,
        rejectionsContentKey(part),
      );
      await this.quarantine.add(JobName.RecordRejections, data, { jobId });
      ids.push(jobId);
    }
    return ids;
  }

  async close(): Promise<void> {
    await Promise.all([this.telemetry.close(), this.quarantine.close()]);
  }
}
