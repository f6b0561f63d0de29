import type { CaseInput } from '../rules/evaluators/case-time-limit.js';
import { Inject, Injectable } from '@nestjs/common';
import type { CaseCategory, CaseDto, CaseStatus, SanitationCase } from '@cityops/contracts';
import { isOverdue } from '@cityops/contracts';
import { DATABASE, type Database } from '../../infra/database/database.js';
import { chunksForInsert, valuesClause } from '../../infra/database/values-clause.js';
import type { KeysetCursor } from '../../infra/http/keyset-cursor.js';

export interface CaseFilter {
  status?: CaseStatus[];
  category?: CaseCategory[];
  district?: string[];
  from?: string;
  to?: string;
  overdue?: boolean;
  limit: number;
}

/** A row of the cases table as the drivers return it. */
export interface CaseRow {
  id: string;
  category: CaseCategory;
  source: CaseDto['source'];
  status: CaseStatus;
  reported_at: Date | string;
  updated_at: Date | string;
  due_at: Date | string;
  closed_at: Date | string | null;
  district: string;
  lng: number;
  lat: number;
  description: string;
}

/** A case as the tick path's case rules read it: the evaluators' input and its district. */
export type TickCase = CaseInput & { district: string };

type TickCaseRow = Pick<
  CaseRow,
  | 'id'
  | 'category'
  | 'status'
  | 'reported_at'
  | 'updated_at'
  | 'closed_at'
  | 'district'
  | 'lng'
  | 'lat'
>;

const COLUMNS = 13;

/** Of several updates of one case in a batch, the newest (a statement may touch a row only once). */
export function newestPerCase(cases: readonly SanitationCase[]): SanitationCase[] {
  const newest = new Map<string, SanitationCase>();
  for (const c of cases) {
    const seen = newest.get(c.id);
    if (!seen || c.updatedAt >= seen.updatedAt) newest.set(c.id, c);
  }
  return [...newest.values()];
}

@Injectable()
export class CasesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Inserts new cases and updates known ones by id; an update older than the stored one is ignored,
   * so a replayed or reordered page never rolls a case back. Returns how many rows changed.
   */
  async upsert(cases: readonly SanitationCase[], ingestedBy: string): Promise<number> {
    let changed = 0;
    await this.db.transaction(async (tx) => {
      for (const chunk of chunksForInsert(newestPerCase(cases), COLUMNS)) {
        const rows = await tx.query(
          `INSERT INTO cases (id, category, source, status, reported_at, updated_at, due_at, closed_at, district, lng, lat,
             description, ingested_by)
           VALUES ${valuesClause(chunk.length, COLUMNS)}
           ON CONFLICT (id) DO UPDATE SET category = excluded.category, source = excluded.source, status = excluded.status,
             reported_at = excluded.reported_at, updated_at = excluded.updated_at, due_at = excluded.due_at,
             closed_at = CASE WHEN excluded.status = 'closed' THEN COALESCE(cases.closed_at, excluded.updated_at) END,
             district = excluded.district, lng = excluded.lng, lat = excluded.lat, description = excluded.description,
             ingested_by = excluded.ingested_by, received_at = now()
           WHERE cases.updated_at < excluded.updated_at
           RETURNING id`,
          chunk.flatMap((c) => [
            c.id,
            c.category,
            c.source,
            c.status,
            new Date(c.reportedAt),
            new Date(c.updatedAt),
            new Date(c.dueAt),
            c.status === 'closed' ? new Date(c.updatedAt) : null,
            c.district,
            c.lng,
            c.lat,
            c.description,
            ingestedBy,
          ]),
        );
        changed += rows.length;
      }
    });
    return changed;
  }

  async list(filter: CaseFilter, after: KeysetCursor | null, now: Date): Promise<CaseDto[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.status?.length) add((p) => `status = ANY(${p}::text[])`, filter.status);
    if (filter.category?.length) add((p) => `category = ANY(${p}::text[])`, filter.category);
    if (filter.district?.length) add((p) => `district = ANY(${p}::text[])`, filter.district);
    if (filter.from) add((p) => `reported_at >= ${p}::timestamptz`, filter.from);
    if (filter.to) add((p) => `reported_at < ${p}::timestamptz`, filter.to);
    if (filter.overdue !== undefined) {
      const overdue = `((status <> 'closed' AND due_at < ${'$'}${params.length + 1}::timestamptz) OR (status = 'closed' AND closed_at > due_at))`;
      params.push(now);
      where.push(filter.overdue ? overdue : `NOT ${overdue}`);
    }
    if (after) {
      params.push(after.at, after.id);
      where.push(`(reported_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(filter.limit);
    const rows = await this.db.query<CaseRow>(
      `SELECT * FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY reported_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => toCaseDto(row, now.getTime()));
  }

  // ---- Read queries of the tick path (case rules) ----

  /**
   * The cases the case rules of these categories evaluate at a tick: every case not closed (with its
   * report time, location and district), the cases closed or received since `changedSince` (a
   * closing since the last tick clears alerts and shrinks clusters), and the cases named in `ids`
   * whatever their status (those with alert state: a closing that reached us late is still seen).
   */
  async forCaseRules(filter: {
    categories: readonly CaseCategory[];
    changedSince: Date;
    ids: readonly string[];
  }): Promise<TickCase[]> {
    const rows = await this.db.query<TickCaseRow>(
      `SELECT id, category, status, reported_at, updated_at, closed_at, district, lng, lat FROM cases
       WHERE (category = ANY($1::text[])
              AND (status <> 'closed' OR closed_at >= $2::timestamptz OR received_at >= $2::timestamptz))
          OR id = ANY($3::text[])`,
      [filter.categories, filter.changedSince, filter.ids],
    );
    const ms = (v: Date | string) => new Date(v).getTime();
    return rows.map((row) => ({
      id: row.id,
      category: row.category,
      status: row.status,
      reportedAt: ms(row.reported_at),
      updatedAt: ms(row.updated_at),
      closedAt: row.closed_at === null ? null : ms(row.closed_at),
      district: row.district,
      lng: row.lng,
      lat: row.lat,
    }));
  }
}

/** A case row as the REST DTO (ISO times, `overdue` at `now`). */
export function toCaseDto(row: CaseRow, now: number): CaseDto {
  const iso = (v: Date | string) => new Date(v).toISOString();
  const closedAt = row.closed_at === null ? null : new Date(row.closed_at).getTime();
  return {
    id: row.id,
    category: row.category,
    source: row.source,
    status: row.status,
    reportedAt: iso(row.reported_at),
    updatedAt: iso(row.updated_at),
    dueAt: iso(row.due_at),
    closedAt: row.closed_at === null ? null : iso(row.closed_at),
    district: row.district,
    location: [row.lng, row.lat],
    description: row.description,
    overdue: isOverdue(
      { status: row.status, dueAt: new Date(row.due_at).getTime(), closedAt },
      now,
    ),
  };
}
