import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsRepository } from './incidents.repository.js';
import { IncidentsService } from './incidents.service.js';
import { ApplyAlertTransitionJob } from './jobs/apply-alert-transition.job.js';

@Module({
  imports: [AssetsModule, AuthModule, RulesModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentsRepository, ApplyAlertTransitionJob],
  exports: [IncidentsService, ApplyAlertTransitionJob],
})
export class IncidentsModule {}
