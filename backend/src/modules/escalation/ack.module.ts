import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import { AckController } from './ack.controller.js';
import { AckService } from './ack.service.js';
import { EscalationModule } from './escalation.module.js';

/** The acknowledge page behind the links in messages (API process only). */
@Module({
  imports: [IncidentsModule, EscalationModule],
  controllers: [AckController],
  providers: [AckService, IncidentsRepository],
})
export class AckModule {}
