import { Injectable } from '@nestjs/common';
import { JobName, type JobOf } from '@cityops/contracts';
import type { JobHandler } from '../../../infra/queue/job-handler.js';
import { CaseLinkingService } from '../../incidents/case-linking.service.js';
import { CasesRepository } from '../cases.repository.js';

@Injectable()
export class UpsertCasesJob implements JobHandler<typeof JobName.UpsertCases> {
  readonly jobName = JobName.UpsertCases;

  constructor(
    private readonly cases: CasesRepository,
    private readonly linking: CaseLinkingService,
  ) {}

  async handle(payload: JobOf<typeof JobName.UpsertCases>): Promise<void> {
    await this.cases.upsert(payload.cases, payload.source);
    // One record across sources: a case near an open incident of a related domain joins it (once;
    // a retried job finds the link made and adds nothing).
    await this.linking.linkCases(payload.cases);
  }
}
