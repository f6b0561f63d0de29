import { Inject, Injectable } from '@nestjs/common';
import {
  CITY_TIME_ZONE,
  type IncidentFilter,
  type IncidentStatus,
  type Severity,
  type StatsGrouping,
} from '@cityops/contracts';
import { DATABASE, type Database } from '../../infra/database/database.js';
import { incidentFilterSql } from './incident-filter.js';
import type { CaseCell, IncidentCell } from './incident-stats.js';

/** The filters the statistics take beyond their window (which is `from` and `to`). */
export type StatsFilter = Omit<IncidentFilter, 'from' | 'to'>;

/** A calendar day (YYYY-MM-DD) in the city's zone. The zone is a constant, never user text. */
const dayOf = (column: string) =>
  `to_char(${column} AT TIME ZONE '${CITY_TIME_ZONE}', 'YYYY-MM-DD')`;

/** How each grouping keys incidents: the column, and the join it needs. Fixed SQL, never user text. */
const INCIDENT_GROUPING: Record<StatsGrouping, { key: string; join: string; where: string }> = {
  domain: { key: 'i.domain', join: '', where: '' },
  district: { key: 'i.district', join: '', where: '' },
  // Sanitation incidents about one case (time limits) take the case's category; clusters have none.
  category: {
    key: 'c.category',
    join: 'LEFT JOIN cases c ON c.id = i.asset_id',
    where: "AND i.domain = 'sanitation'",
  },
  day: { key: dayOf('i.opened_at'), join: '', where: '' },
};

const CASE_GROUPING: Record<StatsGrouping, string> = {
  domain: "'sanitation'",
  district: 'district',
  category: 'category',
  day: dayOf('reported_at'),
};

/** The grouped queries behind GET /api/incidents/stats: one per statistic family. */
@Injectable()
export class IncidentStatsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Incidents opened in [from, to) by group × severity × status, with acknowledge/resolve sums. */
  async incidentCells(
    groupBy: StatsGrouping,
    from: Date,
    to: Date,
    filter: StatsFilter = {},
  ): Promise<IncidentCell[]> {
    const g = INCIDENT_GROUPING[groupBy];
    const params: unknown[] = [from, to];
    const filters = incidentFilterSql(filter, 'i', params)
      .map((condition) => `AND ${condition}`)
      .join(' ');
    const rows = await this.db.query<{
      key: string | null;
      severity: Severity;
      status: IncidentStatus;
      count: number;
      silenced: number;
      suppressed: number;
      suspect: number;
      acknowledged: number;
      ack_seconds: number;
      resolved: number;
      resolve_seconds: number;
    }>(
      `SELECT ${g.key} AS key, i.severity, i.status,
         count(*)::int AS count,
         (count(*) FILTER (WHERE i.silenced))::int AS silenced,
         (count(*) FILTER (WHERE i.suppressed_by IS NOT NULL))::int AS suppressed,
         (count(*) FILTER (WHERE i.suspect))::int AS suspect,
         count(i.acknowledged_at)::int AS acknowledged,
         COALESCE(sum(GREATEST(0, extract(epoch FROM i.acknowledged_at - i.opened_at))), 0)::float8 AS ack_seconds,
         count(i.resolved_at)::int AS resolved,
         COALESCE(sum(GREATEST(0, extract(epoch FROM i.resolved_at - i.opened_at))), 0)::float8 AS resolve_seconds
       FROM incidents i ${g.join}
       WHERE i.opened_at >= $1 AND i.opened_at < $2 ${g.where} ${filters}
       GROUP BY 1, 2, 3`,
      params,
    );
    return rows.map((r) => ({
      key: r.key,
      severity: r.severity,
      status: r.status,
      count: Number(r.count),
      silenced: Number(r.silenced),
      suppressed: Number(r.suppressed),
      suspect: Number(r.suspect),
      acknowledged: Number(r.acknowledged),
      ackSeconds: Number(r.ack_seconds),
      resolved: Number(r.resolved),
      resolveSeconds: Number(r.resolve_seconds),
    }));
  }

  /**
   * Sanitation cases reported in [from, to) by group: closed, closed by their due time, and still
   * open past it at `now`. A closed case without a closing time counts as closed in time (as
   * `isOverdue` does). Of the filters, district and category apply to cases; domains that leave out
   * sanitation leave no case; the others describe incidents only.
   */
  async caseCells(
    groupBy: StatsGrouping,
    from: Date,
    to: Date,
    now: Date,
    filter: StatsFilter = {},
  ): Promise<CaseCell[]> {
    if (filter.domain?.length && !filter.domain.includes('sanitation')) return [];
    const params: unknown[] = [from, to, now];
    const where: string[] = [];
    if (filter.district?.length) {
      params.push(filter.district);
      where.push(`AND district = ANY($${params.length}::text[])`);
    }
    if (filter.category?.length) {
      params.push(filter.category);
      where.push(`AND category = ANY($${params.length}::text[])`);
    }
    const rows = await this.db.query<{
      key: string | null;
      total: number;
      closed: number;
      closed_on_time: number;
      open_past_due: number;
    }>(
      `SELECT ${CASE_GROUPING[groupBy]} AS key,
         count(*)::int AS total,
         (count(*) FILTER (WHERE status = 'closed'))::int AS closed,
         (count(*) FILTER (WHERE status = 'closed' AND (closed_at IS NULL OR closed_at <= due_at)))::int AS closed_on_time,
         (count(*) FILTER (WHERE status <> 'closed' AND due_at < $3))::int AS open_past_due
       FROM cases
       WHERE reported_at >= $1 AND reported_at < $2 ${where.join(' ')}
       GROUP BY 1`,
      params,
    );
    return rows.map((r) => ({
      key: r.key,
      total: Number(r.total),
      closed: Number(r.closed),
      closedOnTime: Number(r.closed_on_time),
      openPastDue: Number(r.open_past_due),
    }));
  }
}
