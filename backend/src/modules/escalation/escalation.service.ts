import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ChannelTargetSchema,
  type DeliverNotificationJob,
  type EscalationTarget,
  type Incident,
  JobName,
  type NotificationRule,
  QueueName,
  type Severity,
  deliveryIdOf,
  severityRank,
} from '@cityops/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { SettingsRepository } from '../../infra/database/settings.repository.js';
import { JobQueue, safeJobId } from '../../infra/queue/job-queue.js';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OncallService } from '../oncall/oncall.service.js';
import { quietUntil } from '../oncall/quiet-hours.js';
import { RulesService } from '../rules/rules.service.js';
import { signAckToken } from './ack-token.js';
import {
  EscalationRepository,
  type EscalationStart,
  type MemberRow,
  json,
  type PolicyRow,
} from './escalation.repository.js';
import { FALLBACK_POLICY, type PolicySpec, choosePolicy, nextStep, stepJobId } from './plan.js';
import { type Held, type Recipient, displayOf, stepMessage } from './step-message.js';

/** How a member is named in the timeline and the audit log (ack.service.ts imports it from here). */
export { displayOf };

/** Why an open incident is not paged (silenced, suppressed, suspect), or null when it is. */
export function notPagedBecause(
  incident: Pick<Incident, 'silenceId' | 'suppressedBy' | 'suspect'>,
): string | null {
  if (incident.silenceId) return `silenced (${incident.silenceId})`;
  if (incident.suppressedBy) return `suppressed by incident ${incident.suppressedBy}`;
  if (incident.suspect) return 'sensor suspect';
  return null;
}

/**
 * The escalation engine (docs/escalation.md): starts an escalation when a pageable incident opens,
 * runs each step as a delayed BullMQ job (deterministic id, so it survives restarts and is added
 * once), re-reads the incident before each step, and stops on acknowledge, resolve or silence.
 */
@Injectable()
export class EscalationService {
  private readonly logger = new Logger(EscalationService.name);
  private secret: Promise<string> | null = null;

