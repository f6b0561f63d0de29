import { Inject, Injectable, Logger } from '@nestjs/common';
import { DOMAINS, INCIDENT_STATUSES, SEVERITIES } from '@cityops/contracts';
import { Gauge } from 'prom-client';
import { DATABASE, type Database } from '../database/database.js';
import { MetricsRegistry } from './metrics-registry.js';

/**
 * The states counted: every one but the final `resolved`. Active incidents stay few (one per key,
 * incidents_one_active_per_key), so the grouped count is cheap at every scrape; resolved ones grow
 * without bound and have no index on resolved_at, so they are left to GET /api/incidents/stats.
 */
export const ACTIVE_INCIDENT_STATES = INCIDENT_STATUSES.filter((s) => s !== 'resolved');

interface CountRow {
  state: string;
  severity: string;
  domain: string;
  n: number | string;
}

/**
 * `cityops_incidents{state,severity,domain}`: incidents not yet resolved, counted in the database
 * when /metrics is scraped. Every known state × severity × domain is written, zeros included, so a
 * panel's series never vanish when a state empties.
 */
@Injectable()
export class IncidentMetrics {
  constructor(metrics: MetricsRegistry, @Inject(DATABASE) db: Database) {
    const logger = new Logger(IncidentMetrics.name);
    new Gauge({
      name: 'cityops_incidents',
      help: 'Incidents not yet resolved, by state, severity and domain',
      labelNames: ['state', 'severity', 'domain'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        let rows: CountRow[];
        try {
          rows = await db.query<CountRow>(
            `SELECT status AS state, severity, domain, count(*) AS n
               FROM incidents WHERE status = ANY($1::text[])
              GROUP BY status, severity, domain`,
            [ACTIVE_INCIDENT_STATES],
          );
        } catch (error) {
          // No series rather than a failed scrape: the other metrics still reach Prometheus.
          logger.warn(`cannot count incidents for /metrics: ${String(error)}`);
          return;
        }
        for (const state of ACTIVE_INCIDENT_STATES)
          for (const severity of SEVERITIES)
            for (const domain of DOMAINS) this.set({ state, severity, domain }, 0);
        for (const row of rows)
          this.set({ state: row.state, severity: row.severity, domain: row.domain }, Number(row.n));
      },
    });
  }
}
