import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
} from '@nestjs/common';
import { MetricNameSchema, SensorIdSchema } from '@cityops/contracts';
import type { InfluxDB } from 'influx';
import { z } from 'zod';
import { INFLUX } from '../../infra/influx/influx.js';
import { ZodQuery } from '../../infra/http/zod-validation.pipe.js';
import { AssetRegistryRepository } from '../assets/asset-registry.repository.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { assertInScope } from '../auth/district-scope.js';
import { buildSeriesQuery, stepMs } from './telemetry.query.js';

const MAX_POINTS = 5_000;

const TelemetryQuerySchema = z
  .object({
    metric: MetricNameSchema,
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    step: z
      .string()
      .regex(/^\d{1,4}[smhd]$/, 'step is a duration such as 30s, 5m, 1h')
      .default('1m'),
  })
  .strict();

export interface TelemetrySeries {
  sensorId: string;
  metric: string;
  step: string;
  points: { ts: string; value: number }[];
}

@Controller('telemetry')
export class TelemetryController {
  constructor(
    @Inject(INFLUX) private readonly influx: InfluxDB,
    private readonly registry: AssetRegistryRepository,
  ) {}

  /** A series for charts: the mean of one metric per step (default: the last 6 hours, 1-minute steps). */
  @Get(':sensorId')
  async series(
    @Param('sensorId') sensorId: string,
    @Query(ZodQuery(TelemetryQuerySchema)) query: z.infer<typeof TelemetryQuerySchema>,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<TelemetrySeries> {
    if (!SensorIdSchema.safeParse(sensorId).success)
      throw new BadRequestException('sensorId is not valid');
    const asset = (await this.registry.lookup([sensorId])).get(sensorId);
    if (!asset) throw new NotFoundException(`No sensor ${sensorId}`);
    assertInScope(user, asset.district, `No sensor ${sensorId}`);
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 6 * 3_600_000);
    if (from >= to) throw new BadRequestException('from must be before to');
    if ((to.getTime() - from.getTime()) / stepMs(query.step) > MAX_POINTS) {
      throw new BadRequestException(
        `at most ${MAX_POINTS} points per series: widen step or narrow the range`,
      );
    }
    const rows = await this.influx.query<{ time: Date; value: number }>(
      buildSeriesQuery({
        domain: asset.domain,
        assetId: sensorId,
        metric: query.metric,
        from,
        to,
        step: query.step,
      }),
    );
    return {
      sensorId,
      metric: query.metric,
      step: query.step,
      points: rows.map((r) => ({ ts: new Date(r.time).toISOString(), value: r.value })),
    };
  }
}
