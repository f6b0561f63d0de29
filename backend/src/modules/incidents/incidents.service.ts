import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import {
  type AlertTransition,
  type Incident,
  type IncidentListQuery,
  type IncidentPage,
  type IncidentWithTimeline,
  LiveEvent,
} from '@cityops/contracts';
import { LivePublisher } from '../../infra/live/live-publisher.js';
import { AssetsRepository } from '../assets/assets.repository.js';
import { AuditRepository } from '../auth/audit.repository.js';
import { renderTitle } from '../rules/evaluate-threshold.js';
import { RulesService } from '../rules/rules.service.js';
import { decodeCursor, encodeCursor, isUuid } from '../../infra/http/keyset-cursor.js';
import { IncidentsRepository } from './incidents.repository.js';

export type TransitionOutcome =
  | { effect: 'opened' | 'updated' | 'resolved'; incident: Incident }
  | { effect: 'duplicate'; incident: Incident | null }
  | { effect: 'ignored'; incident: null };

export function incidentKey(ruleId: string, assetId: string): string {
  return `${ruleId}|${assetId}`;
}

@Injectable()
export class IncidentsService {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly assets: AssetsRepository,
    private readonly rules: RulesService,
    private readonly audit: AuditRepository,
    private readonly live: LivePublisher,
  ) {}

  /**
   * Applies one alert transition, exactly once: the transition id is stored with the timeline event
   * in the same transaction, so a retried or duplicated job finds it and changes nothing.
   */
  async applyTransition(t: AlertTransition): Promise<TransitionOutcome> {
    const outcome = await this.incidents.db.transaction(async (tx): Promise<TransitionOutcome> => {
      const appliedTo = await this.incidents.transitionApplied(tx, t.transitionId);
      if (appliedTo)
        return { effect: 'duplicate', incident: await this.incidents.findById(appliedTo, tx) };

      const key = incidentKey(t.ruleId, t.assetId);
      const at = new Date(t.at);
      const active = await this.incidents.findActiveByKey(tx, key);
      const rule = this.rules.find(t.ruleId);
      const common = {
        at,
        actor: 'system',
        transitionId: t.transitionId,
        data: { value: t.value, metric: t.metric, ...(t.flapping ? { flapping: true } : {}) },
      };

      if (t.kind === 'cleared') {
        if (!active || at < new Date(active.openedAt)) return { effect: 'ignored', incident: null };
        const incident = await this.incidents.update(tx, active.id, {
          status: 'resolved',
          resolvedAt: at,
          resolvedBy: 'system',
          lastValue: t.value,
          flapping: false,
        });
        await this.incidents.addEvent(tx, {
          ...common,
          incidentId: active.id,
          type: 'resolved',
          message: 'condition cleared',
        });
        return { effect: 'resolved', incident };
      }

      const severity = t.severity!;
      if (!active) {
        const [asset] = await this.assets.findMany([t.assetId], tx);
        const name = asset?.name ?? t.subject?.name ?? t.assetId;
        const incident = await this.incidents.insert(tx, {
          id: randomUUID(),
          key,
          domain: rule?.domain ?? asset?.domain ?? 'heating',
          ruleId: t.ruleId,
          assetId: t.assetId,
          assetName: asset?.name ?? t.subject?.name ?? null,
          district: asset?.district ?? t.subject?.district ?? null,
          severity,
          title: rule ? renderTitle(rule, name, t.value) : `${name} ${t.metric} ${t.value}`,
          metric: t.metric,
          openedAt: at,
          lastValue: t.value,
          location: asset ? [asset.lng, asset.lat] : (t.subject?.location ?? null),
          flapping: t.flapping,
        });
        await this.incidents.addEvent(tx, {
          ...common,
          incidentId: incident.id,
          type: 'opened',
          data: { ...common.data, severity },
        });
        return { effect: 'opened', incident };
      }

      if (at < new Date(active.openedAt)) return { effect: 'ignored', incident: null };
      const incident = await this.incidents.update(tx, active.id, {
        severity,
        lastValue: t.value,
        flapping: t.flapping,
        title: rule ? renderTitle(rule, active.assetName ?? t.assetId, t.value) : active.title,
      });
      await this.incidents.addEvent(tx, {
        ...common,
        incidentId: active.id,
        type: severity === active.severity ? 'value_updated' : 'severity_changed',
        message: flappingNote(active.flapping, t.flapping),
        data: { ...common.data, from: active.severity, to: severity },
      });
      return { effect: 'updated', incident };
    });
    this.announce(outcome);
    return outcome;
  }

  /** Live event for the outcome; a duplicate re-announces the current state (clients patch by id). */
  private announce(outcome: TransitionOutcome): void {
    if (!outcome.incident) return;
    const event =
      outcome.effect === 'opened'
        ? LiveEvent.IncidentOpened
        : outcome.effect === 'resolved' || outcome.incident.status === 'resolved'
          ? LiveEvent.IncidentResolved
          : LiveEvent.IncidentUpdated;
    this.live.publish(event, outcome.incident);
  }

  async list(query: IncidentListQuery): Promise<IncidentPage> {
    const after = query.cursor ? decodeCursor(query.cursor, isUuid) : null;
    if (query.cursor && !after)
      throw new BadRequestException('cursor is not valid; start again without it');
    const items = await this.incidents.list({ ...query, limit: query.limit + 1 }, after);
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page,
      next:
        items.length > query.limit && last
          ? encodeCursor({ at: last.openedAt, id: last.id })
          : null,
    };
  }

  async get(id: string): Promise<IncidentWithTimeline> {
    const incident = await this.incidents.findById(id);
    if (!incident) throw new NotFoundException(`No incident ${id}`);
    return { ...incident, timeline: await this.incidents.timeline(id) };
  }

  async acknowledge(
    id: string,
    actor: string,
    note: string | undefined,
    ip: string | null,
  ): Promise<Incident> {
    return this.act(id, actor, ip, 'incident.acknowledged', async (tx, current) => {
      if (current.status !== 'open')
        throw new ConflictException(`Incident is ${current.status}, not open`);
      const now = new Date();
      const incident = await this.incidents.update(tx, id, {
        status: 'acknowledged',
        acknowledgedAt: now,
        acknowledgedBy: actor,
      });
      await this.incidents.addEvent(tx, {
        incidentId: id,
        at: now,
        type: 'acknowledged',
        actor,
        message: note ?? null,
      });
      return incident;
    });
  }

  async resolve(
    id: string,
    actor: string,
    note: string | undefined,
    ip: string | null,
  ): Promise<Incident> {
    return this.act(id, actor, ip, 'incident.resolved', async (tx, current) => {
      if (current.status === 'resolved')
        throw new ConflictException('Incident is already resolved');
      const now = new Date();
      const incident = await this.incidents.update(tx, id, {
        status: 'resolved',
        resolvedAt: now,
        resolvedBy: actor,
      });
      await this.incidents.addEvent(tx, {
        incidentId: id,
        at: now,
        type: 'resolved',
        actor,
        message: note ?? null,
      });
      return incident;
    });
  }

  async comment(id: string, actor: string, text: string, ip: string | null): Promise<Incident> {
    return this.act(id, actor, ip, 'incident.commented', async (tx, current) => {
      await this.incidents.addEvent(tx, {
        incidentId: id,
        at: new Date(),
        type: 'comment',
        actor,
        message: text,
      });
      return current;
    });
  }

  async assign(
    id: string,
    actor: string,
    assignee: string,
    note: string | undefined,
    ip: string | null,
  ): Promise<Incident> {
    return this.act(id, actor, ip, 'incident.assigned', async (tx, current) => {
      if (current.status === 'resolved') throw new ConflictException('Incident is resolved');
      await this.incidents.addEvent(tx, {
        incidentId: id,
        at: new Date(),
        type: 'assigned',
        actor,
        message: note ?? null,
        data: { assignee },
      });
      return current;
    });
  }

  private async act(
    id: string,
    actor: string,
    ip: string | null,
    action: string,
    change: (
      tx: Parameters<Parameters<IncidentsRepository['db']['transaction']>[0]>[0],
      current: Incident,
    ) => Promise<Incident>,
  ): Promise<Incident> {
    const incident = await this.incidents.db.transaction(async (tx) => {
      const current = await this.incidents.findById(id, tx, true);
      if (!current) throw new NotFoundException(`No incident ${id}`);
      const next = await change(tx, current);
      await this.audit.record(
        { actor, action, target: id, ip, data: { from: current.status, to: next.status } },
        tx,
      );
      return next;
    });
    this.live.publish(
      incident.status === 'resolved' ? LiveEvent.IncidentResolved : LiveEvent.IncidentUpdated,
      incident,
    );
    return incident;
  }
}

/** A timeline note when flap damping starts or stops holding the incident open. */
function flappingNote(was: boolean, is: boolean): string | null {
  if (was === is) return null;
  return is
    ? 'flapping: the condition keeps flipping; the incident is held open (状态反复变化，保持告警)'
    : 'no longer flapping (状态已稳定)';
}
