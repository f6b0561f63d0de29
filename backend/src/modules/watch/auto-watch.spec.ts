import type { Severity } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { type AutoWatchView, type SignalRecord, decideAutoWatch } from './auto-watch.js';

const MIN = 60_000;
const COOLDOWN = 120 * MIN;
const config = { severity: 'yellow' as const, cooldownMs: COOLDOWN };

/**
 * Applies decisions the way WatchService does (signals stored, watches started, planned, ended) and
 * logs what happened to the scope's watches: a table-driven run of the machine in event time.
 */
function simulate(
  events: { gauge: string; severity: Severity | null; at: number; id?: string }[],
  options: { coveredBy?: string | null; endedByHand?: number; periodicCheckAt?: number[] } = {},
) {
  const signals = new Map<string, SignalRecord>();
  let auto: { id: string; endsAt: number | null } | null = null;
  let n = 0;
  const log: string[] = [];
  const checks = [...(options.periodicCheckAt ?? [])];
  const runChecks = (upTo: number) => {
    while (checks.length && checks[0]! <= upTo) {
      const now = checks.shift()!;
      if (auto?.endsAt != null && auto.endsAt <= now) {
        log.push(`end ${auto.id} @${auto.endsAt / MIN} (periodic check)`);
        auto = null;
      }
    }
  };
  for (const e of events) {
    runChecks(e.at);
    if (options.endedByHand !== undefined && e.at > options.endedByHand && auto) {
      log.push(`end ${auto.id} by hand`);
      auto = null;
    }
    const signal: SignalRecord = {
      ruleId: 'rainstorm-signal',
      assetId: e.gauge,
      severity: e.severity,
      at: e.at,
      transitionId: e.id ?? `${e.gauge}|${e.at}|${e.severity}`,
    };
    const view: AutoWatchView = {
      signals: [...signals.values()],
      auto,
      coveredBy: options.coveredBy ?? null,
    };
    const d = decideAutoWatch(view, signal, config);
    if (!d.record) {
      log.push(`ignore ${e.gauge}@${e.at / MIN}`);
      continue;
    }
    signals.set(e.gauge, signal);
    if (d.end) {
      log.push(`end ${d.end.id} @${d.end.at / MIN}`);
      auto = null;
    }
    const current = auto as { id: string; endsAt: number | null } | null;
    if (d.endsAt && current) {
      auto = { id: current.id, endsAt: d.endsAt.value };
      log.push(
        d.endsAt.value === null
          ? `keep ${current.id}`
          : `plan end ${current.id} @${d.endsAt.value / MIN}`,
      );
    }
    if (d.start) {
      auto = { id: `w${++n}`, endsAt: null };
      log.push(`start ${auto.id} @${d.start.at / MIN}`);
    }
  }
  runChecks(Infinity);
  return log;
}

