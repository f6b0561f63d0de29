import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { EscalationModule } from '../escalation/escalation.module.js';
import { MaintenanceRepository } from '../quality/maintenance.repository.js';
import { RulesModule } from '../rules/rules.module.js';
import { SilencesRepository } from '../silences/silences.repository.js';
import { WatchModule } from '../watch/watch.module.js';
import { CaseLinkingService } from './case-linking.service.js';
import { IncidentStatsRepository } from './incident-stats.repository.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsRepository } from './incidents.repository.js';
import { IncidentsService } from './incidents.service.js';
import { ApplyAlertTransitionJob } from './jobs/apply-alert-transition.job.js';

@Module({
  imports: [AssetsModule, AuthModule, RulesModule, WatchModule, EscalationModule],
  controllers: [IncidentsController],
  providers: [
    IncidentsService,
    IncidentsRepository,
    IncidentStatsRepository,
    CaseLinkingService,
    // Read inside a transition's transaction: silences at its event time, the sensor's quality.
    SilencesRepository,
    MaintenanceRepository,
    ApplyAlertTransitionJob,
  ],
  exports: [IncidentsService, CaseLinkingService, ApplyAlertTransitionJob],
})
export class IncidentsModule {}
