import { Injectable } from '@nestjs/common';
import { QueueName } from '@cityops/contracts';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '../metrics/metrics-registry.js';
import { JobQueue } from './job-queue.js';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Queue depth per queue and state, read from Redis when /metrics is scraped. */
@Injectable()
export class QueueMetrics {
  constructor(metrics: MetricsRegistry, queues: JobQueue) {
    new Gauge({
      name: 'cityops_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const name of Object.values(QueueName)) {
          const counts = await queues.queue(name).getJobCounts(...STATES);
          for (const state of STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      },
    });
  }
}
