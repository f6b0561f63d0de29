import { Injectable } from '@nestjs/common';
import { JobName, type JobOf } from '@cityops/contracts';
import type { JobHandler } from '../../infra/queue/job-handler.js';
import { EscalationService } from './escalation.service.js';

@Injectable()
export class EscalationStepJob implements JobHandler<typeof JobName.EscalationStep> {
  readonly jobName = JobName.EscalationStep;

  constructor(private readonly escalation: EscalationService) {}

  async handle(job: JobOf<typeof JobName.EscalationStep>): Promise<void> {
    await this.escalation.runStep(job);
  }
}
