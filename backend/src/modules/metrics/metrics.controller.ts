import { Controller, Get, Header } from '@nestjs/common';
import { MetricsRegistry } from '../../infra/metrics/metrics-registry.js';
import { Public } from '../auth/auth.decorators.js';

/** GET /metrics (outside /api) in the Prometheus text format. */
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  render(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
