import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { SilencesController } from './silences.controller.js';
import { SilencesRepository } from './silences.repository.js';
import { SilencesService } from './silences.service.js';

@Module({
  imports: [AuthModule, IncidentsModule],
  controllers: [SilencesController],
  providers: [SilencesService, SilencesRepository],
})
export class SilencesModule {}
