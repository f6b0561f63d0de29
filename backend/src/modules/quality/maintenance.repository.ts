import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type {
  MaintenanceItem,
  MaintenanceListQuery,
  MaintenanceStatus,
  QualityFindingKind,
} from '@cityops/contracts';
import { DATABASE, type Database, type Queryable } from '../../infra/database/database.js';

interface MaintenanceRow {
  id: string;
  asset_id: string;
  asset_name?: string | null;
  district?: string | null;
  kind: QualityFindingKind;
  metric: string | null;
  detail: string;
  detected_at: Date | string;
  last_detected_at: Date | string;
  occurrences: number;
  status: MaintenanceStatus;
  created_at: Date | string;
  resolved_at: Date | string | null;
  resolved_by: string | null;
  note: string | null;
}

const iso = (v: Date | string) => new Date(v).toISOString();

function toItem(row: MaintenanceRow): MaintenanceItem {
  return {
    id: row.id,
    assetId: row.asset_id,
    assetName: row.asset_name ?? null,
    district: row.district ?? null,
    kind: row.kind,
    metric: row.metric,
    detail: row.detail,
    detectedAt: iso(row.detected_at),
    lastDetectedAt: iso(row.last_detected_at),
    occurrences: Number(row.occurrences),
    status: row.status,
    createdAt: iso(row.created_at),
    resolvedAt: row.resolved_at === null ? null : iso(row.resolved_at),
    resolvedBy: row.resolved_by,
    note: row.note,
  };
}

/** A quality finding to record against a sensor. */
export interface NewFinding {
  assetId: string;
  kind: QualityFindingKind;
  metric: string | null;
  detail: string;
  /** Event time the problem began, and the time it was last seen. */
  at: Date;
  seenAt: Date;
}

/** Sentinel / out-of-range rejections that make a sensor suspect: this many within the window. */
export const REJECTION_GATE = { count: 5, windowMinutes: 60 } as const;

const SELECT_WITH_ASSET = `SELECT m.*, a.name AS asset_name, a.district FROM maintenance_items m
  LEFT JOIN assets a ON a.id = m.asset_id`;

/** maintenance_items: one open item per sensor (a partial unique index). */
@Injectable()
export class MaintenanceRepository {
  constructor(@Inject(DATABASE) readonly db: Database) {}

  /**
   * Records a finding: opens the sensor's item, or counts an occurrence on the one already open.
   * `opened` tells whether this made the sensor suspect (it was not before).
   */
  async record(
    tx: Queryable,
    finding: NewFinding,
  ): Promise<{ item: MaintenanceItem; opened: boolean }> {
    const [row] = await tx.query<MaintenanceRow & { inserted: boolean }>(
      `INSERT INTO maintenance_items (id, asset_id, kind, metric, detail, detected_at, last_detected_at, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'open')
       ON CONFLICT (asset_id) WHERE status = 'open' DO UPDATE SET
         occurrences = maintenance_items.occurrences + 1,
         last_detected_at = GREATEST(maintenance_items.last_detected_at, excluded.last_detected_at)
       RETURNING *, (xmax = 0) AS inserted`,
      [
        randomUUID(),
        finding.assetId,
        finding.kind,
        finding.metric,
        finding.detail.slice(0, 1000),
        finding.at,
        finding.seenAt,
      ],
    );
    const [withAsset] = await tx.query<MaintenanceRow>(`${SELECT_WITH_ASSET} WHERE m.id = $1`, [
      row!.id,
    ]);
    return { item: toItem(withAsset!), opened: row!.inserted };
  }

  /** The sensor's open item if the problem had begun by event time `at`: its values are suspect then. */
  async suspectAt(tx: Queryable, assetId: string, at: Date): Promise<MaintenanceItem | null> {
    const [row] = await tx.query<MaintenanceRow>(
      `${SELECT_WITH_ASSET} WHERE m.asset_id = $1 AND m.status = 'open' AND m.detected_at <= $2`,
      [assetId, at],
    );
    return row ? toItem(row) : null;
  }

  async find(id: string, tx: Queryable = this.db, lock = false): Promise<MaintenanceItem | null> {
    const [row] = await tx.query<MaintenanceRow>(
      lock
        ? 'SELECT * FROM maintenance_items WHERE id = $1 FOR UPDATE'
        : `${SELECT_WITH_ASSET} WHERE m.id = $1`,
      [id],
    );
    return row ? toItem(row) : null;
  }

  async resolve(tx: Queryable, id: string, actor: string, note: string): Promise<MaintenanceItem> {
    await tx.query(
      `UPDATE maintenance_items SET status = 'resolved', resolved_at = now(), resolved_by = $2, note = $3 WHERE id = $1`,
      [id, actor, note],
    );
    const [row] = await tx.query<MaintenanceRow>(`${SELECT_WITH_ASSET} WHERE m.id = $1`, [id]);
    return toItem(row!);
  }

  async list(query: MaintenanceListQuery): Promise<MaintenanceItem[]> {
    const rows = await this.db.query<MaintenanceRow>(
      `${SELECT_WITH_ASSET}
       WHERE ($1::text[] IS NULL OR m.status = ANY($1::text[])) AND ($2::text IS NULL OR m.asset_id = $2)
       ORDER BY m.created_at DESC, m.id DESC LIMIT $3`,
      [query.status?.length ? query.status : null, query.assetId ?? null, query.limit],
    );
    return rows.map(toItem);
  }

  /**
   * Registered sensors with at least REJECTION_GATE.count sentinel or out-of-range rejections
   * received in the window ending at `now`, counting only rejections after the sensor's last
   * resolved item (a repaired sensor starts afresh) and leaving out sensors whose open item has
   * already counted the latest of them. One grouped query.
   */
  async rejectionOffenders(
    now: Date,
    gate: { count: number; windowMinutes: number } = REJECTION_GATE,
  ): Promise<{ assetId: string; count: number; first: Date; last: Date; reasons: string[] }[]> {
    const rows = await this.db.query<{
      sensor_id: string;
      count: number;
      first: Date | string;
      last: Date | string;
      reasons: string[];
    }>(
      `SELECT q.sensor_id, count(*)::int AS count, min(q.received_at) AS first, max(q.received_at) AS last,
         array_agg(DISTINCT q.reason) AS reasons
       FROM quarantine q
       JOIN assets a ON a.id = q.sensor_id
       WHERE q.reason IN ('sentinel_value', 'out_of_range')
         AND q.received_at > $1::timestamptz - make_interval(mins => $2::int) AND q.received_at <= $1
         AND q.received_at > COALESCE(
           (SELECT max(m.resolved_at) FROM maintenance_items m WHERE m.asset_id = q.sensor_id), '-infinity')
       GROUP BY q.sensor_id
       HAVING count(*) >= $3
         -- nothing new since the open item last counted them: no further occurrence
         AND max(q.received_at) > COALESCE((SELECT max(m.last_detected_at) FROM maintenance_items m
           WHERE m.asset_id = q.sensor_id AND m.status = 'open'), '-infinity')`,
      [now, gate.windowMinutes, gate.count],
    );
    return rows.map((r) => ({
      assetId: r.sensor_id,
      count: Number(r.count),
      first: new Date(r.first),
      last: new Date(r.last),
      reasons: r.reasons,
    }));
  }
}
