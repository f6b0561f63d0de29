import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import {
  type AlertTransition,
  type Incident,
  LiveEvent,
  type Rule,
  WATCH_KIND_DOMAINS,
  WATCH_MAX_UNTIL_DAYS,
  type WatchKind,
  type WatchList,
  type WatchMode,
  type WatchScope,
  WatchScopeSchema,
  type WatchStartBody,
  districtName,
  redisKeys,
} from '@cityops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import type { Queryable } from '../../infra/database/database.js';
import type { KeysetCursor } from '../../infra/http/keyset-cursor.js';
import { LivePublisher } from '../../infra/live/live-publisher.js';
import { REDIS } from '../../infra/redis/redis.js';
import { SharedCacheSync } from '../../infra/redis/shared-cache-sync.js';
import { AssetRegistryRepository } from '../assets/asset-registry.repository.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import { RulesService } from '../rules/rules.service.js';
import { type SignalRecord, decideAutoWatch } from './auto-watch.js';
import { tightenRule, watchKindsOf } from './tighten-rule.js';
import { type WatchRecord, WatchRepository, toWatchMode } from './watch.repository.js';
import { type WatchSpan, activeKinds, cadenceFactorAt, spanEnd } from './watch-scope.js';

/** Every process reloads the watches at least this often (and ends those whose planned end passed). */
export const WATCH_CHECK_MS = 15_000;
/** Watches ended longer ago than this no longer apply to late readings (and leave GET /api/watch). */
export const WATCH_RECENT_MS = 7 * 24 * 3_600_000;
/** At most this many open incidents get a watch change on their timeline (the newest first). */
const MAX_TIMELINE_INCIDENTS = 20_000;

const LABELS: Record<WatchKind, string> = {
  rainstorm: '暴雨值守 Rainstorm watch',
  cold_wave: '寒潮值守 Cold-wave watch',
};
const scopeLabel = (scope: WatchScope) =>
  scope === 'city' ? '全市 city' : `${districtName(scope)} ${scope}`;

type Change = 'started' | 'ended';

/**
 * Watch mode (docs/watch-mode.md). Keeps the watches in memory for the evaluation paths
 * (`effectiveRule`, `cadenceFactor`: no I/O), reloaded on every change here, through a Redis message
 * in the other processes, and every WATCH_CHECK_MS everywhere; starts and ends watches by hand
 * (REST) and from the rainfall signal (`observeTransition`), writing each change on the timeline of
 * the open incidents it affects, in the audit log, and as a `watch.changed` live event.
 */
