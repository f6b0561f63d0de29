import type { NoDataRule, WindowRule } from '@cityops/contracts';
import {
  type AlertState,
  type Behaviour,
  type ReadingPoint,
  type StepResult,
  type TransitionDraft,
  applyObservation,
  behaviourOf,
  stepAlert,
} from '../../alerting/alert-state-machine.js';
import { runNoData, silenceLimitMs } from '../evaluators/no-data.js';
import { observeWindows, windowsOf } from '../evaluators/window.js';
import type { BacktestRule, SeriesTags } from './backtest-query.js';
import { windowInputsAt } from './window-inputs.js';

const HOUR_MS = 3_600_000;

/** Window rules are evaluated at every reading and on this grid (a tick), so a quiet gauge clears. */
export const WINDOW_EVAL_STEP_MS = 5 * 60_000;

/** One series' run: its alert state carried across chunks, and what it produced. */
export interface SeriesRun {
  tags: SeriesTags;
  state: AlertState | undefined;
  transitions: TransitionDraft[];
  /** The most extreme value observed during each raised alert, in the order of their raises. */
  peaks: number[];
  points: number;
  /** Window rules: the points still inside the longest window. */
  buffer: ReadingPoint[];
  /** No-data rules: event time of the last reading. */
  lastSeen: number | null;
  /** The most extreme value of the alert currently raised. */
  openPeak: number | null;
}

/**
 * A rule over history, chunk by chunk, through the same pure evaluators and the one alert state
 * machine as the live paths; no I/O. Feed each chunk's points per series in time order; series
 * missing from a chunk still get what silence means to the rule (a window emptying, a sensor gone
 * quiet).
 */
export class BacktestEngine {
  readonly series = new Map<string, SeriesRun>();
  private readonly behaviour: Behaviour;
  private readonly extreme: (a: number, b: number) => number;

  constructor(private readonly rule: BacktestRule) {
    this.behaviour = behaviourOf(rule);
    this.extreme = rule.type !== 'no_data' && rule.direction === 'below' ? Math.min : Math.max;
  }

  /** One chunk [from, to): points per series id, sorted by time. */
  chunk(
    from: number,
    to: number,
    data: ReadonlyMap<string, { tags: SeriesTags; points: readonly ReadingPoint[] }>,
  ): void {
    for (const [id, { tags, points }] of data) {
      let run = this.series.get(id);
      if (!run) {
        run = {
          tags,
          state: undefined,
          transitions: [],
          peaks: [],
          points: 0,
          buffer: [],
          lastSeen: null,
          openPeak: null,
        };
        this.series.set(id, run);
      }
      run.points += points.length;
    }
    for (const [id, run] of this.series) {
      const points = data.get(id)?.points ?? [];
      switch (this.rule.type) {
        case 'threshold':
          for (const p of points) this.apply(run, stepAlert(run.state, this.rule, p), p.value);
          break;
        case 'window':
          this.windowChunk(this.rule, run, from, to, points);
          break;
        case 'no_data':
          this.noDataChunk(this.rule, run, to, points);
          break;
      }
    }
  }

  /** Every series' run, after the last chunk. Alerts still raised keep their peak. */
  finish(): SeriesRun[] {
    const runs = [...this.series.values()];
    for (const run of runs) {
      if (run.openPeak !== null) run.peaks.push(run.openPeak);
      run.openPeak = null;
    }
    return runs;
  }

  private windowChunk(
    rule: WindowRule,
    run: SeriesRun,
    from: number,
    to: number,
    points: readonly ReadingPoint[],
  ): void {
    const longest = windowsOf(rule)[0]! * HOUR_MS;
    run.buffer = [...run.buffer.filter((p) => p.ts >= from - longest), ...points];
    if (run.buffer.length === 0 && !run.state?.active) return;
    const times = new Set<number>(points.map((p) => p.ts));
    const first = Math.ceil(from / WINDOW_EVAL_STEP_MS) * WINDOW_EVAL_STEP_MS;
    // The grid only matters while the window holds points or an alert is raised.
    const lastUseful = Math.min(to - 1, (run.buffer.at(-1)?.ts ?? from) + longest);
    for (let t = first; t <= lastUseful || (run.state?.active && t < to); t += WINDOW_EVAL_STEP_MS)
      times.add(t);
    const sorted = [...times].sort((a, b) => a - b);
    for (const input of windowInputsAt(rule, run.buffer, sorted)) {
      const obs = observeWindows(rule, input);
      this.apply(run, applyObservation(run.state, obs, this.behaviour), obs.value);
    }
  }

  private noDataChunk(
    rule: NoDataRule,
    run: SeriesRun,
    to: number,
    points: readonly ReadingPoint[],
  ): void {
    const kind = run.tags.kind;
    const limit = kind ? silenceLimitMs(rule, kind) : null;
    if (kind === null || limit === null) return;
    const minutes = (ms: number) => Math.round(ms / 60_000);
    const step = (lastSeenAt: number, now: number) => {
      const { state, transitions } = runNoData(rule, kind, run.state, { lastSeenAt, now });
      if (state) this.apply(run, { state, transitions }, minutes(now - lastSeenAt));
    };
    for (const p of points) {
      if (run.lastSeen !== null && p.ts - run.lastSeen >= limit) {
        step(run.lastSeen, run.lastSeen + limit);
        // The silence lasted until this reading: the alert's peak, before the reading clears it.
        if (run.state?.active && run.openPeak !== null)
          run.openPeak = Math.max(run.openPeak, minutes(p.ts - run.lastSeen));
      }
      if (run.state) step(p.ts, p.ts);
      run.lastSeen = Math.max(run.lastSeen ?? p.ts, p.ts);
    }
    if (run.lastSeen !== null && to - run.lastSeen >= limit) step(run.lastSeen, to);
  }

  /** Takes a step's result: state, transitions, and the peak of the raised alert. */
  private apply(run: SeriesRun, result: StepResult, value: number): void {
    run.state = result.state;
    for (const t of result.transitions) {
      run.transitions.push(t);
      if (t.kind === 'raised') {
        if (run.openPeak !== null) run.peaks.push(run.openPeak);
        run.openPeak = t.value;
      } else if (t.kind === 'cleared') {
        if (run.openPeak !== null) run.peaks.push(run.openPeak);
        run.openPeak = null;
      }
    }
    if (run.state?.active && run.openPeak !== null && result.transitions.at(-1)?.kind !== 'cleared')
      run.openPeak = this.extreme(run.openPeak, value);
  }
}
