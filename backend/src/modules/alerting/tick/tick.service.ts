import { groupBy } from '../../../infra/group-by.js';
import { Injectable, Logger } from '@nestjs/common';
import {
  type AlertTransition,
  type CaseClusterRule,
  type CaseTimeLimitRule,
  JobName,
  type NoDataRule,
  type Rule,
  type WindowRule,
} from '@cityops/contracts';
import { JobQueue } from '../../../infra/queue/job-queue.js';
import { MetricsRegistry } from '../../../infra/metrics/metrics-registry.js';
import { CasesRepository, type TickCase } from '../../cases/cases.repository.js';
import {
  type KeyedTransition,
  runCaseClusters,
  runCaseTimeLimit,
  runNoData,
  runWindow,
  silenceLimitMs,
  transitionMetric,
} from '../../rules/evaluators/index.js';
import { RulesService } from '../../rules/rules.service.js';
import { WatchService } from '../../watch/watch.service.js';
import { stateKey } from '../alert-state.repository.js';
import { kindsByField } from './heartbeat.js';
import {
  type WindowAccumulator,
  aggregatesOf,
  collectLastSeen,
  collectWindows,
  districtPartitions,
  lastSeenStatements,
  windowPlan,
  windowStatements,
} from './influxql.js';
import { caseSubject, clusterSubject } from './subjects.js';
import { TickAssetsRepository } from './tick-assets.repository.js';
import { ticks } from './tick-cadence.js';
import {
  type TickEvaluation,
  keyOf,
  newEvaluation,
  record,
  worthKeeping,
} from './tick-evaluation.js';
import { TickInfluxRepository } from './tick-influx.repository.js';
import { type LoadedState, TickStateRepository } from './tick-state.repository.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Above this many assets a rule group's InfluxQL is split by district (statements run side by side). */
export const SPLIT_ABOVE = 5_000;
/** Case rules keep a settled state this long: their event times (due, report times) repeat. */
const CASE_STATE_RETAIN_MS = 7 * DAY_MS;
/** On a rule's first tick, closings this far back are taken into account. */
const FIRST_TICK_LOOKBACK_MS = DAY_MS;

/** Another tick of the same rule is running; BullMQ retries this one after it. */
export class RuleBusyError extends Error {}

export interface TickOutcome {
  status: 'evaluated' | 'skipped';
  /** Why a tick was skipped. */
  reason?: 'not ticked' | 'already evaluated';
  transitions: AlertTransition[];
  /** Keys evaluated (assets, cases, areas). */
  evaluated: number;
  /** State writes not made because the fast path changed the key meanwhile. */
  conflicts: number;
}

/**
 * The tick path (docs/rules.md): one rule at one tick time, evaluated over InfluxDB (grouped
 * InfluxQL per rule group, never per sensor; split by district when large) or the case table, through the
 * pure evaluators, with the shared alert state in Redis. Ticks of a rule run one at a time (a Redis
 * lock) and in order (a watermark: a tick not newer than the last evaluated is skipped), so any
 * number of workers and replicas evaluate each tick once. Transitions are enqueued before the state
 * is saved: after a crash in between, the retry computes the same transition ids.
 */
@Injectable()
export class TickService {
  private readonly logger = new Logger(TickService.name);

  constructor(
    private readonly rules: RulesService,
    private readonly watch: WatchService,
    private readonly assets: TickAssetsRepository,
    private readonly influx: TickInfluxRepository,
    private readonly states: TickStateRepository,
    private readonly cases: CasesRepository,
    private readonly queue: JobQueue,
    private readonly metrics: MetricsRegistry,
  ) {}

