import { Inject, Injectable } from '@nestjs/common';
import { type Domain, type Incident, type LinkedCase } from '@cityops/contracts';
import { type CaseRow, toCaseDto } from '../cases/cases.repository.js';
import type {
  IncidentFilter,
  IncidentStatus,
  Severity,
  TimelineEvent,
  TimelineEventType,
} from '@cityops/contracts';
import { DATABASE, type Database, type Queryable } from '../../infra/database/database.js';
import type { KeysetCursor } from '../../infra/http/keyset-cursor.js';
import { incidentFilterSql } from './incident-filter.js';

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
  acknowledged_by: string | null;
  resolved_by: string | null;
  updated_at: Date | string;
  last_value: number | null;
  lng: number | null;
  lat: number | null;
  flapping: boolean;
  silenced: boolean;
  silence_id: string | null;
  suppressed_by: string | null;
  suspect: boolean;
  linked_cases: number;
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
    acknowledgedBy: row.acknowledged_by ?? null,
    resolvedBy: row.resolved_by ?? null,
    updatedAt: iso(row.updated_at),
    lastValue: row.last_value,
    location: row.lng === null || row.lat === null ? null : [row.lng, row.lat],
    flapping: row.flapping,
    silenced: row.silenced,
    silenceId: row.silence_id,
    suppressedBy: row.suppressed_by,
    suspect: row.suspect,
    linkedCases: Number(row.linked_cases),
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

type LinkedCaseRow = CaseRow & { distance_m: number; linked_at: Date | string };

function toLinkedCase(row: LinkedCaseRow, now: number): LinkedCase {
  return { ...toCaseDto(row, now), distanceM: row.distance_m, linkedAt: iso(row.linked_at) };
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
  silenceId?: string | null;
  suppressedBy?: string | null;
  suspect?: boolean;
}

/**
 * The SELECT that reads timeline events from a jsonb array parameter written by eventsJson, for an
 * `INSERT INTO incident_events (incident_id, at, type, actor, message, data)`.
 */
export const EVENTS_FROM_JSON = (param: string): string =>
  `SELECT (e->>'incidentId')::uuid, (e->>'at')::timestamptz, e->>'type', e->>'actor', e->>'message', e->'data'
     FROM jsonb_array_elements(${param}::jsonb) AS e`;

