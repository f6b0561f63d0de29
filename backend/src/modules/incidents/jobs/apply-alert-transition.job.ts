import { Injectable } from '@nestjs/common';
import { JobName, type JobOf } from '@cityops/contracts';
import type { JobHandler } from '../../../infra/queue/job-handler.js';
import { EscalationService } from '../../escalation/escalation.service.js';
import { WatchService } from '../../watch/watch.service.js';
import { IncidentsService } from '../incidents.service.js';

@Injectable()
export class ApplyAlertTransitionJob implements JobHandler<typeof JobName.ApplyAlertTransition> {
  readonly jobName = JobName.ApplyAlertTransition;

  constructor(
    private readonly incidents: IncidentsService,
    private readonly watch: WatchService,
    private readonly escalation: EscalationService,
  ) {}

  async handle(transition: JobOf<typeof JobName.ApplyAlertTransition>): Promise<void> {
    const outcome = await this.incidents.applyTransition(transition);
    // A rainfall signal may start or end a rainstorm watch (idempotent: a retry changes nothing).
    await this.watch.observeTransition(transition, outcome.incident?.id ?? null);
    // Page when a pageable incident opens, stop when it resolves (idempotent, like the rest).
    await this.escalation.observe(outcome.effect, outcome.incident);
  }
}
