import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { InfraModule } from './infra/infra.module.js';
import { WorkersModule } from './infra/queue/workers.module.js';
import { AlertingModule } from './modules/alerting/alerting.module.js';
import { AssetsModule } from './modules/assets/assets.module.js';
import { CasesModule } from './modules/cases/cases.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { ConsoleModule } from './modules/console/console.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { IncidentsModule } from './modules/incidents/incidents.module.js';
import { LiveModule } from './modules/live/live.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { IncidentMetricsModule } from './infra/metrics/incident-metrics.module.js';
import { QueuesBoardModule } from './modules/queues-board/queues-board.module.js';
import { QualityModule } from './modules/quality/quality.module.js';
import { QuarantineModule } from './modules/quarantine/quarantine.module.js';
import { BacktestModule } from './modules/rules/backtest/backtest.module.js';
import { RulesModule } from './modules/rules/rules.module.js';
import { OncallModule } from './modules/oncall/oncall.module.js';
import { AckModule } from './modules/escalation/ack.module.js';
import { SilencesModule } from './modules/silences/silences.module.js';
import { TickSchedulerModule } from './modules/alerting/tick/tick-scheduler.module.js';
import { TelemetryModule } from './modules/telemetry/telemetry.module.js';
import { WatchModule } from './modules/watch/watch.module.js';

export interface ProcessRoles {
  config: AppConfig;
  /** Serve HTTP and Socket.IO. */
  api: boolean;
  /** Consume the queues. */
  workers: boolean;
}

/** One codebase, two roles: the API process, the worker process, or both in one (PGlite). */
@Module({})
export class AppModule {
  static register(roles: ProcessRoles): DynamicModule {
    const features = [
      AuthModule,
      AssetsModule,
      IncidentsModule,
      AlertingModule,
      QuarantineModule,
      CasesModule,
      RulesModule,
      BacktestModule,
      WatchModule,
      SilencesModule,
      OncallModule,
      QualityModule,
    ];
    const api = [
      HealthModule,
      MetricsModule,
      IncidentMetricsModule,
      QueuesBoardModule,
      ConsoleModule,
      LiveModule,
      TelemetryModule,
      TickSchedulerModule,
      AckModule,
    ];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(roles.config),
        InfraModule,
        ...features,
        ...(roles.api ? api : []),
        ...(roles.workers ? [WorkersModule] : []),
      ],
    };
  }
}
