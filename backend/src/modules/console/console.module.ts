import { Module } from '@nestjs/common';
import { ConsoleConfigController } from './console-config.controller.js';

@Module({ controllers: [ConsoleConfigController] })
export class ConsoleModule {}
