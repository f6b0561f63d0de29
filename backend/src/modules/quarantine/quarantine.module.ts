import { Module } from '@nestjs/common';
import { RecordRejectionsJob } from './jobs/record-rejections.job.js';
import { QuarantineController } from './quarantine.controller.js';
import { QuarantineRepository } from './quarantine.repository.js';

@Module({
  controllers: [QuarantineController],
  providers: [QuarantineRepository, RecordRejectionsJob],
  exports: [RecordRejectionsJob],
})
export class QuarantineModule {}
