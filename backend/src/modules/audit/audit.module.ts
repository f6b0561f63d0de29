import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository.js';

/** The audit trail: written by every module that changes state, read by supervisors and admins. */
@Module({
  providers: [AuditRepository],
  exports: [AuditRepository],
})
export class AuditModule {}
