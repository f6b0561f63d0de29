import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  BACKTEST_LIMITS,
  BACKTEST_RULE_TYPES,
  type Backtest,
  type BacktestRequest,
  type BacktestResult,
  JobName,
  type JobOf,
  type Rule,
} from '@cityops/contracts';
import { JobQueue } from '../../../infra/queue/job-queue.js';
import { AssetsRepository } from '../../assets/assets.repository.js';
import { RulesService } from '../rules.service.js';
import { BacktestEngine } from './backtest-engine.js';
import { type BacktestRule, type SeriesFilter, planChunks } from './backtest-query.js';
import { assembleIncidents } from './backtest-result.js';
import { BacktestRepository } from './backtest.repository.js';

type RunPayload = JobOf<typeof JobName.RunBacktest>;

/** Beyond this many series-hours a backtest runs as a job even within syncMaxHours. */
export const SYNC_MAX_SERIES_HOURS = 200 * 24;
/** `to` may lie this far ahead of the clock (clock skew between the console and the server). */
const FUTURE_SLACK_MS = 60_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const isBacktestRule = (rule: Rule): rule is BacktestRule =>
  (BACKTEST_RULE_TYPES as readonly string[]).includes(rule.type);

function invalid(...details: string[]): BadRequestException {
  return new BadRequestException({ message: 'Invalid request', details });
}

/**
 * Backtests (docs/rules.md, "Backtest"): a rule over a window of history in InfluxDB, through the
 * same pure evaluators and the one alert state machine as the live paths, with its own in-memory
 * state. Never touches live alert state, incidents, or notifications. Short windows answer at once;
 * long ones run as a `run-backtest` job whose status and progress GET /api/backtests/:id reads.
 */
@Injectable()
export class BacktestService {
  private readonly logger = new Logger(BacktestService.name);

  constructor(
    private readonly store: BacktestRepository,
    private readonly rules: RulesService,
    private readonly assets: AssetsRepository,
    private readonly queue: JobQueue,
  ) {}

  /** A stored rule (its current version, enabled or not, archived ones too). */
  forStoredRule(
    id: string,
    request: BacktestRequest,
    actor: string,
  ): Promise<{ status: 200 | 202; backtest: Backtest }> {
    const rule = this.rules.find(id);
    if (!rule) throw new NotFoundException(`No rule ${id}`);
    return this.start(rule, false, request, actor);
  }

  /** A draft rule (validated like a new rule, never stored). */
  forDraft(
    rule: Rule,
    request: BacktestRequest,
    actor: string,
  ): Promise<{ status: 200 | 202; backtest: Backtest }> {
    return this.start(rule, true, request, actor);
  }

  async get(id: string): Promise<Backtest> {
    const backtest = await this.store.load(id);
    if (!backtest)
      throw new NotFoundException(
        `No backtest ${id} (results are kept ${BACKTEST_LIMITS.resultTtlHours} h)`,
      );
    return backtest;
  }

  private async start(
    rule: Rule,
    draft: boolean,
    request: BacktestRequest,
    actor: string,
    now = Date.now(),
  ): Promise<{ status: 200 | 202; backtest: Backtest }> {
    if (!isBacktestRule(rule))
      throw invalid(
        `rule: backtests cover ${BACKTEST_RULE_TYPES.join(', ')} rules (their history is in InfluxDB); ${rule.type} rules work on sanitation cases`,
      );
    const from = Date.parse(request.from);
    const to = Date.parse(request.to);
    const problems: string[] = [];
    if (from >= to) problems.push('to: to must be after from');
    if (to - from > BACKTEST_LIMITS.maxWindowDays * DAY_MS)
      problems.push(`to: the window may be at most ${BACKTEST_LIMITS.maxWindowDays} days`);
    if (to > now + FUTURE_SLACK_MS) problems.push('to: to must not be in the future');
    if (problems.length) throw invalid(...problems);

    const filter: SeriesFilter = { rule, district: request.district, assetIds: request.assetIds };
    const series = (await this.store.series(filter)).length;
    if (series > BACKTEST_LIMITS.maxSeries)
      throw invalid(
        `rule: it covers ${series} series, more than the ${BACKTEST_LIMITS.maxSeries} a backtest may read; narrow it with district or assetIds`,
      );

    const id = randomUUID();
    const payload: RunPayload = {
      id,
      rule,
      draft,
      from,
      to,
      ...(request.district ? { district: request.district } : {}),
      ...(request.assetIds ? { assetIds: request.assetIds } : {}),
    };
    const backtest: Backtest = {
      id,
      status: 'running',
      progress: 0,
      ruleId: rule.id,
      draft,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      requestedBy: actor,
      requestedAt: new Date(now).toISOString(),
      finishedAt: null,
    };
    const hours = (to - from) / HOUR_MS;
    if (hours <= BACKTEST_LIMITS.syncMaxHours && series * hours <= SYNC_MAX_SERIES_HOURS) {
      const done = await this.complete(backtest, payload);
      return { status: 200, backtest: done };
    }
    await this.store.save(backtest);
    await this.queue.add(JobName.RunBacktest, payload, id);
    return { status: 202, backtest };
  }

