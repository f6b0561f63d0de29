import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's Prometheus metrics; GET /metrics renders them. */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  readonly jobDuration = new Histogram({
    name: 'cityops_job_duration_seconds',
    help: 'Time spent processing a queue job',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: [0.005, 0.02, 0.1, 0.5, 2, 10, 60],
    registers: [this.registry],
  });

  readonly readingsEvaluated = new Counter({
    name: 'cityops_readings_evaluated_total',
    help: 'Readings evaluated on the fast path',
    registers: [this.registry],
  });

  readonly alertTransitions = new Counter({
    name: 'cityops_alert_transitions_total',
    help: 'Alert state transitions produced by rule evaluation',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly quarantined = new Counter({
    name: 'cityops_quarantined_total',
    help: 'Rejected inputs stored in the quarantine',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly httpRequests = new Histogram({
    name: 'cityops_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.02, 0.1, 0.5, 2],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
