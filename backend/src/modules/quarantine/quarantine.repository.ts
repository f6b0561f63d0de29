import { Inject, Injectable } from '@nestjs/common';
import type { QuarantineEntry, Rejection, RejectionReason } from '@cityops/contracts';
import { DATABASE, type Database } from '../../infra/database/database.js';
import { chunksForInsert, valuesClause } from '../../infra/database/values-clause.js';

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

@Injectable()
export class QuarantineRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insertMany(rejections: readonly Rejection[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const chunk of chunksForInsert(rejections, 7)) {
        await tx.query(
          `INSERT INTO quarantine (source, reason, detail, sensor_id, metric, payload, received_at) VALUES ${valuesClause(chunk.length, 7)}`,
          chunk.flatMap((r) => [
            storableText(r.source),
            storableText(r.reason),
            storableText(r.detail),
            storableText(r.sensorId),
            storableText(r.metric),
            storableText(r.payload),
            new Date(r.receivedAt),
          ]),
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

/**
 * PostgreSQL text cannot hold U+0000, and rejected input is exactly where one turns up (a gateway
 * sending binary garbage): written as the six characters `\u0000`, so the entry is kept and still
 * shows where the NUL was, instead of the whole batch failing forever.
 */
export function storableText<T extends string | null | undefined>(text: T): T {
  return (
    typeof text === 'string' && text.includes('\u0000')
      ? text.replaceAll('\u0000', '\\u0000')
      : text
  ) as T;
}
