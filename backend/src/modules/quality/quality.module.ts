import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { MaintenanceController } from './maintenance.controller.js';
import { MaintenanceRepository } from './maintenance.repository.js';
import { QualityStateRepository } from './quality-state.repository.js';
import { QualityService } from './quality.service.js';

@Module({
  imports: [AssetsModule, AuthModule, IncidentsModule],
  controllers: [MaintenanceController],
  providers: [QualityService, MaintenanceRepository, QualityStateRepository],
  exports: [QualityService],
})
export class QualityModule {}
