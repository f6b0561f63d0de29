import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { CasesController } from './cases.controller.js';
import { CasesRepository } from './cases.repository.js';
import { UpsertCasesJob } from './jobs/upsert-cases.job.js';

@Module({
  imports: [IncidentsModule],
  controllers: [CasesController],
  providers: [CasesRepository, UpsertCasesJob],
  exports: [CasesRepository, UpsertCasesJob],
})
export class CasesModule {}
