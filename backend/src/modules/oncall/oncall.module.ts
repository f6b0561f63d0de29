import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { OncallController } from './oncall.controller.js';
import { OncallRepository } from './oncall.repository.js';
import { OncallService } from './oncall.service.js';

/** On-call: teams, schedules, routes; OncallService.recipientsFor for the escalation work. */
@Module({
  imports: [AuthModule],
  controllers: [OncallController],
  providers: [OncallService, OncallRepository],
  exports: [OncallService],
})
export class OncallModule {}
