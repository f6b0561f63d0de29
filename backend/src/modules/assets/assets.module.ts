import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AssetRegistryRepository } from './asset-registry.repository.js';
import { AssetUpdatesPublisher } from './asset-updates.publisher.js';
import { AssetsController } from './assets.controller.js';
import { AssetsRepository } from './assets.repository.js';
import { AssetsService } from './assets.service.js';
import { LatestValuesRepository } from './latest-values.repository.js';

@Module({
  imports: [AuthModule],
  controllers: [AssetsController],
  providers: [
    AssetsService,
    AssetsRepository,
    AssetRegistryRepository,
    LatestValuesRepository,
    AssetUpdatesPublisher,
  ],
  exports: [
    AssetsService,
    AssetsRepository,
    AssetRegistryRepository,
    LatestValuesRepository,
    AssetUpdatesPublisher,
  ],
})
export class AssetsModule {}
