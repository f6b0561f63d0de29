import { Controller, Get, Inject } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { Public } from '../auth/auth.decorators.js';

export interface ConsoleConfig {
  /** Set when the city configured MAPBOX_TOKEN; the console then uses mapbox-gl instead of offline MapLibre. */
  mapboxToken: string | null;
  timezone: string;
}

/** What the console needs before login: map renderer and display time zone. */
@Controller('config')
@Public()
export class ConsoleConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  get(): ConsoleConfig {
    return { mapboxToken: this.config.MAPBOX_TOKEN ?? null, timezone: 'Asia/Shanghai' };
  }
}