/** Timeline events as the jsonb array parameter EVENTS_FROM_JSON reads. */
export function eventsJson(events: readonly NewEvent[]): string {
  return JSON.stringify(
    events.map((e) => ({
      incidentId: e.incidentId,
      at: e.at.toISOString(),
      type: e.type,
      actor: e.actor,
      message: e.message ?? null,
      data: e.data ?? {},
    })),
  );
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

  /**
   * Keeps a clear that found no incident to resolve (its raise not applied yet), the newest per key.
   */
  async recordEarlyClear(
    tx: Queryable,
    clear: { key: string; transitionId: string; at: Date; value: number },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO incident_early_clears (key, transition_id, at, value) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE
         SET transition_id = excluded.transition_id, at = excluded.at, value = excluded.value,
             recorded_at = now()
         WHERE excluded.at > incident_early_clears.at`,
      [clear.key, clear.transitionId, clear.at, clear.value],
    );
  }

  /**
   * Takes the key's early clear if it ends a condition raised at `raisedAt` (its event time is not
   * before it); an older one is stale (its episode is over) and is dropped. Null when none applies.
   */
  async takeEarlyClear(
    tx: Queryable,
    key: string,
    raisedAt: Date,
  ): Promise<{ transitionId: string; at: Date; value: number } | null> {
    const [row] = await tx.query<{ transition_id: string; at: Date | string; value: number }>(
      'DELETE FROM incident_early_clears WHERE key = $1 RETURNING transition_id, at, value',
      [key],
    );
    if (!row || new Date(row.at) < raisedAt) return null;
    return { transitionId: row.transition_id, at: new Date(row.at), value: Number(row.value) };
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
         opened_at, updated_at, last_value, lng, lat, flapping, silenced, silence_id, suppressed_by, suspect)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11, now(), $12, $13, $14, $15,
         $16::uuid IS NOT NULL, $16, $17, $18)
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
        incident.silenceId ?? null,
        incident.suppressedBy ?? null,
        incident.suspect ?? false,
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
      /** null: no longer silenced. */
      silenceId: string | null;
      suspect: boolean;
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
      silenced: changes.silenceId === undefined ? undefined : changes.silenceId !== null,
      silence_id: changes.silenceId,
      suspect: changes.suspect,
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

  /** Several timeline events in one statement (no transition ids: these are not transitions). */
  async addEvents(tx: Queryable, events: readonly NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    await tx.query(
      `INSERT INTO incident_events (incident_id, at, type, actor, message, data)
       ${EVENTS_FROM_JSON('$1')}`,
      [eventsJson(events)],
    );
  }

  /**
   * Open incidents a silence may concern: those its matchers cover and those it silences now. Locked
   * for the rest of the transaction.
   */
  async openForSilence(
    tx: Queryable,
    matchers: { assetId?: string; district?: string; domain?: string; ruleId?: string },
    silenceId: string,
  ): Promise<Incident[]> {
    const rows = await tx.query<IncidentRow>(
      `SELECT * FROM incidents
       WHERE status <> 'resolved' AND (
         silence_id = $1::uuid OR (
           ($2::text IS NOT NULL OR $3::text IS NOT NULL OR $4::text IS NOT NULL OR $5::text IS NOT NULL)
           AND ($2::text IS NULL OR asset_id = $2) AND ($3::text IS NULL OR district = $3)
           AND ($4::text IS NULL OR domain = $4) AND ($5::text IS NULL OR rule_id = $5)))
       ORDER BY id FOR UPDATE`,
      [
        silenceId,
        matchers.assetId ?? null,
        matchers.district ?? null,
        matchers.domain ?? null,
        matchers.ruleId ?? null,
      ],
    );
    return rows.map(toIncident);
  }

  /** Sets the silence of several incidents at once (null: not silenced). */
  async setSilences(
    tx: Queryable,
    changes: readonly { id: string; silenceId: string | null }[],
  ): Promise<Incident[]> {
    if (changes.length === 0) return [];
    const rows = await tx.query<IncidentRow>(
      `UPDATE incidents AS i SET silenced = v.silence_id IS NOT NULL, silence_id = v.silence_id, updated_at = now()
       FROM (SELECT (e->>'id')::uuid AS id, (e->>'silenceId')::uuid AS silence_id
             FROM jsonb_array_elements($1::jsonb) AS e) AS v
       WHERE i.id = v.id
       RETURNING i.*`,
      [JSON.stringify(changes)],
    );
    return rows.map(toIncident);
  }

  /** Incidents on these assets that were open at event time `at` (opened by then, not yet resolved). */
  async openOnAssetsAt(
    tx: Queryable,
    assetIds: readonly string[],
    at: Date,
  ): Promise<
    { id: string; assetId: string; title: string; openedAt: number; resolvedAt: number | null }[]
  > {
    if (assetIds.length === 0) return [];
    const rows = await tx.query<{
      id: string;
      asset_id: string;
      title: string;
      opened_at: Date | string;
      resolved_at: Date | string | null;
    }>(
      `SELECT id, asset_id, title, opened_at, resolved_at FROM incidents
       WHERE asset_id = ANY($1::text[]) AND opened_at <= $2 AND (resolved_at IS NULL OR resolved_at > $2)`,
      [assetIds, at],
    );
    return rows.map((r) => ({
      id: r.id,
      assetId: r.asset_id,
      title: r.title,
      openedAt: new Date(r.opened_at).getTime(),
      resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at).getTime(),
    }));
  }

  /**
   * Marks the open threshold-rule incidents of a sensor suspect (the quality gate found it faulty).
   * Returns the incidents that changed.
   */
  async markSuspect(tx: Queryable, assetId: string): Promise<Incident[]> {
    const rows = await tx.query<IncidentRow>(
      `UPDATE incidents SET suspect = true, updated_at = now()
       WHERE asset_id = $1 AND status <> 'resolved' AND NOT suspect
         AND rule_id IN (SELECT id FROM rules WHERE type = 'threshold')
       RETURNING *`,
      [assetId],
    );
    return rows.map(toIncident);
  }

  /**
   * Open incidents of these domains with a location inside the box: what a sanitation case may join.
   */
  async linkCandidates(
    tx: Queryable,
    domains: readonly Domain[],
    box: { minLng: number; maxLng: number; minLat: number; maxLat: number },
  ): Promise<Incident[]> {
    if (domains.length === 0) return [];
    const rows = await tx.query<IncidentRow>(
      `SELECT * FROM incidents
       WHERE status <> 'resolved' AND domain = ANY($1::text[])
         AND lng BETWEEN $2 AND $3 AND lat BETWEEN $4 AND $5`,
      [domains, box.minLng, box.maxLng, box.minLat, box.maxLat],
    );
    return rows.map(toIncident);
  }

  /** Of these case ids, those already attached to an incident. */
  async linkedCaseIds(tx: Queryable, caseIds: readonly string[]): Promise<Set<string>> {
    if (caseIds.length === 0) return new Set();
    const rows = await tx.query<{ case_id: string }>(
      'SELECT case_id FROM incident_cases WHERE case_id = ANY($1::text[])',
      [caseIds],
    );
    return new Set(rows.map((r) => r.case_id));
  }

  /**
   * Attaches cases to incidents, each case once ever: a case already attached is skipped. Returns the
   * links made; the incidents' linked-case counters move with them.
   */
  async linkCases(
    tx: Queryable,
    links: readonly { caseId: string; incidentId: string; distanceM: number }[],
  ): Promise<{ caseId: string; incidentId: string; distanceM: number }[]> {
    if (links.length === 0) return [];
    const made = await tx.query<{ case_id: string; incident_id: string; distance_m: number }>(
      `INSERT INTO incident_cases (case_id, incident_id, distance_m)
       SELECT e->>'caseId', (e->>'incidentId')::uuid, (e->>'distanceM')::double precision
       FROM jsonb_array_elements($1::jsonb) AS e
       ON CONFLICT (case_id) DO NOTHING
       RETURNING case_id, incident_id, distance_m`,
      [JSON.stringify(links)],
    );
    if (made.length) {
      await tx.query(
        `UPDATE incidents SET linked_cases = linked_cases + n.count, updated_at = now()
         FROM (SELECT incident_id, count(*)::int AS count FROM incident_cases
               WHERE case_id = ANY($1::text[]) GROUP BY incident_id) AS n
         WHERE incidents.id = n.incident_id`,
        [made.map((m) => m.case_id)],
      );
    }
    return made.map((m) => ({
      caseId: m.case_id,
      incidentId: m.incident_id,
      distanceM: m.distance_m,
    }));
  }

  /** Fresh copies of these incidents (after a statement changed them). */
  async findMany(tx: Queryable, ids: readonly string[]): Promise<Incident[]> {
    if (ids.length === 0) return [];
    const rows = await tx.query<IncidentRow>('SELECT * FROM incidents WHERE id = ANY($1::uuid[])', [
      ids,
    ]);
    return rows.map(toIncident);
  }

  /** The cases attached to an incident, oldest link first. */
  async linkedCases(incidentId: string, now: number): Promise<LinkedCase[]> {
    const rows = await this.db.query<LinkedCaseRow>(
      `SELECT c.*, l.distance_m, l.linked_at FROM incident_cases l JOIN cases c ON c.id = l.case_id
       WHERE l.incident_id = $1 ORDER BY l.linked_at, c.id`,
      [incidentId],
    );
    return rows.map((row) => toLinkedCase(row, now));
  }

  async timeline(incidentId: string): Promise<TimelineEvent[]> {
    const rows = await this.db.query<EventRow>(
      'SELECT * FROM incident_events WHERE incident_id = $1 ORDER BY at, id',
      [incidentId],
    );
    return rows.map(toEvent);
  }

  async list(
    query: IncidentFilter & { limit: number },
    after: KeysetCursor | null,
  ): Promise<Incident[]> {
    const params: unknown[] = [];
    const where = incidentFilterSql(query, 'incidents', params);
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

  /** How many incidents match the filters (the CSV export says so when it cuts the rows). */
  async count(filter: IncidentFilter): Promise<number> {
    const params: unknown[] = [];
    const where = incidentFilterSql(filter, 'incidents', params);
    const [row] = await this.db.query<{ count: number | string }>(
      `SELECT count(*)::int AS count FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      params,
    );
    return Number(row?.count ?? 0);
  }
}