  constructor(
    private readonly repo: EscalationRepository,
    private readonly incidents: IncidentsRepository,
    private readonly oncall: OncallService,
    private readonly notifications: NotificationsService,
    private readonly rules: RulesService,
    private readonly queue: JobQueue,
    private readonly settings: SettingsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The app's auth secret, as AuthService resolves it (AUTH_SECRET, else the stored one). */
  appSecret(): Promise<string> {
    this.secret ??= Promise.resolve(
      this.config.AUTH_SECRET ??
        this.settings.getOrInsert('auth.secret', randomBytes(48).toString('base64url')),
    );
    return this.secret;
  }

  /** After a transition was applied (or found applied before): start or stop as the incident says. */
  async observe(effect: string, incident: Incident | null): Promise<void> {
    if (!incident) return;
    if (incident.status !== 'open') {
      await this.stop(incident.id, `incident ${incident.status}`);
      return;
    }
    if (effect === 'opened' || effect === 'updated' || effect === 'duplicate')
      await this.ensureStarted(incident);
  }

  /**
   * Starts the incident's escalation when it should page and has none: the policy of its route (or
   * team, or the default policy; without one, the on-call of the routed team once). Idempotent.
   * An escalation under way starts over (a new generation) when a higher severity routes the
   * incident elsewhere, or when it was stopped by a silence, suppression or suspect sensor that no
   * longer holds.
   */
  async ensureStarted(incident: Incident): Promise<void> {
    if (incident.status !== 'open' || notPagedBecause(incident)) return;
    const existing = await this.repo.findEscalation(incident.id);
    if (!existing) {
      const start = await this.decide(incident);
      if (start && (await this.repo.startEscalation(start)))
        await this.schedule(incident.id, 0, start.policy, 0, 0);
      return;
    }
    const generation = existing.generation;
    // Started before a crash that came before its first step job was added: add it now.
    if (
      existing.status === 'running' &&
      (await this.repo.stepsTaken(incident.id, generation)) === 0
    )
      await this.schedule(incident.id, generation, json(existing.policy), 0, 0);
    const rose =
      severityRank(incident.severity) > severityRank(existing.severity as Incident['severity']);
    const resume = existing.status === 'stopped';
    if (!rose && !resume) return;
    const start = await this.decide(incident);
    if (!start) return;
    if (!resume && start.routeId === existing.route_id) {
      await this.repo.setSeverity(incident.id, incident.severity);
      return;
    }
    const next = await this.repo.restartEscalation(start, generation);
    if (next === null) return;
    if (existing.next_job_id) await this.removeJob(existing.next_job_id);
    await this.note(
      incident.id,
      resume
        ? `paging again (${existing.stop_reason ?? 'stopped'} no longer holds)`
        : `severity ${incident.severity}: routed again, to team ${start.teamId} (route ${start.routeId})`,
      { generation: next, routeId: start.routeId, teamId: start.teamId, policyId: start.policyId },
    );
    await this.schedule(incident.id, next, start.policy, 0, 0);
  }

  /** The route, team and policy for the incident now; null when no route takes it. */
  private async decide(incident: Incident): Promise<EscalationStart | null> {
    const routed = await this.oncall.recipientsFor(incident, new Date());
    if (!routed.team) return null; // no route: nobody to page (documented)
    const policies = (await this.repo.listPolicies()).map((p) => ({
      ...p,
      routeIds: json(p.route_ids),
      teamIds: json(p.team_ids),
      isDefault: p.is_default,
    }));
    const chosen = choosePolicy(policies, routed.routeId, routed.team.id);
    return {
      incidentId: incident.id,
      policyId: chosen?.id ?? null,
      policy: chosen ? specOf(chosen) : FALLBACK_POLICY,
      routeId: routed.routeId,
      teamId: routed.team.id,
      severity: incident.severity,
    };
  }

  /** Adds the step's job, delayed by its wait (deterministic id: added once). */
  private async schedule(
    incidentId: string,
    generation: number,
    policy: PolicySpec,
    round: number,
    step: number,
    afterMinutes = policy.steps[step]?.afterMinutes ?? 0,
  ): Promise<void> {
    const jobId = stepJobId(incidentId, generation, round, step);
    await this.queue.add(JobName.EscalationStep, { incidentId, generation, round, step }, jobId, {
      delay: afterMinutes * this.config.ESCALATION_MINUTE_MS,
    });
    await this.repo.setNextJob(incidentId, generation, jobId);
  }

  private async removeJob(jobId: string): Promise<void> {
    try {
      await this.queue.queue(QueueName.Notifications).remove(safeJobId(jobId));
    } catch {
      // Running right now (locked): it re-reads the escalation and does nothing.
    }
  }

  /** Stops a running escalation and removes its pending step job (when it is still waiting). */
  async stop(incidentId: string, reason: string): Promise<void> {
    const stopped = await this.repo.stopEscalation(incidentId, 'stopped', reason);
    if (stopped?.nextJobId) await this.removeJob(stopped.nextJobId);
  }

  /** The step job: page the step's recipients unless the incident moved on, then add the next step. */
  async runStep(job: {
    incidentId: string;
    generation: number;
    round: number;
    step: number;
  }): Promise<void> {
    const escalation = await this.repo.findEscalation(job.incidentId);
    // Stopped, done, or started over since this job was added.
    if (!escalation || escalation.status !== 'running' || escalation.generation !== job.generation)
      return;
    const incident = await this.incidents.findById(job.incidentId);
    if (!incident) return;
    if (incident.status !== 'open') return this.stop(incident.id, `incident ${incident.status}`);
    const why = notPagedBecause(incident);
    if (why) {
      if (await this.repo.stopEscalation(incident.id, 'stopped', why))
        await this.note(incident.id, `escalation stopped: ${why}`, { ...job, stopped: why });
      return;
    }
    const policy = json(escalation.policy);
    const step = policy.steps[job.step];
    if (!step) return;

    const now = new Date();
    // Quiet hours: whoever's quiet hours hold the incident's severity now (red never) is not paged
    // and is not paged later either: the next step covers the incident (docs/escalation.md).
    const { paged: recipients, held } = await this.holdQuiet(
      await this.recipients(incident, step.notify, now),
      incident.severity,
      now,
    );
    const names = recipients.map((r) => r.member.id);
    const first = job.generation === 0 && job.round === 0 && job.step === 0;
    const next = nextStep(policy, job.round, job.step);
    await this.incidents.db.transaction(async (tx) => {
      if (!(await this.repo.markStep(tx, incident.id, job, names))) return;
      await this.incidents.addEvent(tx, {
        incidentId: incident.id,
        at: now,
        type: 'escalated',
        actor: 'system',
        message: stepMessage(job, recipients, held, next, now),
        data: {
          generation: job.generation,
          round: job.round,
          step: job.step,
          recipients: names,
          held: held.map((h) => ({ memberId: h.member.id, until: h.until.toISOString() })),
        },
      });
    });

    const rule = this.ruleOf(incident);
    for (const recipient of recipients)
      for (const delivery of await this.deliveries(incident, recipient.member, job, first, rule))
        await this.notifications.enqueue(delivery);

    if (next)
      await this.schedule(
        incident.id,
        job.generation,
        policy,
        next.round,
        next.step,
        next.afterMinutes,
      );
    else await this.repo.stopEscalation(incident.id, 'done', null);
  }

  /** The members a step names, each once, with how they were found. */
  private async recipients(
    incident: Incident,
    targets: readonly EscalationTarget[],
    at: Date,
  ): Promise<Recipient[]> {
    const found = new Map<string, Recipient>();
    const add = async (memberId: string, via: string) => {
      if (found.has(memberId)) return;
      const member = await this.repo.findMember(memberId);
      if (member) found.set(memberId, { member, via });
    };
    for (const target of targets) {
      if (target.kind === 'member') await add(target.memberId, 'named');
      else if (target.kind === 'oncall') {
        const routed = await this.oncall.recipientsFor(incident, at);
        for (const shift of routed.oncall)
          await add(shift.member.id, `on call ${shift.scheduleId}`);
      } else {
        const schedule = await this.oncall.getSchedule(target.scheduleId).catch(() => null);
        if (!schedule) continue;
        const now = await this.oncall.now(schedule.teamId, at, 'operator');
        for (const team of now.teams)
          for (const shift of team.oncall)
            if (shift.scheduleId === schedule.id)
              await add(shift.member.id, `on call ${schedule.id}`);
      }
    }
    return [...found.values()];
  }

  /**
   * Splits a step's recipients into those paged now and those whose quiet hours hold a page of
   * this severity now (never red), read in their team's time zone.
   */
  private async holdQuiet(
    recipients: Recipient[],
    severity: Severity,
    at: Date,
  ): Promise<{ paged: Recipient[]; held: Held[] }> {
    const zones = new Map<string, Promise<string>>();
    const paged: Recipient[] = [];
    const held: Held[] = [];
    for (const recipient of recipients) {
      const windows = json(recipient.member.quiet_hours);
      const teamId = recipient.member.team_id;
      if (!windows.length || severity === 'red') {
        paged.push(recipient);
        continue;
      }
      if (!zones.has(teamId)) zones.set(teamId, this.oncall.teamTimeZone(teamId));
      const timeZone = await zones.get(teamId)!;
      const until = quietUntil(windows, severity, at, timeZone);
      if (until) held.push({ ...recipient, until, timeZone });
      else paged.push(recipient);
    }
    return { paged, held };
  }

  /** One delivery per usable contact of the member, each message with its own acknowledge link. */
  private async deliveries(
    incident: Incident,
    member: MemberRow,
    job: { generation: number; round: number; step: number },
    first: boolean,
    rule: NotificationRule | null,
  ): Promise<DeliverNotificationJob[]> {
    const seen = new Map<string, number>();
    const out: DeliverNotificationJob[] = [];
    for (const contact of json(member.contacts)) {
      const target = ChannelTargetSchema.safeParse(contact);
      if (!target.success) {
        this.logger.warn(`member ${member.id}: a ${contact.kind} contact is not usable`);
        continue;
      }
      const n = (seen.get(target.data.kind) ?? 0) + 1;
      seen.set(target.data.kind, n);
      const recipient = n === 1 ? member.id : `${member.id}#${n}`;
      out.push({
        deliveryId: deliveryIdOf({
          incidentId: incident.id,
          step: `${job.generation}.${job.round}.${job.step}`,
          recipient,
          channel: target.data.kind,
        }),
        incidentId: incident.id,
        recipient,
        target: target.data,
        message: {
          kind: first ? 'incident_opened' : 'incident_escalated',
          incident,
          rule,
          step: Math.min(100, job.round * 10 + job.step),
          acknowledgeUrl: await this.ackUrl(incident.id, member.id),
        },
      });
    }
    return out;
  }

  /** A signed, expiring, single-use link that acknowledges the incident as this member. */
  async ackUrl(incidentId: string, memberId: string, now = Date.now()): Promise<string> {
    const token = signAckToken(await this.appSecret(), {
      incidentId,
      memberId,
      linkId: randomBytes(16).toString('base64url'),
      expiresAt: Math.floor(now / 1000) + this.config.ACK_LINK_TTL_SECONDS,
    });
    return `${this.config.CONSOLE_BASE_URL.replace(/\/+$/, '')}/ack/${token}`;
  }

  private ruleOf(incident: Incident): NotificationRule | null {
    const rule = this.rules.find(incident.ruleId);
    if (!rule) return null;
    const levels = 'levels' in rule ? (rule.levels as { severity: string; value?: unknown }[]) : [];
    const level = levels.find((l) => l.severity === incident.severity);
    const direction = 'direction' in rule ? (rule.direction as 'above' | 'below') : null;
    return {
      name: rule.name,
      threshold: typeof level?.value === 'number' ? level.value : null,
      direction: direction === 'above' || direction === 'below' ? direction : null,
    };
  }

  private async note(
    incidentId: string,
    message: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.incidents.db.transaction((tx) =>
      this.incidents.addEvent(tx, {
        incidentId,
        at: new Date(),
        type: 'escalated',
        actor: 'system',
        message,
        data,
      }),
    );
  }
}

export function specOf(
  row: Pick<PolicyRow, 'steps' | 'repeat' | 'repeat_after_minutes'>,
): PolicySpec {
  return {
    steps: json(row.steps),
    repeat: row.repeat,
    repeatAfterMinutes: row.repeat_after_minutes,
  };
}
