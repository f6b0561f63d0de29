import { Injectable } from '@nestjs/common';
import { JobName, type JobOf } from '@cityops/contracts';
import type { JobHandler } from '../../../infra/queue/job-handler.js';
import { AlertingService } from '../alerting.service.js';

@Injectable()
export class EvaluateReadingsJob implements JobHandler<typeof JobName.EvaluateReadings> {
  readonly jobName = JobName.EvaluateReadings;

  constructor(private readonly alerting: AlertingService) {}

  async handle(payload: JobOf<typeof JobName.EvaluateReadings>): Promise<void> {
    await this.alerting.evaluateReadings(payload.readings);
  }
}
