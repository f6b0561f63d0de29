import { Module } from '@nestjs/common';
import { CollectorHeartbeatsRepository } from './collector-heartbeats.repository.js';
import { HealthController } from './health.controller.js';

@Module({ controllers: [HealthController], providers: [CollectorHeartbeatsRepository] })
export class HealthModule {}
