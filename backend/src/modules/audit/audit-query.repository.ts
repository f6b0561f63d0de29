import { Inject, Injectable } from '@nestjs/common';
import { type AuditEntry, type AuditFilter, auditActionMatch } from '@cityops/contracts';
import { DATABASE, type Database } from '../../infra/database/database.js';
import type { KeysetCursor } from '../../infra/http/keyset-cursor.js';

/** One entry with the keyset position after it: its time to the microsecond, and its id. */
export interface AuditRowWithKey {
  entry: AuditEntry;
  key: KeysetCursor;
}

interface AuditRow {
  id: string;
  at: Date | string;
  key_at: string;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  data: unknown;
}

/** An audit entry id: the bigserial as decimal text (18 digits keep it within bigint). */
export const isAuditId = (id: string) => /^\d{1,18}$/.test(id);

/** A cursor's time as this repository writes it (UTC, up to microseconds), nothing looser. */
export const isAuditKeyTime = (at: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(at);

/**
 * Reads the audit trail (the writer is AuditRepository, append-only); nothing here changes it.
 * Newest first along (at, id). The SQL text is fixed: every filter value is a parameter.
 */
@Injectable()
export class AuditQueryRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** At most `limit` entries matching the filter, after the keyset position `after` (exclusive). */
  async list(
    filter: AuditFilter,
    limit: number,
    after: KeysetCursor | null,
  ): Promise<AuditRowWithKey[]> {
    const params: unknown[] = [];
    const where = auditFilterSql(filter, params);
    if (after) {
      params.push(after.at, after.id);
      where.push(`(at, id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
    }
    params.push(limit);
    // `at` to the microsecond for the cursor: a JavaScript Date keeps milliseconds only, and two
    // entries within one millisecond must not be skipped or repeated across pages.
    const rows = await this.db.query<AuditRow>(
      `SELECT id::text AS id, at,
              to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS key_at,
              actor, action, target, ip, data
       FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({ entry: toEntry(row), key: { at: row.key_at, id: row.id } }));
  }

  /** How many entries match the filter (the CSV export says so when it cuts the rows). */
  async count(filter: AuditFilter): Promise<number> {
    const params: unknown[] = [];
    const where = auditFilterSql(filter, params);
    const [row] = await this.db.query<{ count: number | string }>(
      `SELECT count(*)::int AS count FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      params,
    );
    return Number(row?.count ?? 0);
  }
}

/** The WHERE conditions of the filter; values go into `params`, positional. */
export function auditFilterSql(filter: AuditFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.actor !== undefined) add((p) => `actor = ${p}`, filter.actor);
  if (filter.action !== undefined) {
    const match = auditActionMatch(filter.action);
    if ('exact' in match) add((p) => `action = ${p}`, match.exact);
    // A plain prefix comparison, not LIKE: `_` and `%` in a name are just characters.
    else add((p) => `left(action, char_length(${p}::text)) = ${p}::text`, match.prefix);
  }
  if (filter.target !== undefined) add((p) => `target = ${p}`, filter.target);
  if (filter.from !== undefined) add((p) => `at >= ${p}::timestamptz`, filter.from);
  if (filter.to !== undefined) add((p) => `at < ${p}::timestamptz`, filter.to);
  return where;
}

function toEntry(row: AuditRow): AuditEntry {
  const data: unknown = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    target: row.target,
    ip: row.ip,
    data:
      data && typeof data === 'object' && !Array.isArray(data)
        ? (data as Record<string, unknown>)
        : {},
  };
}
