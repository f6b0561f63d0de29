import { Module } from '@nestjs/common';
import { IncidentMetrics } from './incident-metrics.js';

/** The incident gauge of the API's /metrics (the worker's /metrics leaves the database alone). */
@Module({ providers: [IncidentMetrics] })
export class IncidentMetricsModule {}
