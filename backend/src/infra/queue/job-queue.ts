import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { JOBS, type JobName, type JobOf, type QueueName, redisKeys } from '@cityops/contracts';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../redis/redis.js';

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { count: 5_000 },
  removeOnFail: { count: 20_000 },
};

/** What a producer may set per job (the rest stays DEFAULT_JOB_OPTIONS). */
export type PerJobOptions = Pick<JobsOptions, 'attempts' | 'backoff' | 'delay'>;

/**
 * Producer side of every queue. Job ids are deterministic where the caller gives one, so a retry
 * or a second replica adding the same job is a no-op.
 */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.redis,
        prefix: redisKeys(this.config.REDIS_PREFIX).bull,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** `options` overrides the defaults' attempts, backoff or delay for this job only. */
  async add<N extends JobName>(
    name: N,
    payload: JobOf<N>,
    jobId?: string,
    options: PerJobOptions = {},
  ): Promise<void> {
    const validated = JOBS[name].schema.parse(payload);
    await this.queue(JOBS[name].queue).add(name, validated, {
      ...options,
      ...(jobId ? { jobId: safeJobId(jobId) } : {}),
    });
  }

  async addBulk<N extends JobName>(
    name: N,
    jobs: { payload: JobOf<N>; jobId: string }[],
  ): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue(JOBS[name].queue).addBulk(
      jobs.map((job) => ({
        name,
        data: JOBS[name].schema.parse(job.payload),
        opts: { jobId: safeJobId(job.jobId) },
      })),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

/** BullMQ refuses ":" in custom ids (its key separator) and ids that look like integers. */
export function safeJobId(id: string): string {
  const cleaned = id.replaceAll(':', '~');
  return /^\d+$/.test(cleaned) ? `j${cleaned}` : cleaned;
}
