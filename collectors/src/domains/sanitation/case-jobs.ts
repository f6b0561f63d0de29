import {
  JOBS,
  JobName,
  QueueName,
  redisKeys,
  type JobOf,
  type SanitationCase,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { chunk } from '../../lib/chunk.js';
import type { Logger } from '../../observability/logger.js';
import { batchJobId } from '../../queue/job-ids.js';
import { PRODUCER_JOB_OPTIONS } from '../../queue/telemetry-jobs.js';

const MAX_CASES_PER_JOB = 10_000;

/** Content key of cases: every field, in order (the same update twice gives the same key). */
export function casesContentKey(cases: readonly SanitationCase[]): string {
  return JSON.stringify(
    cases.map((c) => [
      c.id,
      c.updatedAt,
      c.status,
      c.category,
      c.source,
      c.reportedAt,
      c.dueAt,
      c.lng,
      c.lat,
      c.district,
      c.description,
    ]),
  );
}

/** Oldest update first, then by id, so the backend applies a case's updates in order. */
export function inUpdateOrder(cases: readonly SanitationCase[]): SanitationCase[] {
  return [...cases].sort(
    (a, b) => a.updatedAt - b.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * The collectors' side of the backend's cases queue: upsert-cases with {source, cases}, checked
 * against the contract before it leaves, with a job id from the source, the position it was read
 * from (cursor, file and line) and the content, so a batch enqueued again is ignored by BullMQ.
 */
export class CaseJobs {
  private readonly queue: Queue;

  constructor(connection: Redis, prefix: string, logger: Logger) {
    this.queue = new Queue(QueueName.Cases, {
      connection,
      prefix: redisKeys(prefix).bull,
      defaultJobOptions: PRODUCER_JOB_OPTIONS,
    });
    this.queue.on('error', (err) => logger.warn('queue error', { queue: this.queue.name, err }));
  }

  async upsertCases(
    source: string,
    position: string | null,
    cases: readonly SanitationCase[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const part of chunk(inUpdateOrder(cases), MAX_CASES_PER_JOB)) {
      const data: JobOf<typeof JobName.UpsertCases> = JOBS[JobName.UpsertCases].schema.parse({
        source,
        cases: part,
      });
      const jobId = batchJobId(JobName.UpsertCases, source, position, casesContentKey(part));
      await this.queue.add(JobName.UpsertCases, data, { jobId });
      ids.push(jobId);
    }
    return ids;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
