import { randomBytes } from 'node:crypto';
import {
  QueueName,
  redisKeys,
  type JobName,
  type JobOf,
  type Reading,
  type Rejection,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export const REDIS_TEST_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis prefix of its own for one test: the registry, the queues, everything under it is deleted afterwards. */
export class RedisTestSpace {
  readonly prefix = `cityops-test-${randomBytes(6).toString('hex')}`;
  readonly redis = new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: null });

  /** Writes registry entries the way the backend does (id -> AssetRegistryEntry JSON). */
  async registerAssets(
    entries: Record<string, { domain: string; kind: string; district: string }>,
  ): Promise<void> {
    const fields = Object.entries(entries).flatMap(([id, entry]) => [id, JSON.stringify(entry)]);
    await this.redis.hset(redisKeys(this.prefix).assetRegistry, ...fields);
  }

  async evaluateJobs(): Promise<{ id: string; data: JobOf<typeof JobName.EvaluateReadings> }[]> {
    return this.jobs(QueueName.Telemetry);
  }

  async rejectionJobs(): Promise<{ id: string; data: JobOf<typeof JobName.RecordRejections> }[]> {
    return this.jobs(QueueName.Quarantine);
  }

  async upsertCaseJobs(): Promise<{ id: string; data: JobOf<typeof JobName.UpsertCases> }[]> {
    return this.jobs(QueueName.Cases);
  }

  async allEvaluatedReadings(): Promise<Reading[]> {
    return (await this.evaluateJobs()).flatMap((j) => j.data.readings);
  }

  async allRejections(): Promise<Rejection[]> {
    return (await this.rejectionJobs()).flatMap((j) => j.data.rejections);
  }

  async cleanUp(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        `${this.prefix}:*`,
        'COUNT',
        1000,
      );
      if (keys.length) await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await this.redis.quit();
  }

  private async jobs<T>(queueName: string): Promise<{ id: string; data: T }[]> {
    const queue = new Queue(queueName, {
      connection: this.redis,
      prefix: redisKeys(this.prefix).bull,
    });
    try {
      const jobs = await queue.getJobs([
        'waiting',
        'active',
        'delayed',
        'prioritized',
        'completed',
        'failed',
      ]);
      return jobs
        .map((job) => ({ id: String(job.id), data: job.data as T }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    } finally {
      await queue.close();
    }
  }
}
