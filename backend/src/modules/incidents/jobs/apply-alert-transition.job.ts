import { Injectable } from '@nestjs/common';
import { JobName, type JobOf } from '@cityops/contracts';
import type { JobHandler } from '../../../infra/queue/job-handler.js';
import { IncidentsService } from '../incidents.service.js';

@Injectable()
export class ApplyAlertTransitionJob implements JobHandler<typeof JobName.ApplyAlertTransition> {
  readonly jobName = JobName.ApplyAlertTransition;

  constructor(private readonly incidents: IncidentsService) {}

  async handle(transition: JobOf<typeof JobName.ApplyAlertTransition>): Promise<void> {
    await this.incidents.applyTransition(transition);
  }
}
