import { Module } from '@nestjs/common';
import { AuditQueryRepository } from './audit-query.repository.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';

/** The audit trail: written by every module that changes state, read by supervisors and admins. */
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditQueryRepository],
  exports: [AuditRepository],
})
export class AuditModule {}