  async evaluate(ruleId: string, tickAt: number): Promise<TickOutcome> {
    const rule = this.rules.find(ruleId);
    const skipped = (reason: TickOutcome['reason']): TickOutcome => ({
      status: 'skipped',
      reason,
      transitions: [],
      evaluated: 0,
      conflicts: 0,
    });
    if (!rule || !rule.enabled || !ticks(rule)) return skipped('not ticked');
    const release = await this.states.lock(ruleId);
    if (!release) throw new RuleBusyError(`rule ${ruleId} is being evaluated by another tick`);
    try {
      const watermark = await this.states.watermark(ruleId);
      if (watermark !== null && tickAt <= watermark) return skipped('already evaluated');
      const evaluation = await this.evaluateRule(rule, tickAt, watermark);
      await this.queue.addBulk(
        JobName.ApplyAlertTransition,
        evaluation.transitions.map((payload) => ({ payload, jobId: payload.transitionId })),
      );
      const conflicts = await this.states.save(rule.id, evaluation.changes, true);
      await this.states.setWatermark(rule.id, tickAt);
      for (const t of evaluation.transitions) this.metrics.alertTransitions.inc({ kind: t.kind });
      if (conflicts.length > 0)
        this.logger.debug(
          `${rule.id}: ${conflicts.length} keys changed by the fast path meanwhile`,
        );
      return {
        status: 'evaluated',
        transitions: evaluation.transitions,
        evaluated: evaluation.evaluated,
        conflicts: conflicts.length,
      };
    } finally {
      await release();
    }
  }

  private evaluateRule(rule: Rule, tickAt: number, watermark: number | null) {
    const changedSince = new Date(watermark ?? tickAt - FIRST_TICK_LOOKBACK_MS);
    switch (rule.type) {
      case 'no_data':
        return this.noData(rule, tickAt);
      case 'window':
        return this.window(rule, tickAt);
      case 'case_time_limit':
        return this.caseTimeLimit(rule, tickAt, changedSince);
      case 'case_cluster':
        return this.caseClusters(rule, tickAt, changedSince);
      case 'threshold':
        // ticks() keeps threshold rules on the fast path (see tick-cadence.ts).
        return Promise.resolve(newEvaluation());
    }
  }

  /** Silence per asset: the last report of each asset of the rule's kinds, one grouped query. */
  private async noData(rule: NoDataRule, tickAt: number): Promise<TickEvaluation> {
    const assets = await this.assets.ofKinds(rule.assetKinds);
    const longest = Math.max(...rule.assetKinds.map((kind) => silenceLimitMs(rule, kind) ?? 0));
    // An asset silent for longer than the lookback is found silent all the same; its silence is
    // then counted from its registration, or from the alert already raised.
    const lookback = Math.max(2 * longest, HOUR_MS);
    const lastSeen = new Map<string, number>();
    await this.influx.each(
      lastSeenStatements({
        domain: rule.domain,
        fields: kindsByField(rule),
        from: tickAt - lookback,
        to: tickAt,
        partitions: districtPartitions(assets.length > SPLIT_ABOVE),
      }),
      (answer) => collectLastSeen(answer, lastSeen),
    );
    const { states, missing } = await this.states.loadIndexed(rule.id);
    const out = newEvaluation(missing);
    const metric = transitionMetric(rule);
    const keep = (s: Parameters<typeof worthKeeping>[0]) => worthKeeping(s, tickAt, 0);
    for (const asset of assets) {
      const key = stateKey(rule.id, asset.id);
      const loaded = states.get(key);
      const { state, transitions } = runNoData(
        this.watch.effectiveRule(rule, asset.district, tickAt),
        asset.kind,
        loaded?.state,
        {
          lastSeenAt: lastSeen.get(asset.id) ?? null,
          now: tickAt,
          watchedSince: asset.registeredAt,
        },
      );
      record(out, key, loaded, state, transitions, { ...bind(rule, asset.id, metric) }, keep);
    }
    return out;
  }

  /** Aggregates per asset over each of the rule's windows, one grouped query (time buckets). */
  private async window(rule: WindowRule, tickAt: number): Promise<TickEvaluation> {
    const assets = new Map((await this.assets.ofKinds(rule.assetKinds)).map((a) => [a.id, a]));
    const plan = windowPlan(rule, tickAt);
    const accumulators = new Map<string, WindowAccumulator>();
    const perWindow = plan.mode === 'per-window';
    await this.influx.each(
      windowStatements(rule, plan, districtPartitions(assets.size > SPLIT_ABOVE)),
      (answer, index) =>
        collectWindows(
          answer,
          rule,
          plan,
          accumulators,
          perWindow ? index % plan.windows.length : undefined,
        ),
    );
    const { states, missing } = await this.states.loadIndexed(rule.id);
    const out = newEvaluation(missing);
    const metric = transitionMetric(rule);
    const keep = (s: Parameters<typeof worthKeeping>[0]) => worthKeeping(s, tickAt, 0);
    const candidates = new Set([...accumulators.keys(), ...[...states.keys()].map(keyOf)]);
    for (const assetId of candidates) {
      // Readings of unregistered sensors raise nothing, as on the fast path.
      const asset = assets.get(assetId);
      if (!asset) continue;
      const key = stateKey(rule.id, assetId);
      const loaded = states.get(key);
      const { state, transitions } = runWindow(
        this.watch.effectiveRule(rule, asset.district, tickAt),
        loaded?.state,
        [{ at: tickAt, aggregates: aggregatesOf(accumulators.get(assetId), rule, plan) }],
      );
      record(out, key, loaded, state, transitions, bind(rule, assetId, metric), keep);
    }
    return out;
  }

