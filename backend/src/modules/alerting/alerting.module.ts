import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { QualityModule } from '../quality/quality.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { WatchModule } from '../watch/watch.module.js';
import { AlertStateRepository } from './alert-state.repository.js';
import { AlertingService } from './alerting.service.js';
import { EvaluateReadingsJob } from './jobs/evaluate-readings.job.js';
import { EvaluateRuleTickJob } from './tick/evaluate-rule-tick.job.js';
import { TickAssetsRepository } from './tick/tick-assets.repository.js';
import { TickInfluxRepository } from './tick/tick-influx.repository.js';
import { TickStateRepository } from './tick/tick-state.repository.js';
import { TickService } from './tick/tick.service.js';

/** Rule evaluation: the fast path (readings as they arrive) and the tick path (rules on a cadence). */
@Module({
  imports: [AssetsModule, CasesModule, QualityModule, RulesModule, WatchModule],
  providers: [
    AlertingService,
    AlertStateRepository,
    EvaluateReadingsJob,
    TickService,
    TickStateRepository,
    TickInfluxRepository,
    TickAssetsRepository,
    EvaluateRuleTickJob,
  ],
  exports: [AlertingService, EvaluateReadingsJob, TickService, EvaluateRuleTickJob],
})
export class AlertingModule {}