describe('automatic rainstorm watch', () => {
  it('starts at the yellow signal and ends two hours (event time) after it clears', () => {
    expect(
      simulate(
        [
          { gauge: 'RG-1', severity: 'blue', at: 0 },
          { gauge: 'RG-1', severity: 'yellow', at: 30 * MIN },
          { gauge: 'RG-1', severity: 'orange', at: 60 * MIN },
          { gauge: 'RG-1', severity: 'blue', at: 90 * MIN },
          { gauge: 'RG-1', severity: null, at: 200 * MIN },
        ],
        { periodicCheckAt: [300 * MIN] },
      ),
    ).toEqual(['start w1 @30', 'plan end w1 @210', 'end w1 @210 (periodic check)']);
  });

  it('does not start on blue alone', () => {
    expect(
      simulate([
        { gauge: 'RG-1', severity: 'blue', at: 0 },
        { gauge: 'RG-1', severity: null, at: 60 * MIN },
      ]),
    ).toEqual([]);
  });

  it('keeps the watch while any gauge of the scope is at the level', () => {
    expect(
      simulate([
        { gauge: 'RG-1', severity: 'yellow', at: 0 },
        { gauge: 'RG-2', severity: 'orange', at: 10 * MIN },
        { gauge: 'RG-1', severity: null, at: 20 * MIN },
        { gauge: 'RG-2', severity: 'blue', at: 50 * MIN },
      ]),
    ).toEqual(['start w1 @0', 'plan end w1 @170']);
  });

  it('cancels the planned end when the signal returns within the cooldown', () => {
    expect(
      simulate([
        { gauge: 'RG-1', severity: 'yellow', at: 0 },
        { gauge: 'RG-1', severity: null, at: 60 * MIN },
        { gauge: 'RG-1', severity: 'yellow', at: 100 * MIN },
        { gauge: 'RG-1', severity: null, at: 150 * MIN },
      ]),
    ).toEqual(['start w1 @0', 'plan end w1 @180', 'keep w1', 'plan end w1 @270']);
  });

  it('ends the old watch at its planned end and starts a new one when the signal returns later', () => {
    expect(
      simulate([
        { gauge: 'RG-1', severity: 'yellow', at: 0 },
        { gauge: 'RG-1', severity: null, at: 60 * MIN },
        { gauge: 'RG-1', severity: 'red', at: 400 * MIN },
      ]),
    ).toEqual(['start w1 @0', 'plan end w1 @180', 'end w1 @180', 'start w2 @400']);
  });

  it('ignores the same transition twice and an older one arriving late', () => {
    expect(
      simulate([
        { gauge: 'RG-1', severity: 'yellow', at: 30 * MIN, id: 't1' },
        { gauge: 'RG-1', severity: 'yellow', at: 30 * MIN, id: 't1' },
        { gauge: 'RG-1', severity: null, at: 90 * MIN, id: 't2' },
        { gauge: 'RG-1', severity: 'orange', at: 60 * MIN, id: 't3' },
        { gauge: 'RG-1', severity: null, at: 90 * MIN, id: 't2' },
      ]),
    ).toEqual([
      'start w1 @30',
      'ignore RG-1@30',
      'plan end w1 @210',
      'ignore RG-1@60',
      'ignore RG-1@90',
    ]);
  });

  it('starts none while the scope is already under rainstorm watch by a person or the city', () => {
    expect(
      simulate(
        [
          { gauge: 'RG-1', severity: 'orange', at: 0 },
          { gauge: 'RG-1', severity: null, at: 60 * MIN },
        ],
        { coveredBy: 'manual-watch' },
      ),
    ).toEqual([]);
  });

  it('does not start again in the same episode after a person ended it', () => {
    expect(
      simulate(
        [
          { gauge: 'RG-1', severity: 'yellow', at: 0 },
          { gauge: 'RG-1', severity: 'orange', at: 30 * MIN },
          { gauge: 'RG-1', severity: null, at: 60 * MIN },
          { gauge: 'RG-1', severity: 'yellow', at: 90 * MIN },
        ],
        { endedByHand: 10 * MIN },
      ),
    ).toEqual(['start w1 @0', 'end w1 by hand', 'start w2 @90']);
  });

  it('uses the configured trigger level and cooldown', () => {
    const orangeOnly = { severity: 'orange' as const, cooldownMs: 30 * MIN };
    const signal = (severity: Severity | null, at: number): SignalRecord => ({
      ruleId: 'r',
      assetId: 'RG-1',
      severity,
      at,
      transitionId: `${at}`,
    });
    const empty: AutoWatchView = { signals: [], auto: null, coveredBy: null };
    expect(decideAutoWatch(empty, signal('yellow', 0), orangeOnly).start).toBeNull();
    expect(decideAutoWatch(empty, signal('orange', 0), orangeOnly).start).toEqual({ at: 0 });
    const hot: AutoWatchView = {
      signals: [signal('red', 0)],
      auto: { id: 'w', endsAt: null },
      coveredBy: null,
    };
    expect(decideAutoWatch(hot, signal('yellow', 10 * MIN), orangeOnly).endsAt).toEqual({
      id: 'w',
      value: 40 * MIN,
    });
  });
});
