import { Inject, Injectable } from '@nestjs/common';
import type {
  Domain,
  Incident,
  IncidentListQuery,
  IncidentStatus,
  Severity,
  TimelineEvent,
  TimelineEventType,
} from '@cityops/contracts';
import { DATABASE, type Database, type Queryable } from '../../infra/database/database.js';
import type { KeysetCursor } from '../../infra/http/keyset-cursor.js';

interface IncidentRow {
  id: string;
  key: string;
  domain: Domain;
  rule_id: string;
  asset_id: string | null;
  asset_name: string | null;
  district: string | null;
  severity: Severity;
  status: IncidentStatus;
  title: string;
  metric: string | null;
  opened_at: Date | string;
  acknowledged_at: Date | string | null;
  resolved_at: Date | string | null;
  updated_at: Date | string;
  last_value: number | null;
  lng: number | null;
  lat: number | null;
  flapping: boolean;
}

interface EventRow {
  id: number | string;
  incident_id: string;
  at: Date | string;
  type: TimelineEventType;
  actor: string;
  message: string | null;
  data: Record<string, unknown> | string;
}

const iso = (value: Date | string): string => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null): string | null =>
  value === null ? null : iso(value);

export function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    key: row.key,
    domain: row.domain,
    ruleId: row.rule_id,
    assetId: row.asset_id,
    assetName: row.asset_name,
    district: row.district,
    severity: row.severity,
    status: row.status,
    title: row.title,
    metric: row.metric,
    openedAt: iso(row.opened_at),
    acknowledgedAt: isoOrNull(row.acknowledged_at),
    resolvedAt: isoOrNull(row.resolved_at),
    updatedAt: iso(row.updated_at),
    lastValue: row.last_value,
    location: row.lng === null || row.lat === null ? null : [row.lng, row.lat],
    flapping: row.flapping,
  };
}

function toEvent(row: EventRow): TimelineEvent {
  return {
    id: String(row.id),
    incidentId: row.incident_id,
    at: iso(row.at),
    type: row.type,
    actor: row.actor,
    message: row.message,
    data:
      typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data,
  };
}

export interface NewIncident {
  id: string;
  key: string;
  domain: Domain;
  ruleId: string;
  assetId: string | null;
  assetName: string | null;
  district: string | null;
  severity: Severity;
  title: string;
  metric: string | null;
  openedAt: Date;
  lastValue: number | null;
  location: [number, number] | null;
  flapping?: boolean;
}

export interface NewEvent {
  incidentId: string;
  at: Date;
  type: TimelineEventType;
  actor: string;
  message?: string | null;
  data?: Record<string, unknown>;
  transitionId?: string | null;
}

@Injectable()
export class IncidentsRepository {
  constructor(@Inject(DATABASE) readonly db: Database) {}

  async transitionApplied(tx: Queryable, transitionId: string): Promise<string | null> {
    const [row] = await tx.query<{ incident_id: string }>(
      'SELECT incident_id FROM incident_events WHERE transition_id = $1',
      [transitionId],
    );
    return row?.incident_id ?? null;
  }

  /** The active (not resolved) incident for a key, locked for the rest of the transaction. */
  async findActiveByKey(tx: Queryable, key: string): Promise<Incident | null> {
    const [row] = await tx.query<IncidentRow>(
      `SELECT * FROM incidents WHERE key = $1 AND status <> 'resolved' FOR UPDATE`,
      [key],
    );
    return row ? toIncident(row) : null;
  }

  async findById(id: string, tx: Queryable = this.db, lock = false): Promise<Incident | null> {
    const [row] = await tx.query<IncidentRow>(
      `SELECT * FROM incidents WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ? toIncident(row) : null;
  }

  async insert(tx: Queryable, incident: NewIncident): Promise<Incident> {
    const [row] = await tx.query<IncidentRow>(
      `INSERT INTO incidents (id, key, domain, rule_id, asset_id, asset_name, district, severity, status, title, metric,
         opened_at, updated_at, last_value, lng, lat, flapping)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11, now(), $12, $13, $14, $15)
       RETURNING *`,
      [
        incident.id,
        incident.key,
        incident.domain,
        incident.ruleId,
        incident.assetId,
        incident.assetName,
        incident.district,
        incident.severity,
        incident.title,
        incident.metric,
        incident.openedAt,
        incident.lastValue,
        incident.location?.[0] ?? null,
        incident.location?.[1] ?? null,
        incident.flapping ?? false,
      ],
    );
    return toIncident(row!);
  }

  async update(
    tx: Queryable,
    id: string,
    changes: Partial<{
      severity: Severity;
      status: IncidentStatus;
      title: string;
      lastValue: number;
      flapping: boolean;
      acknowledgedAt: Date;
      acknowledgedBy: string;
      resolvedAt: Date;
      resolvedBy: string;
    }>,
  ): Promise<Incident> {
    const columns: Record<string, unknown> = {
      severity: changes.severity,
      status: changes.status,
      title: changes.title,
      last_value: changes.lastValue,
      flapping: changes.flapping,
      acknowledged_at: changes.acknowledgedAt,
      acknowledged_by: changes.acknowledgedBy,
      resolved_at: changes.resolvedAt,
      resolved_by: changes.resolvedBy,
    };
    const entries = Object.entries(columns).filter(([, v]) => v !== undefined);
    const sets = entries.map(([column], i) => `${column} = $${i + 2}`);
    const [row] = await tx.query<IncidentRow>(
      `UPDATE incidents SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING *`,
      [id, ...entries.map(([, v]) => v)],
    );
    return toIncident(row!);
  }

  async addEvent(tx: Queryable, event: NewEvent): Promise<void> {
    await tx.query(
      `INSERT INTO incident_events (incident_id, at, type, actor, message, data, transition_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        event.incidentId,
        event.at,
        event.type,
        event.actor,
        event.message ?? null,
        JSON.stringify(event.data ?? {}),
        event.transitionId ?? null,
      ],
    );
  }

  async timeline(incidentId: string): Promise<TimelineEvent[]> {
    const rows = await this.db.query<EventRow>(
      'SELECT * FROM incident_events WHERE incident_id = $1 ORDER BY at, id',
      [incidentId],
    );
    return rows.map(toEvent);
  }

  async list(query: IncidentListQuery, after: KeysetCursor | null): Promise<Incident[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.status?.length) add((p) => `status = ANY(${p}::text[])`, query.status);
    if (query.domain?.length) add((p) => `domain = ANY(${p}::text[])`, query.domain);
    if (query.severity?.length) add((p) => `severity = ANY(${p}::text[])`, query.severity);
    if (query.district?.length) add((p) => `district = ANY(${p}::text[])`, query.district);
    if (query.from) add((p) => `opened_at >= ${p}::timestamptz`, query.from);
    if (query.to) add((p) => `opened_at < ${p}::timestamptz`, query.to);
    if (after) {
      params.push(after.at, after.id);
      where.push(`(opened_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit);
    const rows = await this.db.query<IncidentRow>(
      `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY opened_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toIncident);
  }
}