  /** Time limits per case; the limit tightened by a watch on the case's district. */
  private async caseTimeLimit(
    rule: CaseTimeLimitRule,
    tickAt: number,
    changedSince: Date,
  ): Promise<TickEvaluation> {
    const { states, missing } = await this.states.loadIndexed(rule.id);
    const byCase = new Map([...states].map(([key, loaded]) => [keyOf(key), loaded]));
    const cases = await this.cases.forCaseRules({
      categories: rule.categories,
      changedSince,
      ids: [...byCase.keys()],
    });
    const out = newEvaluation(missing);
    const metric = transitionMetric(rule);
    const keep = (s: Parameters<typeof worthKeeping>[0]) =>
      worthKeeping(s, tickAt, CASE_STATE_RETAIN_MS);
    for (const [district, group] of groupBy(cases, (c) => c.district)) {
      const effective = this.watch.effectiveRule(rule, district, tickAt);
      const result = runCaseTimeLimit(effective, statesOf(byCase, group), group, tickAt);
      const drafts = groupBy(result.transitions, (t) => t.key);
      for (const c of group) {
        const loaded = byCase.get(c.id);
        record(
          out,
          stateKey(rule.id, c.id),
          loaded,
          result.states.get(c.id) ?? loaded?.state,
          drafts.get(c.id) ?? [],
          { ...bind(rule, c.id, metric), subject: caseSubject(c) },
          keep,
        );
      }
    }
    return out;
  }

  /** Clusters of open cases, keyed by area; a city-wide watch tightens minCases. */
  private async caseClusters(
    rule: CaseClusterRule,
    tickAt: number,
    changedSince: Date,
  ): Promise<TickEvaluation> {
    const { states, missing } = await this.states.loadIndexed(rule.id);
    const byArea = new Map([...states].map(([key, loaded]) => [keyOf(key), loaded]));
    const members = [...byArea.values()].flatMap((loaded) => loaded.state.members ?? []);
    const cases = await this.cases.forCaseRules({
      categories: rule.categories,
      changedSince,
      ids: members,
    });
    const caseById = new Map(cases.map((c) => [c.id, c]));
    const previous = new Map([...byArea].map(([area, loaded]) => [area, loaded.state]));
    const result = runCaseClusters(
      this.watch.effectiveRule(rule, null, tickAt),
      previous,
      cases,
      tickAt,
    );
    const drafts = groupBy<KeyedTransition>(result.transitions, (t) => t.key);
    const out = newEvaluation(missing);
    const metric = transitionMetric(rule);
    const keep = (s: Parameters<typeof worthKeeping>[0]) =>
      worthKeeping(s, tickAt, CASE_STATE_RETAIN_MS);
    for (const area of new Set([...byArea.keys(), ...result.states.keys()])) {
      const loaded = byArea.get(area);
      const state = result.states.get(area) ?? loaded?.state;
      // A cleared cluster is named after the cases it had.
      const ids = state?.members?.length ? state.members : (loaded?.state.members ?? []);
      const located = ids.map((id) => caseById.get(id)).filter((c): c is TickCase => !!c);
      record(
        out,
        stateKey(rule.id, area),
        loaded,
        state,
        drafts.get(area) ?? [],
        { ...bind(rule, area, metric), subject: clusterSubject(located) },
        keep,
      );
    }
    return out;
  }
}

function bind(rule: Rule, assetId: string, metric: string) {
  return { ruleId: rule.id, assetId, metric, subject: null };
}

function statesOf(
  byCase: ReadonlyMap<string, LoadedState>,
  group: readonly TickCase[],
): Map<string, LoadedState['state']> {
  const out = new Map<string, LoadedState['state']>();
  for (const c of group) {
    const loaded = byCase.get(c.id);
    if (loaded) out.set(c.id, loaded.state);
  }
  return out;
}
