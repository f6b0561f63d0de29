import { Injectable } from '@nestjs/common';
import { JobName, type JobOf } from '@cityops/contracts';
import type { JobHandler } from '../../../infra/queue/job-handler.js';
import { TickService } from './tick.service.js';

@Injectable()
export class EvaluateRuleTickJob implements JobHandler<typeof JobName.EvaluateRuleTick> {
  readonly jobName = JobName.EvaluateRuleTick;

  constructor(private readonly ticks: TickService) {}

  async handle(payload: JobOf<typeof JobName.EvaluateRuleTick>): Promise<void> {
    await this.ticks.evaluate(payload.ruleId, payload.tickAt);
  }
}
