import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OncallModule } from '../oncall/oncall.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { EscalationPoliciesController } from './escalation-policies.controller.js';
import { EscalationPoliciesService } from './escalation-policies.service.js';
import { EscalationRepository } from './escalation.repository.js';
import { EscalationService } from './escalation.service.js';
import { EscalationStepJob } from './escalation-step.job.js';

/**
 * Escalation (docs/escalation.md): policies and the engine. IncidentsModule imports this one (the
 * transitions job starts and stops escalations), so it reads incidents through the repository, not
 * IncidentsService; the acknowledge page, which needs IncidentsService, is AckModule.
 */
@Module({
  imports: [AuthModule, NotificationsModule, OncallModule, RulesModule],
  controllers: [EscalationPoliciesController],
  providers: [
    EscalationService,
    EscalationPoliciesService,
    EscalationRepository,
    IncidentsRepository,
    EscalationStepJob,
  ],
  exports: [EscalationService, EscalationRepository, EscalationStepJob],
})
export class EscalationModule {}
