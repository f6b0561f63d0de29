import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type {
  EscalationPolicy,
  EscalationPolicyCreate,
  EscalationPolicyUpdate,
} from '@cityops/contracts';
import type { Queryable } from '../../infra/database/database.js';
import { AuditRepository } from '../audit/audit.repository.js';
import type { Actor } from '../oncall/oncall.service.js';
import { EscalationRepository, type PolicyRow, json } from './escalation.repository.js';

const iso = (v: Date | string) => new Date(v).toISOString();

function toPolicy(row: PolicyRow): EscalationPolicy {
  return {
    id: row.id,
    name: row.name,
    steps: json(row.steps),
    repeat: row.repeat,
    repeatAfterMinutes: row.repeat_after_minutes,
    routeIds: json(row.route_ids),
    teamIds: json(row.team_ids),
    isDefault: row.is_default,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: iso(row.updated_at),
  };
}

/** Escalation policies: CRUD, each change one transaction with its audit entry (before, after). */
@Injectable()
export class EscalationPoliciesService {
  constructor(
    private readonly repo: EscalationRepository,
    private readonly audit: AuditRepository,
  ) {}

  async list(): Promise<EscalationPolicy[]> {
    return (await this.repo.listPolicies()).map(toPolicy);
  }

  async get(id: string): Promise<EscalationPolicy> {
    const row = await this.repo.findPolicy(id);
    if (!row) throw new NotFoundException(`No escalation policy ${id}`);
    return toPolicy(row);
  }

  async create(body: EscalationPolicyCreate, actor: Actor): Promise<EscalationPolicy> {
    const { id, ...policy } = body;
    return this.change(actor, 'escalation.policy.created', id, async (tx) => {
      if (await this.repo.findPolicy(id, tx))
        throw new ConflictException(`Escalation policy ${id} exists`);
      await this.check(tx, id, policy);
      await this.write(() => this.repo.insertPolicy(tx, id, policy, actor.username));
      return { before: null, after: toPolicy((await this.repo.findPolicy(id, tx))!) };
    });
  }

  async update(id: string, body: EscalationPolicyUpdate, actor: Actor): Promise<EscalationPolicy> {
    return this.change(actor, 'escalation.policy.updated', id, async (tx) => {
      const before = await this.repo.findPolicy(id, tx, true);
      if (!before) throw new NotFoundException(`No escalation policy ${id}`);
      await this.check(tx, id, body);
      await this.write(() => this.repo.replacePolicy(tx, id, body, actor.username));
      return { before: toPolicy(before), after: toPolicy((await this.repo.findPolicy(id, tx))!) };
    });
  }

  async delete(id: string, actor: Actor): Promise<void> {
    await this.change(actor, 'escalation.policy.deleted', id, async (tx) => {
      const before = await this.repo.findPolicy(id, tx, true);
      if (!before) throw new NotFoundException(`No escalation policy ${id}`);
      await this.repo.deletePolicy(tx, id);
      return { before: toPolicy(before), after: null };
    });
  }

  /**
   * Every member, schedule, route and team named exists; a route or team is in one policy only,
   * and one policy at most is the default.
   */
  private async check(tx: Queryable, id: string, body: EscalationPolicyUpdate): Promise<void> {
    const problems: string[] = [];
    const memberIds = body.steps.flatMap((s) =>
      s.notify.flatMap((t) => (t.kind === 'member' ? [t.memberId] : [])),
    );
    const scheduleIds = body.steps.flatMap((s) =>
      s.notify.flatMap((t) => (t.kind === 'schedule' ? [t.scheduleId] : [])),
    );
    const [members, schedules, routes, teams] = await Promise.all([
      this.repo.existingMembers(memberIds, tx),
      this.repo.existingIds('oncall_schedules', scheduleIds, tx),
      this.repo.existingIds('oncall_routes', body.routeIds, tx),
      this.repo.existingIds('oncall_teams', body.teamIds, tx),
    ]);
    body.steps.forEach((s, i) =>
      s.notify.forEach((t, j) => {
        if (t.kind === 'member' && !members.has(t.memberId))
          problems.push(`steps.${i}.notify.${j}.memberId: no member "${t.memberId}"`);
        if (t.kind === 'schedule' && !schedules.has(t.scheduleId))
          problems.push(`steps.${i}.notify.${j}.scheduleId: no schedule "${t.scheduleId}"`);
      }),
    );
    body.routeIds.forEach((r, i) => {
      if (!routes.has(r)) problems.push(`routeIds.${i}: no route "${r}"`);
    });
    body.teamIds.forEach((t, i) => {
      if (!teams.has(t)) problems.push(`teamIds.${i}: no team "${t}"`);
    });
    if (problems.length)
      throw new BadRequestException({ message: 'Invalid request', details: problems.slice(0, 20) });

    const others = (await this.repo.listPolicies(tx)).filter((p) => p.id !== id);
    const clashes: string[] = [];
    for (const p of others) {
      for (const r of body.routeIds)
        if (json(p.route_ids).includes(r)) clashes.push(`route ${r} is in policy ${p.id}`);
      for (const t of body.teamIds)
        if (json(p.team_ids).includes(t)) clashes.push(`team ${t} is in policy ${p.id}`);
      if (body.isDefault && p.is_default) clashes.push(`policy ${p.id} is the default already`);
    }
    if (clashes.length) throw new ConflictException(clashes.slice(0, 10).join('; '));
  }

  private async write(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === '23505')
        throw new ConflictException('The policy id or the default slot was just taken');
      throw error;
    }
  }

  private async change(
    actor: Actor,
    action: string,
    id: string,
    write: (
      tx: Queryable,
    ) => Promise<{ before: EscalationPolicy | null; after: EscalationPolicy | null }>,
  ): Promise<EscalationPolicy> {
    return this.repo.db.transaction(async (tx) => {
      const { before, after } = await write(tx);
      await this.audit.record(
        {
          actor: actor.username,
          action,
          target: `escalation-policy:${id}`,
          ip: actor.ip,
          data: { before, after },
        },
        tx,
      );
      return after!;
    });
  }
}
