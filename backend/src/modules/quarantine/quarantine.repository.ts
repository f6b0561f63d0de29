import { Inject, Injectable } from '@nestjs/common';
import type { QuarantineEntry, Rejection, RejectionReason } from '@cityops/contracts';
import { DATABASE, type Database } from '../../infra/database/database.js';

export interface QuarantineFilter {
  source?: string;
  reason?: RejectionReason;
  sensorId?: string;
  from?: string;
  to?: string;
  limit: number;
  beforeId?: number;
}

interface QuarantineRow {
  id: number | string;
  source: string;
  reason: RejectionReason;
  detail: string;
  sensor_id: string | null;
  metric: string | null;
  payload: string;
  received_at: Date | string;
}

const CHUNK = 500;

@Injectable()
export class QuarantineRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insertMany(rejections: readonly Rejection[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (let start = 0; start < rejections.length; start += CHUNK) {
        const chunk = rejections.slice(start, start + CHUNK);
        const params: unknown[] = [];
        const values = chunk.map((r, i) => {
          params.push(
            r.source,
            r.reason,
            r.detail,
            r.sensorId,
            r.metric,
            r.payload,
            new Date(r.receivedAt),
          );
          const o = i * 7;
          return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7})`;
        });
        await tx.query(
          `INSERT INTO quarantine (source, reason, detail, sensor_id, metric, payload, received_at) VALUES ${values.join(', ')}`,
          params,
        );
      }
    });
  }

  async list(filter: QuarantineFilter): Promise<QuarantineEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.source) add((p) => `source = ${p}`, filter.source);
    if (filter.reason) add((p) => `reason = ${p}`, filter.reason);
    if (filter.sensorId) add((p) => `sensor_id = ${p}`, filter.sensorId);
    if (filter.from) add((p) => `received_at >= ${p}::timestamptz`, filter.from);
    if (filter.to) add((p) => `received_at < ${p}::timestamptz`, filter.to);
    if (filter.beforeId !== undefined) add((p) => `id < ${p}`, filter.beforeId);
    params.push(filter.limit);
    const rows = await this.db.query<QuarantineRow>(
      `SELECT * FROM quarantine ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({
      id: String(row.id),
      source: row.source,
      reason: row.reason,
      detail: row.detail,
      sensorId: row.sensor_id,
      metric: row.metric,
      payload: row.payload,
      receivedAt: new Date(row.received_at).toISOString(),
    }));
  }
}
