import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import { RulesModule } from '../rules/rules.module.js';
import { WatchController } from './watch.controller.js';
import { WatchRepository } from './watch.repository.js';
import { WatchService } from './watch.service.js';

/**
 * Watch mode. Imported by the evaluation paths (alerting) for `effectiveRule` and `cadenceFactor`,
 * and by the app for the REST routes. IncidentsRepository (stateless, database only) is provided here
 * for the timeline entries, so this module does not depend on IncidentsModule, which may import it.
 */
@Module({
  imports: [AssetsModule, AuthModule, RulesModule],
  controllers: [WatchController],
  providers: [WatchService, WatchRepository, IncidentsRepository],
  exports: [WatchService],
})
export class WatchModule {}
