import { Inject, Injectable } from '@nestjs/common';
import type { Severity, WatchKind, WatchMode, WatchScope } from '@cityops/contracts';
import { DATABASE, type Database, type Queryable } from '../../infra/database/database.js';
import type { SignalRecord } from './auto-watch.js';
import { spanEnd } from './watch-scope.js';

/** A watch as stored (times in epoch ms). */
export interface WatchRecord {
  id: string;
  kind: WatchKind;
  scope: WatchScope;
  startedAt: number;
  startedBy: string;
  reason: string;
  endsAt: number | null;
  endedAt: number | null;
  endedBy: string | null;
  endNote: string | null;
  auto: boolean;
  triggerIncidentId: string | null;
  triggerRuleId: string | null;
  triggerAssetId: string | null;
}

interface WatchRow {
  id: string;
  kind: WatchKind;
  scope: WatchScope;
  started_at: Date | string;
  started_by: string;
  reason: string;
  ends_at: Date | string | null;
  ended_at: Date | string | null;
  ended_by: string | null;
  end_note: string | null;
  auto: boolean;
  trigger_incident_id: string | null;
  trigger_rule_id: string | null;
  trigger_asset_id: string | null;
}

interface SignalRow {
  rule_id: string;
  asset_id: string;
  severity: Severity | null;
  at: Date | string;
  transition_id: string;
}

const ms = (value: Date | string) => new Date(value).getTime();
const msOrNull = (value: Date | string | null) => (value === null ? null : ms(value));
const date = (value: number | null) => (value === null ? null : new Date(value));

function toRecord(row: WatchRow): WatchRecord {
  return {
    id: row.id,
    kind: row.kind,
    scope: row.scope,
    startedAt: ms(row.started_at),
    startedBy: row.started_by,
    reason: row.reason,
    endsAt: msOrNull(row.ends_at),
    endedAt: msOrNull(row.ended_at),
    endedBy: row.ended_by,
    endNote: row.end_note,
    auto: row.auto,
    triggerIncidentId: row.trigger_incident_id,
    triggerRuleId: row.trigger_rule_id,
    triggerAssetId: row.trigger_asset_id,
  };
}

/** The REST and live-event DTO; `active` as of `now`. */
export function toWatchMode(record: WatchRecord, now: number): WatchMode {
  const end = spanEnd(record);
  const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());
  return {
    id: record.id,
    kind: record.kind,
    scope: record.scope,
    startedAt: new Date(record.startedAt).toISOString(),
    startedBy: record.startedBy,
    reason: record.reason,
    endsAt: iso(record.endsAt),
    endedAt: iso(record.endedAt),
    endedBy: record.endedBy,
    endNote: record.endNote,
    auto: record.auto,
    triggerIncidentId: record.triggerIncidentId,
    active: record.startedAt <= now && (end === null || now < end),
  };
}

const COLUMNS = `id, kind, scope, started_at, started_by, reason, ends_at, ended_at, ended_by, end_note,
  auto, trigger_incident_id, trigger_rule_id, trigger_asset_id`;

// Any constant works; it only namespaces the advisory locks of watch scopes.
const SCOPE_LOCK_SPACE = 4_242_006;

/** Watches (watch_modes) and the rainfall signals behind automatic ones (watch_signals). */
@Injectable()
export class WatchRepository {
  constructor(@Inject(DATABASE) readonly db: Database) {}

