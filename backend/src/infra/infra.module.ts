import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { DATABASE, type Database } from './database/database.js';
import { openDatabase } from './database/open-database.js';
import { SettingsRepository } from './database/settings.repository.js';
import { INFLUX, createInflux } from './influx/influx.js';
import { LivePublisher } from './live/live-publisher.js';
import { MetricsRegistry } from './metrics/metrics-registry.js';
import { JobQueue } from './queue/job-queue.js';
import { QueueMetrics } from './queue/queue-metrics.js';
import { REDIS, createRedis } from './redis/redis.js';

/** The technology every feature uses: database, Redis, InfluxDB, queues, live events, metrics. */
@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => openDatabase(config),
    },
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createRedis(config.REDIS_URL, 'cityops-backend'),
    },
    {
      provide: INFLUX,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createInflux(config.influx),
    },
    JobQueue,
    LivePublisher,
    MetricsRegistry,
    SettingsRepository,
    QueueMetrics,
  ],
  exports: [DATABASE, REDIS, INFLUX, JobQueue, LivePublisher, MetricsRegistry, SettingsRepository],
})
export class InfraModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close().catch(() => undefined);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
