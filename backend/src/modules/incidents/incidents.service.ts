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
  type IncidentFilter,
  type IncidentListQuery,
  type IncidentPage,
  type IncidentStats,
  type IncidentStatsQuery,
  type IncidentWithTimeline,
  LiveEvent,
  type MaintenanceItem,
  type TimelineEvent,
} from '@cityops/contracts';
import type { Queryable } from '../../infra/database/database.js';
import { LivePublisher } from '../../infra/live/live-publisher.js';
import { AssetsRepository } from '../assets/assets.repository.js';
import { AuditRepository } from '../audit/audit.repository.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { assertInScope } from '../auth/district-scope.js';
import { EscalationService } from '../escalation/escalation.service.js';
import { MaintenanceRepository } from '../quality/maintenance.repository.js';
import { suspectNote } from '../quality/quality-checks.js';
import { renderTitle } from '../rules/evaluate-threshold.js';
import { RulesService } from '../rules/rules.service.js';
import {
  type Matchers,
  type SilenceTarget,
  type SilenceWindow,
  pickSilence,
  silencedNote,
} from '../silences/silence-matching.js';
import { SilencesRepository } from '../silences/silences.repository.js';
import {
  type KeysetCursor,
  decodeCursor,
  encodeCursor,
  isUuid,
} from '../../infra/http/keyset-cursor.js';
import { IncidentStatsRepository } from './incident-stats.repository.js';
import { buildStats, statsWindow } from './incident-stats.js';
import { type NewEvent, IncidentsRepository } from './incidents.repository.js';
import { parentChain, suppressedNote, upstreamCause } from './suppression.js';

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
    private readonly silences: SilencesRepository,
    private readonly maintenance: MaintenanceRepository,
    private readonly statistics: IncidentStatsRepository,
    private readonly escalation: EscalationService,
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
        if (!active) {
          // Its raise may still be on its way (retried after a failure): kept for it.
          await this.incidents.recordEarlyClear(tx, {
            key,
            transitionId: t.transitionId,
            at,
            value: t.value,
          });
          return { effect: 'ignored', incident: null };
        }
        if (at < new Date(active.openedAt)) return { effect: 'ignored', incident: null };
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
        const domain = rule?.domain ?? asset?.domain ?? 'heating';
        const district = asset?.district ?? t.subject?.district ?? null;
        const target = { assetId: t.assetId, district, domain, ruleId: t.ruleId };
        const silence = await this.silenceAt(tx, target, at);
        const upstream = asset ? await this.upstreamAt(tx, t.assetId, at) : null;
        const suspect =
          asset && rule?.type === 'threshold'
            ? await this.maintenance.suspectAt(tx, t.assetId, at)
            : null;
        const incident = await this.incidents.insert(tx, {
          id: randomUUID(),
          key,
          domain,
          ruleId: t.ruleId,
          assetId: t.assetId,
          assetName: asset?.name ?? t.subject?.name ?? null,
          district,
          severity,
          title: rule ? renderTitle(rule, name, t.value) : `${name} ${t.metric} ${t.value}`,
          metric: t.metric,
          openedAt: at,
          lastValue: t.value,
          location: asset ? [asset.lng, asset.lat] : (t.subject?.location ?? null),
          flapping: t.flapping,
          silenceId: silence?.id ?? null,
          suppressedBy: upstream?.id ?? null,
          suspect: suspect !== null,
        });
        await this.incidents.addEvent(tx, {
          ...common,
          incidentId: incident.id,
          type: 'opened',
          message: joinNotes(
            silence && silencedNote(silence),
            upstream && suppressedNote(upstream),
            suspect && suspectNote(suspect),
          ),
          data: {
            ...common.data,
            severity,
            ...(silence && { silenceId: silence.id }),
            ...(upstream && { suppressedBy: upstream.id }),
            ...(suspect && { suspect: true, maintenanceId: suspect.id }),
          },
        });
        const clear = await this.incidents.takeEarlyClear(tx, key, at);
        if (!clear) return { effect: 'opened', incident };
        // The condition cleared before this raise could be applied: on the record, never paged.
        const resolved = await this.incidents.update(tx, incident.id, {
          status: 'resolved',
          resolvedAt: clear.at,
          resolvedBy: 'system',
          lastValue: clear.value,
          flapping: false,
        });
        await this.incidents.addEvent(tx, {
          ...common,
          at: clear.at,
          transitionId: clear.transitionId,
          incidentId: incident.id,
          type: 'resolved',
          message: 'condition cleared (the clear arrived before the raise)',
          data: { value: clear.value, metric: t.metric },
        });
        return { effect: 'resolved', incident: resolved };
      }

      if (at < new Date(active.openedAt)) return { effect: 'ignored', incident: null };
      // Silences and the quality gate are judged again at each change, in event time; the
      // upstream link is decided once, when the incident opens.
      const silence = await this.silenceAt(tx, targetOf(active), at);
      const suspect =
        active.assetId !== null && rule?.type === 'threshold'
          ? await this.maintenance.suspectAt(tx, active.assetId, at)
          : null;
      const silenceChanged = (silence?.id ?? null) !== active.silenceId;
      const suspectChanged = (suspect !== null) !== active.suspect;
      const incident = await this.incidents.update(tx, active.id, {
        severity,
        lastValue: t.value,
        flapping: t.flapping,
        title: rule ? renderTitle(rule, active.assetName ?? t.assetId, t.value) : active.title,
        ...(silenceChanged && { silenceId: silence?.id ?? null }),
        ...(suspectChanged && { suspect: suspect !== null }),
      });
      await this.incidents.addEvent(tx, {
        ...common,
        incidentId: active.id,
        type: severity === active.severity ? 'value_updated' : 'severity_changed',
        message: joinNotes(
          flappingNote(active.flapping, t.flapping),
          silenceChanged &&
            (silence
              ? silencedNote(silence)
              : `no longer silenced (silence ${active.silenceId} is over)`),
          suspectChanged && (suspect ? suspectNote(suspect) : 'sensor no longer suspect'),
        ),
        data: {
          ...common.data,
          from: active.severity,
          to: severity,
          ...(silence && { silenceId: silence.id }),
          ...(suspect && { suspect: true, maintenanceId: suspect.id }),
        },
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

  /** The silence covering the target at event time `at`, if any. */
  private async silenceAt(
    tx: Queryable,
    target: SilenceTarget,
    at: Date,
  ): Promise<SilenceWindow | null> {
    return pickSilence(await this.silences.activeAt(tx, at), target, at.getTime());
  }

  /** The incident open at `at` on an asset up the parent chain (the root-most), if any. */
  private async upstreamAt(
    tx: Queryable,
    assetId: string,
    at: Date,
  ): Promise<{ id: string; title: string } | null> {
    const chain = parentChain(assetId, await this.assets.parentEdges(tx, assetId));
    if (chain.length === 0) return null;
    return upstreamCause(chain, await this.incidents.openOnAssetsAt(tx, chain, at), at.getTime());
  }

  /**
   * After a silence was created, edited or expired: the open incidents it covers now are silenced
   * (by it, or by another that ends later), those it silenced and no longer covers page again. Runs
   * in the caller's transaction; announce the returned incidents after it commits.
   */
  async reconcileSilence(
    tx: Queryable,
    silence: { id: string; matchers: Matchers },
    actor: string,
    now: Date,
  ): Promise<Incident[]> {
    const candidates = await this.incidents.openForSilence(tx, silence.matchers, silence.id);
    if (candidates.length === 0) return [];
    const active = await this.silences.activeAt(tx, now);
    const changes: { id: string; silenceId: string | null }[] = [];
    const events: NewEvent[] = [];
    for (const incident of candidates) {
      const covering = pickSilence(active, targetOf(incident), now.getTime());
      if ((covering?.id ?? null) === incident.silenceId) continue;
      changes.push({ id: incident.id, silenceId: covering?.id ?? null });
      events.push(
        covering
          ? {
              incidentId: incident.id,
              at: now,
              type: 'silenced',
              actor,
              message: silencedNote(covering),
              data: { silenceId: covering.id },
            }
          : {
              incidentId: incident.id,
              at: now,
              type: 'unsilenced',
              actor,
              message: `no longer silenced (silence ${incident.silenceId} is over); pages again`,
              data: { silenceId: incident.silenceId },
            },
      );
    }
    const changed = await this.incidents.setSilences(tx, changes);
    await this.incidents.addEvents(tx, events);
    return changed;
  }

  /**
   * The quality gate found a sensor suspect: its open threshold incidents are marked so (with a note
   * on their timelines) and announced. Returns the incidents that changed.
   */
  async markSensorSuspect(item: MaintenanceItem): Promise<Incident[]> {
    const changed = await this.incidents.db.transaction(async (tx) => {
      const marked = await this.incidents.markSuspect(tx, item.assetId);
      await this.incidents.addEvents(
        tx,
        marked.map((incident) => ({
          incidentId: incident.id,
          at: new Date(),
          type: 'suspect',
          actor: 'system',
          message: suspectNote(item),
          data: { maintenanceId: item.id, kind: item.kind },
        })),
      );
      return marked;
    });
    this.announceUpdated(changed);
    return changed;
  }

  /** incident.updated for each (silenced, suppressed, suspect or linked state changed). */
  announceUpdated(incidents: readonly Incident[]): void {
    for (const incident of incidents)
      this.live.publish(
        incident.status === 'resolved' ? LiveEvent.IncidentResolved : LiveEvent.IncidentUpdated,
        incident,
      );
  }

  async stats(query: IncidentStatsQuery): Promise<IncidentStats> {
    const now = new Date();
    const { from, to } = statsWindow(query, now);
    const { from: _from, to: _to, groupBy: _groupBy, ...filter } = query;
    const [incidentCells, caseCells] = await Promise.all([
      this.statistics.incidentCells(query.groupBy, from, to, filter),
      this.statistics.caseCells(query.groupBy, from, to, now, filter),
    ]);
    const { groups, total } = buildStats(incidentCells, caseCells, query.groupBy !== 'domain');
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy: query.groupBy,
      asOf: now.toISOString(),
      groups,
      total,
    };
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

  /** How many incidents match the filters. */
  count(filter: IncidentFilter): Promise<number> {
    return this.incidents.count(filter);
  }

  /**
   * The incidents matching the filters, newest first, in pages of `pageSize` (keyset, so the pages
   * stay consistent while new incidents arrive), at most `limit` in all.
   */
  async *exportPages(
    filter: IncidentFilter,
    limit: number,
    pageSize = 1000,
  ): AsyncGenerator<Incident[]> {
    let after: KeysetCursor | null = null;
    let left = limit;
    while (left > 0) {
      const size = Math.min(pageSize, left);
      const page = await this.incidents.list({ ...filter, limit: size }, after);
      if (page.length > 0) yield page;
      if (page.length < size) return;
      left -= page.length;
      const last = page[page.length - 1]!;
      after = { at: last.openedAt, id: last.id };
    }
  }

  /** 404 for an incident outside a district-limited caller's districts, as for a missing one. */
  async assertInScope(id: string, caller: Pick<AuthenticatedUser, 'districts'>): Promise<void> {
    if (!caller.districts) return;
    const incident = await this.incidents.findById(id);
    assertInScope(caller, incident?.district, `No incident ${id}`);
  }

  async get(id: string): Promise<IncidentWithTimeline> {
    const incident = await this.incidents.findById(id);
    if (!incident) throw new NotFoundException(`No incident ${id}`);
    const [timeline, cases]: [TimelineEvent[], IncidentWithTimeline['cases']] = await Promise.all([
      this.incidents.timeline(id),
      this.incidents.linkedCases(id, Date.now()),
    ]);
    return { ...incident, timeline, cases };
  }

  async acknowledge(
    id: string,
    actor: string,
    note: string | undefined,
    ip: string | null,
    /** `within` runs in the same transaction once the incident is known to be open (an ack link marks itself used). */
    options: { within?: (tx: Queryable) => Promise<void>; data?: Record<string, unknown> } = {},
  ): Promise<Incident> {
    return this.act(id, actor, { ip, note }, 'incident.acknowledged', async (tx, current) => {
      if (current.status !== 'open')
        throw new ConflictException(`Incident is ${current.status}, not open`);
      await options.within?.(tx);
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
        ...(options.data && { data: options.data }),
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
    return this.act(id, actor, { ip, note }, 'incident.resolved', async (tx, current) => {
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
    return this.act(id, actor, { ip, text }, 'incident.commented', async (tx, current) => {
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
    return this.act(id, actor, { ip, assignee, note }, 'incident.assigned', async (tx, current) => {
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
    /** From where, and what the audit entry keeps beside the status change (note, text, assignee). */
    { ip, ...details }: { ip: string | null } & Record<string, unknown>,
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
        {
          actor,
          action,
          target: id,
          ip,
          data: { from: current.status, to: next.status, ...details },
        },
        tx,
      );
      return next;
    });
    this.live.publish(
      incident.status === 'resolved' ? LiveEvent.IncidentResolved : LiveEvent.IncidentUpdated,
      incident,
    );
    // Acknowledged or resolved: escalation stops now, its pending step job is removed (should that
    // fail, the step job finds the incident not open and does nothing).
    if (incident.status !== 'open')
      await this.escalation.stop(id, `${incident.status} by ${actor}`).catch(() => undefined);
    return incident;
  }
}

function targetOf(incident: Incident): SilenceTarget {
  return {
    assetId: incident.assetId,
    district: incident.district,
    domain: incident.domain,
    ruleId: incident.ruleId,
  };
}

/** The notes that apply, as one timeline message (null when none). */
function joinNotes(...notes: (string | null | false | undefined)[]): string | null {
  const present = notes.filter((n): n is string => typeof n === 'string' && n !== '');
  return present.length ? present.join('; ') : null;
}

/** A timeline note when flap damping starts or stops holding the incident open. */
function flappingNote(was: boolean, is: boolean): string | null {
  if (was === is) return null;
  return is
    ? 'flapping: the condition keeps flipping; the incident is held open (状态反复变化，保持告警)'
    : 'no longer flapping (状态已稳定)';
}
