import { Module } from '@nestjs/common';
import { AlertingModule } from '../../modules/alerting/alerting.module.js';
import { CasesModule } from '../../modules/cases/cases.module.js';
import { UpsertCasesJob } from '../../modules/cases/jobs/upsert-cases.job.js';
import { EvaluateReadingsJob } from '../../modules/alerting/jobs/evaluate-readings.job.js';
import { EvaluateRuleTickJob } from '../../modules/alerting/tick/evaluate-rule-tick.job.js';
import { ApplyAlertTransitionJob } from '../../modules/incidents/jobs/apply-alert-transition.job.js';
import { IncidentsModule } from '../../modules/incidents/incidents.module.js';
import { RecordRejectionsJob } from '../../modules/quarantine/jobs/record-rejections.job.js';
import { QuarantineModule } from '../../modules/quarantine/quarantine.module.js';
import { BacktestModule } from '../../modules/rules/backtest/backtest.module.js';
import { RunBacktestJob } from '../../modules/rules/backtest/run-backtest.job.js';
import { DeliverNotificationJob } from '../../modules/notifications/jobs/deliver-notification.job.js';
import { NotificationsModule } from '../../modules/notifications/notifications.module.js';
import { SendDigestJob } from '../../modules/notifications/storm/send-digest.job.js';
import { EscalationModule } from '../../modules/escalation/escalation.module.js';
import { EscalationStepJob } from '../../modules/escalation/escalation-step.job.js';
import { JOB_HANDLERS, type JobHandler } from './job-handler.js';
import { QueueWorkers } from './queue-workers.js';

/** Consumes every queue. Each feature exports its job handlers; a new job is one more entry here. */
@Module({
  imports: [
    AlertingModule,
    IncidentsModule,
    QuarantineModule,
    CasesModule,
    BacktestModule,
    NotificationsModule,
    EscalationModule,
  ],
  providers: [
    {
      provide: JOB_HANDLERS,
      inject: [
        EvaluateReadingsJob,
        ApplyAlertTransitionJob,
        RecordRejectionsJob,
        UpsertCasesJob,
        RunBacktestJob,
        EvaluateRuleTickJob,
        DeliverNotificationJob,
        EscalationStepJob,
        SendDigestJob,
      ],
      useFactory: (...handlers: JobHandler[]) => handlers,
    },
    QueueWorkers,
  ],
})
export class WorkersModule {}