  /** The job: runs the backtest, reporting progress; a failure is recorded, not retried. */
  async runJob(payload: RunPayload): Promise<Backtest> {
    const stored = await this.store.load(payload.id);
    const backtest: Backtest = stored ?? {
      id: payload.id,
      status: 'running',
      progress: 0,
      ruleId: payload.rule.id,
      draft: payload.draft,
      from: new Date(payload.from).toISOString(),
      to: new Date(payload.to).toISOString(),
      requestedBy: 'unknown',
      requestedAt: new Date().toISOString(),
      finishedAt: null,
    };
    return this.complete({ ...backtest, status: 'running', progress: 0 }, payload);
  }

  private async complete(backtest: Backtest, payload: RunPayload): Promise<Backtest> {
    let lastSaved = 0;
    try {
      const result = await this.execute(payload, async (progress) => {
        if (Date.now() - lastSaved < 200 && progress < 1) return;
        lastSaved = Date.now();
        await this.store.save({ ...backtest, progress });
      });
      const done: Backtest = {
        ...backtest,
        status: 'done',
        progress: 1,
        finishedAt: new Date().toISOString(),
        result,
      };
      await this.store.save(done);
      return done;
    } catch (error) {
      const message = (error as Error).message;
      this.logger.warn(`backtest ${backtest.id} of ${backtest.ruleId} failed: ${message}`);
      const failed: Backtest = {
        ...backtest,
        status: 'failed',
        finishedAt: new Date().toISOString(),
        error: message,
      };
      await this.store.save(failed);
      return failed;
    }
  }

  /**
   * Runs the rule over [from, to) chunk by chunk: one grouped query per chunk, every series through
   * the engine in event time. `onProgress` gets the share of the window done after each chunk.
   */
  async execute(
    payload: RunPayload,
    onProgress: (progress: number) => Promise<void> | void = () => undefined,
  ): Promise<BacktestResult> {
    const started = Date.now();
    const rule = payload.rule;
    if (!isBacktestRule(rule)) throw new Error(`${rule.type} rules cannot be backtested`);
    const filter: SeriesFilter = { rule, district: payload.district, assetIds: payload.assetIds };
    const seriesCount = (await this.store.series(filter)).length;
    const engine = new BacktestEngine(rule);
    let queries = 1;
    for (const chunk of planChunks(payload.from, payload.to, seriesCount)) {
      const { data, queries: made } = await this.store.chunk(filter, chunk.from, chunk.to);
      queries += made;
      engine.chunk(chunk.from, chunk.to, data);
      await onProgress((chunk.to - payload.from) / (payload.to - payload.from));
    }
    const runs = engine.finish();
    const names = new Map(
      (await this.assets.findMany(runs.map((r) => r.tags.assetId))).map((a) => [a.id, a]),
    );
    const assembled = assembleIncidents(
      rule.id,
      runs.map((r) => ({
        assetId: r.tags.assetId,
        assetName: names.get(r.tags.assetId)?.name ?? null,
        district: r.tags.district ?? names.get(r.tags.assetId)?.district ?? null,
        transitions: r.transitions,
        peaks: r.peaks,
      })),
      rule.type === 'no_data' ? 'above' : rule.direction,
    );
    return {
      ruleId: rule.id,
      ruleVersion: rule.version,
      draft: payload.draft,
      from: new Date(payload.from).toISOString(),
      to: new Date(payload.to).toISOString(),
      series: runs.length,
      points: runs.reduce((n, r) => n + r.points, 0),
      queries,
      summary: assembled.summary,
      incidents: assembled.incidents,
      truncated: assembled.truncated,
      durationMs: Date.now() - started,
    };
  }
}
