import { Inject, Injectable } from '@nestjs/common';
import type {
  EscalationPolicyUpdate,
  EscalationStep,
  MemberContact,
  QuietWindow,
} from '@cityops/contracts';
import { DATABASE, type Database, type Queryable } from '../../infra/database/database.js';
import type { PolicySpec } from './plan.js';

export interface PolicyRow {
  id: string;
  name: string;
  steps: EscalationStep[] | string;
  repeat: number;
  repeat_after_minutes: number;
  route_ids: string[] | string;
  team_ids: string[] | string;
  is_default: boolean;
  created_by: string;
  created_at: Date | string;
  updated_by: string;
  updated_at: Date | string;
}

export interface EscalationRow {
  incident_id: string;
  policy_id: string | null;
  policy: PolicySpec | string;
  route_id: string | null;
  team_id: string | null;
  severity: string;
  generation: number;
  status: 'running' | 'stopped' | 'done';
  stop_reason: string | null;
  next_job_id: string | null;
}

export interface MemberRow {
  id: string;
  team_id: string;
  username: string | null;
  display_name: string | null;
  contacts: MemberContact[] | string;
  quiet_hours: QuietWindow[] | string;
}

/** jsonb arrives parsed from node-postgres and PGlite alike; a string is parsed to be safe. */
export function json<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

export interface EscalationStart {
  incidentId: string;
  policyId: string | null;
  policy: PolicySpec;
  routeId: string | null;
  teamId: string | null;
  severity: string;
}

/** Policies, running escalations, steps taken and acknowledge links used. */
@Injectable()
export class EscalationRepository {
  constructor(@Inject(DATABASE) readonly db: Database) {}

  // Policies ------------------------------------------------------------------------------------

  listPolicies(tx: Queryable = this.db): Promise<PolicyRow[]> {
    return tx.query<PolicyRow>('SELECT * FROM escalation_policies ORDER BY id');
  }

  async findPolicy(id: string, tx: Queryable = this.db, lock = false): Promise<PolicyRow | null> {
    const [row] = await tx.query<PolicyRow>(
      `SELECT * FROM escalation_policies WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ?? null;
  }

  async insertPolicy(
    tx: Queryable,
    id: string,
    body: EscalationPolicyUpdate,
    actor: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO escalation_policies (id, name, steps, repeat, repeat_after_minutes, route_ids,
         team_ids, is_default, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
      [id, ...this.values(body), actor],
    );
  }

  async replacePolicy(
    tx: Queryable,
    id: string,
    body: EscalationPolicyUpdate,
    actor: string,
  ): Promise<void> {
    await tx.query(
      `UPDATE escalation_policies SET name = $2, steps = $3, repeat = $4, repeat_after_minutes = $5,
         route_ids = $6, team_ids = $7, is_default = $8, updated_by = $9, updated_at = now()
       WHERE id = $1`,
      [id, ...this.values(body), actor],
    );
  }

  private values(body: EscalationPolicyUpdate): unknown[] {
    return [
      body.name,
      JSON.stringify(body.steps),
      body.repeat,
      body.repeatAfterMinutes,
      JSON.stringify(body.routeIds),
      JSON.stringify(body.teamIds),
      body.isDefault,
    ];
  }

  async deletePolicy(tx: Queryable, id: string): Promise<void> {
    await tx.query('DELETE FROM escalation_policies WHERE id = $1', [id]);
  }

  // Escalations ---------------------------------------------------------------------------------

  async findEscalation(incidentId: string, tx: Queryable = this.db): Promise<EscalationRow | null> {
    const [row] = await tx.query<EscalationRow>(
      'SELECT * FROM incident_escalations WHERE incident_id = $1',
      [incidentId],
    );
    return row ?? null;
  }

  /** Inserts the escalation unless the incident has one; true when this call inserted it. */
  async startEscalation(e: EscalationStart): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO incident_escalations (incident_id, policy_id, policy, route_id, team_id, severity)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (incident_id) DO NOTHING RETURNING incident_id`,
      [e.incidentId, e.policyId, JSON.stringify(e.policy), e.routeId, e.teamId, e.severity],
    );
    return rows.length === 1;
  }