  /** Serialises changes to one scope's watches (two workers, two replicas) until the transaction ends. */
  async lockScope(tx: Queryable, scope: WatchScope): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [SCOPE_LOCK_SPACE, scopeKey(scope)]);
  }

  /** Watches that can matter for evaluation: not ended, or ended since `sinceMs` (late readings). */
  async relevant(sinceMs: number): Promise<WatchRecord[]> {
    const rows = await this.db.query<WatchRow>(
      `SELECT ${COLUMNS} FROM watch_modes WHERE ended_at IS NULL OR ended_at >= $1 ORDER BY started_at`,
      [new Date(sinceMs)],
    );
    return rows.map(toRecord);
  }

  /** Not ended (including those whose planned end passed and that the periodic check has not closed). */
  async open(tx: Queryable = this.db): Promise<WatchRecord[]> {
    const rows = await tx.query<WatchRow>(
      `SELECT ${COLUMNS} FROM watch_modes WHERE ended_at IS NULL ORDER BY started_at DESC, id DESC`,
    );
    return rows.map(toRecord);
  }

  /** Ended since `sinceMs`, newest first. */
  async endedSince(sinceMs: number, limit: number): Promise<WatchRecord[]> {
    const rows = await this.db.query<WatchRow>(
      `SELECT ${COLUMNS} FROM watch_modes WHERE ended_at >= $1 ORDER BY ended_at DESC, id DESC LIMIT $2`,
      [new Date(sinceMs), limit],
    );
    return rows.map(toRecord);
  }

  async find(id: string, tx: Queryable = this.db, lock = false): Promise<WatchRecord | null> {
    const [row] = await tx.query<WatchRow>(
      `SELECT ${COLUMNS} FROM watch_modes WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ? toRecord(row) : null;
  }

  /** Not-ended watches of a kind whose scope includes `scope` (itself, and the city's). */
  async openCovering(tx: Queryable, kind: WatchKind, scope: WatchScope): Promise<WatchRecord[]> {
    const rows = await tx.query<WatchRow>(
      `SELECT ${COLUMNS} FROM watch_modes
        WHERE ended_at IS NULL AND kind = $1 AND (scope = $2 OR scope = 'city')
        ORDER BY started_at`,
      [kind, scope],
    );
    return rows.map(toRecord);
  }

  /** Not ended, with a planned end at or before `now`: the periodic check ends them. */
  async due(now: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      'SELECT id FROM watch_modes WHERE ended_at IS NULL AND ends_at <= $1 ORDER BY ends_at',
      [new Date(now)],
    );
    return rows.map((r) => r.id);
  }

  async insert(tx: Queryable, w: WatchRecord): Promise<void> {
    await tx.query(
      `INSERT INTO watch_modes (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        w.id,
        w.kind,
        w.scope,
        new Date(w.startedAt),
        w.startedBy,
        w.reason,
        date(w.endsAt),
        date(w.endedAt),
        w.endedBy,
        w.endNote,
        w.auto,
        w.triggerIncidentId,
        w.triggerRuleId,
        w.triggerAssetId,
      ],
    );
  }

  /** Ends a watch that has not ended; null when it had (someone else was first). */
  async end(
    tx: Queryable,
    id: string,
    at: number,
    by: string,
    note: string | null,
  ): Promise<WatchRecord | null> {
    const [row] = await tx.query<WatchRow>(
      `UPDATE watch_modes SET ended_at = $2, ended_by = $3, end_note = $4
        WHERE id = $1 AND ended_at IS NULL RETURNING ${COLUMNS}`,
      [id, new Date(at), by, note],
    );
    return row ? toRecord(row) : null;
  }

  async setEndsAt(tx: Queryable, id: string, endsAt: number | null): Promise<WatchRecord | null> {
    const [row] = await tx.query<WatchRow>(
      `UPDATE watch_modes SET ends_at = $2 WHERE id = $1 AND ended_at IS NULL RETURNING ${COLUMNS}`,
      [id, date(endsAt)],
    );
    return row ? toRecord(row) : null;
  }

  /** The signals remembered in a scope for these trigger rules. */
  async signals(
    tx: Queryable,
    scope: WatchScope,
    ruleIds: readonly string[],
  ): Promise<SignalRecord[]> {
    const rows = await tx.query<SignalRow>(
      `SELECT rule_id, asset_id, severity, at, transition_id FROM watch_signals
        WHERE scope = $1 AND rule_id = ANY($2::text[])`,
      [scope, [...ruleIds]],
    );
    return rows.map((r) => ({
      ruleId: r.rule_id,
      assetId: r.asset_id,
      severity: r.severity,
      at: ms(r.at),
      transitionId: r.transition_id,
    }));
  }

  /** A gauge's signal (one row per rule and gauge; a gauge moved to another district moves with it). */
  async saveSignal(tx: Queryable, scope: WatchScope, s: SignalRecord): Promise<void> {
    await tx.query(
      `INSERT INTO watch_signals (rule_id, asset_id, scope, severity, at, transition_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (rule_id, asset_id) DO UPDATE
         SET scope = EXCLUDED.scope, severity = EXCLUDED.severity, at = EXCLUDED.at,
             transition_id = EXCLUDED.transition_id, updated_at = now()`,
      [s.ruleId, s.assetId, scope, s.severity, new Date(s.at), s.transitionId],
    );
  }
}

/** A stable 32-bit key per scope for the advisory lock. */
function scopeKey(scope: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < scope.length; i++) {
    hash ^= scope.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
