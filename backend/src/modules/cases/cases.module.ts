import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller.js';
import { CasesRepository } from './cases.repository.js';
import { UpsertCasesJob } from './jobs/upsert-cases.job.js';

@Module({
  controllers: [CasesController],
  providers: [CasesRepository, UpsertCasesJob],
  exports: [UpsertCasesJob],
})
export class CasesModule {}
