import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { JOBS, type JobName, QueueName, redisKeys } from '@cityops/contracts';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../redis/redis.js';
import { DeferJob, JOB_HANDLERS, type JobHandler } from './job-handler.js';
import { buildJobRegistry } from './job-registry.js';
import { JobQueue } from './job-queue.js';
import { formatIssues } from '@cityops/contracts';
import { MetricsRegistry } from '../metrics/metrics-registry.js';

/**
 * Concurrency per queue and process (the notifications queue's is NOTIFY_CONCURRENCY). Telemetry,
 * incidents and cases are also limited to one job at a time across all processes (ORDERED): alert
 * state per (rule, asset), incident transitions and case updates must apply in order, whichever
 * worker process takes the job.
 */
const CONCURRENCY: Record<Exclude<QueueName, typeof QueueName.Notifications>, number> = {
  [QueueName.Telemetry]: 1,
  [QueueName.Incidents]: 1,
  [QueueName.Quarantine]: 4,
  // One at a time: a newer update of a case must not be overtaken by an older one in flight.
  [QueueName.Cases]: 1,
  // Backtests are long and CPU-bound between queries: one per process, so live work keeps its share.
  [QueueName.Backtests]: 1,
  // A tick job serialises on its rule's lock; two let a slow window rule not hold up the others.
  [QueueName.Ticks]: 2,
};

const ORDERED: readonly QueueName[] = [QueueName.Telemetry, QueueName.Incidents, QueueName.Cases];

/**
 * A dead worker's job holds an ordered queue's one slot until its lock expires and the stalled-job
 * check hands it back: shorter than BullMQ's 30 s + 30 s, so alerting pauses for seconds, not a
 * minute. The lock is renewed every lockDuration / 2 while a job runs; a job stalled (an event loop
 * blocked past the lock) runs again, which every handler of these queues tolerates (idempotent),
 * and only after maxStalledCount stalls does it fail. Deliveries a dead worker was sending come
 * back as soon, too: a stalled delivery that runs again while its first run is still sending
 * waits for the deliveries row's lease instead of sending alongside.
 */
const SHORT_LOCK = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 };
const SHORT_LOCKED: readonly QueueName[] = [...ORDERED, QueueName.Notifications];

/** Consumer side: one BullMQ Worker per queue, dispatching by job name to its handler. */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(JOB_HANDLERS) private readonly handlers: JobHandler[],
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsRegistry,
    private readonly queues: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const registry = buildJobRegistry(this.handlers);
    // Idempotent, and the same value from every process.
    for (const name of ORDERED) await this.queues.queue(name).setGlobalConcurrency(1);
    // WORKER_QUEUES: a deployment per queue family consumes only its own queues.
    for (const queueName of this.config.WORKER_QUEUES) {
      const worker = new Worker(
        queueName,
        (job: Job, token?: string) => this.process(registry, job, token),
        {
          connection: this.redis.duplicate(),
          prefix: redisKeys(this.config.REDIS_PREFIX).bull,
          concurrency: this.concurrencyOf(queueName),
          ...(SHORT_LOCKED.includes(queueName) && SHORT_LOCK),
        },
      );
      worker.on('failed', (job, error) =>
        this.logger.warn(
          `${queueName}/${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`,
        ),
      );
      worker.on('error', (error) => this.logger.error(`${queueName} worker: ${error.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`consuming ${this.config.WORKER_QUEUES.join(', ')}`);
  }

  private concurrencyOf(queueName: QueueName): number {
    return queueName === QueueName.Notifications
      ? this.config.NOTIFY_CONCURRENCY
      : CONCURRENCY[queueName];
  }

  private async process(
    registry: ReturnType<typeof buildJobRegistry>,
    job: Job,
    token?: string,
  ): Promise<void> {
    const name = job.name as JobName;
    const handler = registry.get(name);
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    const parsed = JOBS[name].schema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(`invalid ${name} payload: ${formatIssues(parsed.error)}`);
    }
    const stop = this.metrics.jobDuration.startTimer({ queue: job.queueName, job: name });
    try {
      await handler.handle(parsed.data as never, {
        id: job.id ?? '',
        attemptsMade: job.attemptsMade,
        attempts: job.opts.attempts ?? 1,
      });
      stop({ outcome: 'completed' });
    } catch (error) {
      if (error instanceof DeferJob && token) {
        // Not a failure: back to the delayed set without using an attempt (job.moveToDelayed).
        stop({ outcome: 'deferred' });
        await job.moveToDelayed(error.until, token);
        throw new DelayedError(error.message);
      }
      stop({ outcome: 'failed' });
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
