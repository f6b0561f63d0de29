import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { RulesController } from './rules.controller.js';
import { RulesRepository } from './rules.repository.js';
import { RulesService } from './rules.service.js';

/**
 * The rule store and the rules in force. Imported by the evaluation paths (alerting, incidents) in
 * both process roles; the controller is served where the API runs.
 */
@Module({
  imports: [AuthModule],
  controllers: [RulesController],
  providers: [RulesService, RulesRepository],
  exports: [RulesService],
})
export class RulesModule {}