@Injectable()
export class WatchService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WatchService.name);
  private spans: readonly WatchSpan[] = [];
  private readonly tightened = new WeakMap<Rule, Map<string, Rule>>();
  private readonly autoRules: ReadonlySet<string>;
  private readonly sync: SharedCacheSync;

  constructor(
    private readonly watches: WatchRepository,
    private readonly incidents: IncidentsRepository,
    private readonly audit: AuditRepository,
    private readonly registry: AssetRegistryRepository,
    private readonly rules: RulesService,
    private readonly live: LivePublisher,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.autoRules = new Set(config.WATCH_AUTO_RULES);
    this.sync = new SharedCacheSync({
      load: () => this.load(),
      redis,
      channel: redisKeys(config.REDIS_PREFIX).watchChanged,
      name: 'watches',
      refreshMs: WATCH_CHECK_MS,
      // The periodic safety net also ends what is due.
      periodic: async () => {
        await this.expire();
        await this.sync.reload();
      },
      logger: this.logger,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.sync.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.sync.stop();
  }

  // ---- The evaluation paths' view: in memory, no I/O ----

  /**
   * The rule as it applies to a place in `district` (null: unknown, city watches only) at event time
   * `at`: tightened by its steps for the watch kinds on there then; the same object when no watch
   * changes it. Pure over the watches in memory.
   */
  effectiveRule<R extends Rule>(rule: R, district: string | null, at: number): R {
    if (!rule.watch || this.spans.length === 0) return rule;
    const kinds = activeKinds(this.spans, district, at);
    if (kinds.length === 0) return rule;
    let byKinds = this.tightened.get(rule);
    if (!byKinds) this.tightened.set(rule, (byKinds = new Map()));
    const key = kinds.join(',');
    let tight = byKinds.get(key);
    if (!tight) byKinds.set(key, (tight = tightenRule(rule, kinds)));
    return tight as R;
  }

  /** The watch kinds on for a place at an event time. */
  activeKinds(district: string | null, at: number): WatchKind[] {
    return activeKinds(this.spans, district, at);
  }

  /**
   * How many times as often to evaluate now (WATCH_CADENCE_FACTOR while a watch is on, else 1).
   * `scope` `city`: any watch anywhere (a city-wide tick); a district code: a watch of that district
   * or of the city. With `rule`, only watches of kinds the rule declares a step for count. The tick
   * path divides its interval by this.
   */
  cadenceFactor(scope: WatchScope | string, rule?: Rule, now = Date.now()): number {
    return cadenceFactorAt(
      this.spans,
      scope,
      now,
      this.config.WATCH_CADENCE_FACTOR,
      rule ? watchKindsOf(rule) : undefined,
    );
  }

  // ---- REST ----

  async list(now = Date.now()): Promise<WatchList> {
    const [open, ended] = await Promise.all([
      this.watches.open(),
      this.watches.endedSince(now - WATCH_RECENT_MS, 100),
    ]);
    const all = [...open, ...ended].map((w) => toWatchMode(w, now));
    return { active: all.filter((w) => w.active), recent: all.filter((w) => !w.active) };
  }

  async get(id: string): Promise<WatchMode> {
    const watch = await this.watches.find(id);
    if (!watch) throw new NotFoundException(`No watch ${id}`);
    return toWatchMode(watch, Date.now());
  }

  /** A supervisor's (or admin's) watch, from now until ended or `until`. */
  async start(body: WatchStartBody, actor: string, ip: string | null): Promise<WatchMode> {
    const now = Date.now();
    const until = body.until === undefined ? null : Date.parse(body.until);
    if (until !== null && until <= now)
      throw invalid('until: until must be in the future (leave it out for a watch until ended)');
    if (until !== null && until > now + WATCH_MAX_UNTIL_DAYS * 86_400_000)
      throw invalid(`until: until may be at most ${WATCH_MAX_UNTIL_DAYS} days ahead`);
    const affected = await this.openIncidents(body.kind, body.scope);
    const watch: WatchRecord = {
      id: randomUUID(),
      kind: body.kind,
      scope: body.scope,
      startedAt: now,
      startedBy: actor,
      reason: body.reason,
      endsAt: until,
      endedAt: null,
      endedBy: null,
      endNote: null,
      auto: false,
      triggerIncidentId: null,
      triggerRuleId: null,
      triggerAssetId: null,
    };
    await this.watches.db.transaction(async (tx) => {
      await this.watches.lockScope(tx, body.scope);
      const same = (await this.watches.openCovering(tx, body.kind, body.scope)).find(
        (w) => w.scope === body.scope && isOn(w, now),
      );
      if (same)
        throw new ConflictException(
          `${scopeLabel(body.scope)} is already under ${body.kind} watch (${same.id}, started by ${same.startedBy}); end it first`,
        );
      await this.watches.insert(tx, watch);
      await this.record(tx, watch, 'started', actor, ip, now, affected);
    });
    await this.changed([watch]);
    return toWatchMode(watch, Date.now());
  }

  /** Ends a watch now (by hand); 409 when it has ended already. */
  async end(
    id: string,
    note: string | undefined,
    actor: string,
    ip: string | null,
  ): Promise<WatchMode> {
    const current = await this.watches.find(id);
    if (!current) throw new NotFoundException(`No watch ${id}`);
    if (current.endedAt !== null)
      throw new ConflictException(
        `Watch ${id} has ended already (${new Date(current.endedAt).toISOString()})`,
      );
    const affected = await this.openIncidents(current.kind, current.scope);
    const now = Date.now();
    const ended = await this.watches.db.transaction(async (tx) => {
      const watch = await this.watches.end(tx, id, now, actor, note || null);
      if (!watch) throw new ConflictException(`Watch ${id} has ended already`);
      await this.record(tx, watch, 'ended', actor, ip, now, affected);
      return watch;
    });
    await this.changed([ended]);
    return toWatchMode(ended, Date.now());
  }

  // ---- Automatic watches ----

  /**
   * Feeds one alert transition of a rule (any rule: those not in WATCH_AUTO_RULES return at once,
   * without I/O). A rainfall signal at WATCH_AUTO_SEVERITY or above starts a rainstorm watch for the
   * gauge's district (the city when its district is unknown); the last signal of the scope falling
   * below it plans the automatic watch's end WATCH_AUTO_COOLDOWN_MINUTES later (event time), which
   * the periodic check carries out. Idempotent: the same transition again, or an older one for the
   * same gauge, changes nothing. Returns the watch it started or changed, else null.
   * `incidentId`: the signal's incident, recorded as the watch's trigger when it starts one.
   */
  async observeTransition(
    transition: AlertTransition,
    incidentId: string | null = null,
  ): Promise<WatchMode | null> {
    if (!this.autoRules.has(transition.ruleId)) return null;
    const scope = await this.scopeOf(transition);
    const signal: SignalRecord = {
      ruleId: transition.ruleId,
      assetId: transition.assetId,
      severity: transition.kind === 'cleared' ? null : transition.severity,
      at: transition.at,
      transitionId: transition.transitionId,
    };
    const affected = await this.openIncidents('rainstorm', scope);
    const changed = await this.watches.db.transaction(async (tx) => {
      await this.watches.lockScope(tx, scope);
      const signals = await this.watches.signals(tx, scope, [...this.autoRules]);
      const covering = await this.watches.openCovering(tx, 'rainstorm', scope);
      const auto = covering.find((w) => w.auto && w.scope === scope) ?? null;
      const other = covering.find((w) => w !== auto && isOn(w, signal.at)) ?? null;
      const decision = decideAutoWatch(
        {
          signals,
          auto: auto && { id: auto.id, endsAt: auto.endsAt },
          coveredBy: other?.id ?? null,
        },
        signal,
        {
          severity: this.config.WATCH_AUTO_SEVERITY,
          cooldownMs: this.config.WATCH_AUTO_COOLDOWN_MINUTES * 60_000,
        },
      );
      if (!decision.record) return [];
      await this.watches.saveSignal(tx, scope, signal);
      const out: WatchRecord[] = [];
      if (decision.end) {
        const ended = await this.watches.end(
          tx,
          decision.end.id,
          decision.end.at,
          'system',
          'signal cleared; cooldown over (降雨信号解除，冷却期满)',
        );
        if (ended) {
          await this.record(tx, ended, 'ended', 'system', null, decision.end.at, affected);
          out.push(ended);
        }
      }
      if (decision.endsAt) {
        const planned = await this.watches.setEndsAt(tx, decision.endsAt.id, decision.endsAt.value);
        if (planned) out.push(planned);
      }
      if (decision.start) {
        const started: WatchRecord = {
          id: randomUUID(),
          kind: 'rainstorm',
          scope,
          startedAt: decision.start.at,
          startedBy: 'system',
          reason: `${this.rules.find(transition.ruleId)?.name ?? transition.ruleId}: ${transition.severity} at ${transition.assetId} (${transition.value})`,
          endsAt: null,
          endedAt: null,
          endedBy: null,
          endNote: null,
          auto: true,
          triggerIncidentId: incidentId,
          triggerRuleId: transition.ruleId,
          triggerAssetId: transition.assetId,
        };
        await this.watches.insert(tx, started);
        await this.record(tx, started, 'started', 'system', null, decision.start.at, affected);
        out.push(started);
      }
      return out;
    });
    if (changed.length === 0) return null;
    await this.changed(changed);
    return toWatchMode(changed[changed.length - 1]!, Date.now());
  }

  /**
   * Ends the watches whose planned end (`until`, or signal clear + cooldown) is at or before `now`,
   * at that planned end, by "system". Safe in every process at once: each watch ends once.
   */
  async expire(now = Date.now()): Promise<WatchMode[]> {
    const ended: WatchRecord[] = [];
    for (const id of await this.watches.due(now)) {
      const current = await this.watches.find(id);
      if (!current || current.endedAt !== null || current.endsAt === null) continue;
      const affected = await this.openIncidents(current.kind, current.scope);
      const note = current.auto
        ? 'signal cleared; cooldown over (降雨信号解除，冷却期满)'
        : 'planned end reached (到达预定结束时间)';
      const watch = await this.watches.db.transaction(async (tx) => {
        const done = await this.watches.end(tx, id, current.endsAt!, 'system', note);
        if (done) await this.record(tx, done, 'ended', 'system', null, current.endsAt!, affected);
        return done;
      });
      if (watch) ended.push(watch);
    }
    if (ended.length) await this.changed(ended);
    return ended.map((w) => toWatchMode(w, now));
  }

  // ---- Inside ----

  /** Where a signal's gauge is: its district from the transition or the asset registry, else the city. */
  private async scopeOf(t: AlertTransition): Promise<WatchScope> {
    const district =
      t.subject?.district ?? (await this.registry.lookup([t.assetId])).get(t.assetId)?.district;
    const parsed = WatchScopeSchema.safeParse(district);
    return parsed.success ? parsed.data : 'city';
  }

  /**
   * The open (or acknowledged) incidents a watch of this kind and scope affects: in its district (any,
   * for the city), of the kind's domains or of a rule that declares a step for the kind. Read before
   * the change's transaction (a database client may hold one connection).
   */
  private async openIncidents(kind: WatchKind, scope: WatchScope): Promise<Incident[]> {
    const domains: readonly string[] = WATCH_KIND_DOMAINS[kind];
    const affects = (i: Incident) =>
      domains.includes(i.domain) || this.rules.find(i.ruleId)?.watch?.[kind] !== undefined;
    const found: Incident[] = [];
    let after: KeysetCursor | null = null;
    for (;;) {
      const page: Incident[] = await this.incidents.list(
        {
          status: ['open', 'acknowledged'],
          ...(scope === 'city' ? {} : { district: [scope] }),
          limit: 500,
        },
        after,
      );
      found.push(...page.filter(affects));
      const last = page[page.length - 1];
      if (page.length < 500 || !last || found.length >= MAX_TIMELINE_INCIDENTS) break;
      after = { at: last.openedAt, id: last.id };
    }
    return found.slice(0, MAX_TIMELINE_INCIDENTS);
  }

  /** The change on the timeline of every affected incident, and in the audit log. */
  private async record(
    tx: Queryable,
    watch: WatchRecord,
    change: Change,
    actor: string,
    ip: string | null,
    at: number,
    affected: readonly Incident[],
  ): Promise<void> {
    const label = `${LABELS[watch.kind]} ${change === 'started' ? '开始 started' : '结束 ended'} (${scopeLabel(watch.scope)})`;
    const detail = change === 'started' ? watch.reason : watch.endNote;
    const message = detail ? `${label}: ${detail}` : label;
    for (const incident of affected) {
      await this.incidents.addEvent(tx, {
        incidentId: incident.id,
        at: new Date(at),
        type: 'watch_changed',
        actor,
        message,
        data: { watchId: watch.id, kind: watch.kind, scope: watch.scope, change, auto: watch.auto },
      });
    }
    await this.audit.record(
      {
        actor,
        action: `watch.${change}`,
        target: watch.id,
        ip,
        data: {
          kind: watch.kind,
          scope: watch.scope,
          auto: watch.auto,
          reason: watch.reason,
          startedAt: new Date(watch.startedAt).toISOString(),
          endsAt: watch.endsAt === null ? null : new Date(watch.endsAt).toISOString(),
          endedAt: watch.endedAt === null ? null : new Date(watch.endedAt).toISOString(),
          note: watch.endNote,
          incidents: affected.length,
        },
      },
      tx,
    );
  }

  /** After a change: reload here, tell the other processes, and the consoles. */
  private async changed(watches: readonly WatchRecord[]): Promise<void> {
    await this.sync.announce();
    const now = Date.now();
    for (const watch of watches) this.live.publish(LiveEvent.WatchChanged, toWatchMode(watch, now));
  }

  /** Reloads the watches (one load at a time). */
  reload(): Promise<void> {
    return this.sync.reload();
  }

  /** The watches that can matter for evaluation, into memory. */
  private async load(): Promise<void> {
    const records = await this.watches.relevant(Date.now() - WATCH_RECENT_MS);
    this.spans = records.map((w) => ({
      id: w.id,
      kind: w.kind,
      scope: w.scope,
      auto: w.auto,
      startMs: w.startedAt,
      endMs: spanEnd(w),
    }));
  }
}

function isOn(w: WatchRecord, at: number): boolean {
  const end = spanEnd(w);
  return w.startedAt <= at && (end === null || at < end);
}

function invalid(detail: string): BadRequestException {
  return new BadRequestException({ message: 'Invalid request', details: [detail] });
}
