import { Injectable } from '@nestjs/common';
import { JobName, type JobOf } from '@cityops/contracts';
import type { JobHandler } from '../../../infra/queue/job-handler.js';
import { CasesRepository } from '../cases.repository.js';

@Injectable()
export class UpsertCasesJob implements JobHandler<typeof JobName.UpsertCases> {
  readonly jobName = JobName.UpsertCases;

  constructor(private readonly cases: CasesRepository) {}

  async handle(payload: JobOf<typeof JobName.UpsertCases>): Promise<void> {
    await this.cases.upsert(payload.cases, payload.source);
  }
}
