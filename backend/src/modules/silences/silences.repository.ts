import { Inject, Injectable } from '@nestjs/common';
import type { Domain, Silence, SilenceBody, SilenceState } from '@cityops/contracts';
import { DATABASE, type Database, type Queryable } from '../../infra/database/database.js';
import { type SilenceWindow, silenceState } from './silence-matching.js';

interface SilenceRow {
  id: string;
  asset_id: string | null;
  district: string | null;
  domain: Domain | null;
  rule_id: string | null;
  starts_at: Date | string;
  ends_at: Date | string;
  reason: string;
  created_by: string;
  created_at: Date | string;
  updated_by: string;
  updated_at: Date | string;
}

const ms = (v: Date | string) => new Date(v).getTime();
const iso = (v: Date | string) => new Date(v).toISOString();

function matchersOf(row: SilenceRow): Silence['matchers'] {
  const m: Silence['matchers'] = {};
  if (row.asset_id !== null) m.assetId = row.asset_id;
  if (row.district !== null) m.district = row.district;
  if (row.domain !== null) m.domain = row.domain;
  if (row.rule_id !== null) m.ruleId = row.rule_id;
  return m;
}

export function toSilenceWindow(row: SilenceRow): SilenceWindow {
  return {
    id: row.id,
    matchers: matchersOf(row),
    startsAt: ms(row.starts_at),
    endsAt: ms(row.ends_at),
    reason: row.reason,
  };
}

export function toSilence(row: SilenceRow, now: number): Silence {
  return {
    id: row.id,
    matchers: matchersOf(row),
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: iso(row.updated_at),
    state: silenceState({ startsAt: ms(row.starts_at), endsAt: ms(row.ends_at) }, now),
  };
}

/** The silences table. Every method takes the transaction handle it runs in, when it runs in one. */
@Injectable()
export class SilencesRepository {
  constructor(@Inject(DATABASE) readonly db: Database) {}

  /** Silences active at event time `at` (few at any time: matched in memory by pickSilence). */
  async activeAt(tx: Queryable, at: Date): Promise<SilenceWindow[]> {
    const rows = await tx.query<SilenceRow>(
      'SELECT * FROM silences WHERE starts_at <= $1 AND ends_at > $1',
      [at],
    );
    return rows.map(toSilenceWindow);
  }

  async find(id: string, tx: Queryable = this.db, lock = false): Promise<SilenceRow | null> {
    const [row] = await tx.query<SilenceRow>(
      `SELECT * FROM silences WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ?? null;
  }

  async list(
    states: readonly SilenceState[] | undefined,
    limit: number,
    now: Date,
  ): Promise<SilenceRow[]> {
    const wanted = new Set(states?.length ? states : ['pending', 'active', 'expired']);
    const clauses: string[] = [];
    if (wanted.has('pending')) clauses.push('starts_at > $1');
    if (wanted.has('active')) clauses.push('(starts_at <= $1 AND ends_at > $1)');
    if (wanted.has('expired')) clauses.push('ends_at <= $1');
    return this.db.query<SilenceRow>(
      `SELECT * FROM silences WHERE ${clauses.join(' OR ')} ORDER BY starts_at DESC, id DESC LIMIT $2`,
      [now, limit],
    );
  }

  async insert(tx: Queryable, id: string, body: SilenceBody, actor: string): Promise<SilenceRow> {
    const [row] = await tx.query<SilenceRow>(
      `INSERT INTO silences (id, asset_id, district, domain, rule_id, starts_at, ends_at, reason, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING *`,
      silenceParams(id, body, actor),
    );
    return row!;
  }

  async replace(tx: Queryable, id: string, body: SilenceBody, actor: string): Promise<SilenceRow> {
    const [row] = await tx.query<SilenceRow>(
      `UPDATE silences SET asset_id = $2, district = $3, domain = $4, rule_id = $5, starts_at = $6, ends_at = $7,
         reason = $8, updated_by = $9, updated_at = now()
       WHERE id = $1 RETURNING *`,
      silenceParams(id, body, actor),
    );
    return row!;
  }

  /** Ends the silence now (a pending one starts and ends now: it never silenced anything). */
  async expire(tx: Queryable, id: string, now: Date, actor: string): Promise<SilenceRow> {
    const [row] = await tx.query<SilenceRow>(
      `UPDATE silences SET ends_at = $2, starts_at = LEAST(starts_at, $2), updated_by = $3, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [id, now, actor],
    );
    return row!;
  }
}

export type { SilenceRow };

/** $1…$9 of the insert and replace statements: id, the four matchers, start, end, reason, actor. */
function silenceParams(id: string, body: SilenceBody, actor: string): unknown[] {
  const m = body.matchers;
  return [
    id,
    m.assetId ?? null,
    m.district ?? null,
    m.domain ?? null,
    m.ruleId ?? null,
    new Date(body.startsAt),
    new Date(body.endsAt),
    body.reason,
    actor,
  ];
}
