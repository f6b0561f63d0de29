import { Controller, Get, Inject } from '@nestjs/common';
import type { PublicConfig } from '@cityops/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { Public } from '../auth/auth.decorators.js';

/** What the console needs before login: map renderer and display time zone. */
@Controller('config')
@Public()
export class ConsoleConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  get(): PublicConfig {
    return { mapboxToken: this.config.MAPBOX_TOKEN ?? null, timezone: 'Asia/Shanghai' };
  }
}
