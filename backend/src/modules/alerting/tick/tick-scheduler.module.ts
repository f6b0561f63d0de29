import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { RulesModule } from '../../rules/rules.module.js';
import { WatchModule } from '../../watch/watch.module.js';
import { TickScheduler } from './tick-scheduler.js';

/** The tick path's scheduler: part of the API role (every replica runs it; job ids dedupe). */
@Module({
  imports: [ScheduleModule.forRoot(), RulesModule, WatchModule],
  providers: [TickScheduler],
  exports: [TickScheduler],
})
export class TickSchedulerModule {}
