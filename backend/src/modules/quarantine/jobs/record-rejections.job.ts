import { Injectable } from '@nestjs/common';
import { JobName, type JobOf } from '@cityops/contracts';
import { MetricsRegistry } from '../../../infra/metrics/metrics-registry.js';
import type { JobHandler } from '../../../infra/queue/job-handler.js';
import { QuarantineRepository } from '../quarantine.repository.js';

@Injectable()
export class RecordRejectionsJob implements JobHandler<typeof JobName.RecordRejections> {
  readonly jobName = JobName.RecordRejections;

  constructor(
    private readonly quarantine: QuarantineRepository,
    private readonly metrics: MetricsRegistry,
  ) {}

  async handle(payload: JobOf<typeof JobName.RecordRejections>): Promise<void> {
    await this.quarantine.insertMany(payload.rejections);
    for (const r of payload.rejections) this.metrics.quarantined.inc({ reason: r.reason });
  }
}
