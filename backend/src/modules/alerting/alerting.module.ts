import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { AlertStateRepository } from './alert-state.repository.js';
import { AlertingService } from './alerting.service.js';
import { EvaluateReadingsJob } from './jobs/evaluate-readings.job.js';

@Module({
  imports: [AssetsModule, RulesModule],
  providers: [AlertingService, AlertStateRepository, EvaluateReadingsJob],
  exports: [AlertingService, EvaluateReadingsJob],
})
export class AlertingModule {}
