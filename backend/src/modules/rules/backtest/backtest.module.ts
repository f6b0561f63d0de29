import { Module } from '@nestjs/common';
import { AssetsModule } from '../../assets/assets.module.js';
import { AuthModule } from '../../auth/auth.module.js';
import { RulesModule } from '../rules.module.js';
import { BacktestController } from './backtest.controller.js';
import { BacktestRepository } from './backtest.repository.js';
import { BacktestService } from './backtest.service.js';
import { RunBacktestJob } from './run-backtest.job.js';

/** Rule backtests: the REST routes, the service, and the `run-backtest` job for the workers. */
@Module({
  imports: [AuthModule, AssetsModule, RulesModule],
  controllers: [BacktestController],
  providers: [BacktestService, BacktestRepository, RunBacktestJob],
  exports: [BacktestService, RunBacktestJob],
})
export class BacktestModule {}