  /**
   * Starts the escalation over as the next generation (re-routed, or paging again), if it is still
   * at generation `from`; returns the new generation, or null when another process did it first.
   */
  async restartEscalation(e: EscalationStart, from: number): Promise<number | null> {
    const [row] = await this.db.query<{ generation: number }>(
      `UPDATE incident_escalations SET policy_id = $2, policy = $3, route_id = $4, team_id = $5,
         severity = $6, generation = generation + 1, status = 'running', stop_reason = NULL,
         next_job_id = NULL
       WHERE incident_id = $1 AND generation = $7
       RETURNING generation`,
      [e.incidentId, e.policyId, JSON.stringify(e.policy), e.routeId, e.teamId, e.severity, from],
    );
    return row ? row.generation : null;
  }

  async setSeverity(incidentId: string, severity: string): Promise<void> {
    await this.db.query('UPDATE incident_escalations SET severity = $2 WHERE incident_id = $1', [
      incidentId,
      severity,
    ]);
  }

  /** Ends a running escalation; returns the pending step's job id, or undefined when it was not running. */
  async stopEscalation(
    incidentId: string,
    status: 'stopped' | 'done',
    reason: string | null,
    tx: Queryable = this.db,
  ): Promise<{ nextJobId: string | null } | undefined> {
    const [row] = await tx.query<{ next_job_id: string | null }>(
      `UPDATE incident_escalations SET status = $2, stop_reason = $3
       WHERE incident_id = $1 AND status = 'running' RETURNING next_job_id`,
      [incidentId, status, reason],
    );
    return row ? { nextJobId: row.next_job_id } : undefined;
  }

  async setNextJob(incidentId: string, generation: number, jobId: string): Promise<void> {
    await this.db.query(
      `UPDATE incident_escalations SET next_job_id = $3
       WHERE incident_id = $1 AND generation = $2 AND status = 'running'`,
      [incidentId, generation, jobId],
    );
  }

  /** Records a step as taken; true the first time (the timeline entry is written then only). */
  async markStep(
    tx: Queryable,
    incidentId: string,
    job: { generation: number; round: number; step: number },
    recipients: string[],
  ): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO incident_escalation_steps (incident_id, generation, round, step, recipients)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING incident_id`,
      [incidentId, job.generation, job.round, job.step, JSON.stringify(recipients)],
    );
    return rows.length === 1;
  }

  async stepsTaken(incidentId: string, generation: number): Promise<number> {
    const [row] = await this.db.query<{ n: number | string }>(
      'SELECT count(*) AS n FROM incident_escalation_steps WHERE incident_id = $1 AND generation = $2',
      [incidentId, generation],
    );
    return Number(row?.n ?? 0);
  }

  // Members and links ---------------------------------------------------------------------------

  async findMember(id: string, tx: Queryable = this.db): Promise<MemberRow | null> {
    const [row] = await tx.query<MemberRow>(
      `SELECT id, team_id, username, display_name, contacts, quiet_hours FROM oncall_members
       WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  async existingMembers(ids: string[], tx: Queryable): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await tx.query<{ id: string }>(
      'SELECT id FROM oncall_members WHERE id = ANY($1::text[])',
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async existingIds(
    table: 'oncall_schedules' | 'oncall_routes' | 'oncall_teams',
    ids: string[],
    tx: Queryable,
  ): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await tx.query<{ id: string }>(
      `SELECT id FROM ${table} WHERE id = ANY($1::text[])`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Marks an acknowledge link used; false when it was used already. */
  async useLink(
    tx: Queryable,
    linkId: string,
    incidentId: string,
    memberId: string,
  ): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO ack_links_used (link_id, incident_id, member_id) VALUES ($1, $2, $3)
       ON CONFLICT (link_id) DO NOTHING RETURNING link_id`,
      [linkId, incidentId, memberId],
    );
    return rows.length === 1;
  }

  async linkUsed(linkId: string): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM ack_links_used WHERE link_id = $1', [linkId]);
    return rows.length === 1;
  }
}
