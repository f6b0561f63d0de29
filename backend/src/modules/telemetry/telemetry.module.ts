import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module.js';
import { TelemetryController } from './telemetry.controller.js';

@Module({ imports: [AssetsModule], controllers: [TelemetryController] })
export class TelemetryModule {}
