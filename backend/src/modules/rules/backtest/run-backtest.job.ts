import { Injectable } from '@nestjs/common';
import { JobName, type JobOf } from '@cityops/contracts';
import type { JobHandler } from '../../../infra/queue/job-handler.js';
import { BacktestService } from './backtest.service.js';

/**
 * A long backtest. A failure is recorded on the backtest (status failed) rather than retried: the
 * person who asked can run it again. A worker that dies mid-run leaves the job stalled; BullMQ hands
 * it to another worker, which starts it over.
 */
@Injectable()
export class RunBacktestJob implements JobHandler<typeof JobName.RunBacktest> {
  readonly jobName = JobName.RunBacktest;

  constructor(private readonly backtests: BacktestService) {}

  async handle(payload: JobOf<typeof JobName.RunBacktest>): Promise<void> {
    await this.backtests.runJob(payload);
  }
}
