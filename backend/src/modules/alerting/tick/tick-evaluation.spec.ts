import { AlertTransitionJobSchema, DEFAULT_RULES, type NoDataRule } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import type { AlertState, TransitionDraft } from '../alert-state-machine.js';
import { runNoData } from '../../rules/evaluators/no-data.js';
import { type Binding, keyOf, newEvaluation, record, worthKeeping } from './tick-evaluation.js';
import type { LoadedState } from './tick-state.repository.js';

const T = 1_795_740_000_000;
const MIN = 60_000;
const base: AlertState = {
  active: false,
  severity: null,
  since: null,
  lastTs: T - 10 * MIN,
  lastValue: 0,
};
const loadedOf = (state: AlertState): LoadedState => ({ raw: JSON.stringify(state), state });
const binding: Binding = {
  ruleId: 'waterlogging-sensor-offline',
  assetId: 'RG-0001',
  metric: 'silentMinutes',
  subject: null,
};
const draft = (over: Partial<TransitionDraft> = {}): TransitionDraft => ({
  kind: 'raised',
  severity: 'blue',
  previousSeverity: null,
  at: T - 5 * MIN,
  value: 15,
  flapping: false,
  ...over,
});
const always = () => true;
const never = () => false;

describe('worthKeeping', () => {
  it.each([
    ['a settled inactive state', base, 0, false],
    ['an active alert', { ...base, active: true, severity: 'blue', since: T - MIN }, 0, true],
    ['a duration wait', { ...base, pendingSince: T - MIN }, 0, true],
    ['a clear wait', { ...base, clearingSince: T - MIN }, 0, true],
    [
      'flips in the flap window',
      { ...base, flap: { flips: [T - MIN], lastFlipAt: T - MIN, flapping: false } },
      0,
      true,
    ],
    [
      'a flapping alert',
      { ...base, flap: { flips: [], lastFlipAt: T - MIN, flapping: true } },
      0,
      true,
    ],
    [
      'flap bookkeeping without flips',
      { ...base, flap: { flips: [], lastFlipAt: null, flapping: false } },
      0,
      false,
    ],
    ['a cluster with members', { ...base, members: ['SC-1'] }, 0, true],
    ['a cluster without members', { ...base, members: [] }, 0, false],
    ['changed within the retention', base, 10 * MIN + 1, true],
    ['changed exactly the retention ago', base, 10 * MIN, false],
    ['changed before the retention', base, 10 * MIN - 1, false],
    ['rate readings alone', { ...base, recent: [[T - MIN, 3]] as [number, number][] }, 0, false],
  ] as [string, AlertState, number, boolean][])('%s: %s', (_, state, retainMs, expected) => {
    expect(worthKeeping(state, T, retainMs)).toBe(expected);
  });
});

describe('newEvaluation', () => {
  it('starts empty, deleting the index members whose state is gone', () => {
    expect(newEvaluation()).toEqual({ changes: [], transitions: [], evaluated: 0 });
    expect(newEvaluation(['r|a', 'r|b']).changes).toEqual([
      { key: 'r|a', before: null, after: null },
      { key: 'r|b', before: null, after: null },
    ]);
  });
});

describe('record', () => {
  it('writes nothing when the evaluator returned the state it was given', () => {
    const state = { ...base, active: true, severity: 'blue' as const, since: T };
    const loaded = loadedOf(state);
    const out = newEvaluation();
    record(out, 'k', loaded, loaded.state, [], binding, always);
    expect(out).toEqual({ changes: [], transitions: [], evaluated: 1 });
  });

  it('writes nothing for a state not worth keeping where there was none', () => {
    const out = newEvaluation();
    record(out, 'k', undefined, base, [], binding, never);
    record(out, 'k2', undefined, undefined, [], binding, always);
    expect(out).toEqual({ changes: [], transitions: [], evaluated: 2 });
  });

  it('writes a new state against no stored text', () => {
    const out = newEvaluation();
    const state = { ...base, pendingSince: T };
    record(out, 'k', undefined, state, [], binding, always);
    expect(out.changes).toEqual([{ key: 'k', before: null, after: state }]);
  });

  it('writes a changed state against the stored text it was loaded from', () => {
    const loaded = loadedOf(base);
    const state = { ...base, lastTs: T };
    const out = newEvaluation();
    record(out, 'k', loaded, state, [], binding, always);
    expect(out.changes).toEqual([{ key: 'k', before: loaded.raw, after: state }]);
  });

  it('deletes a stored state that is no longer worth keeping, even if unchanged', () => {
    const loaded = loadedOf(base);
    const out = newEvaluation();
    record(out, 'k', loaded, { ...base, lastTs: T }, [], binding, never);
    record(out, 'k2', loaded, loaded.state, [], binding, never);
    expect(out.changes).toEqual([
      { key: 'k', before: loaded.raw, after: null },
      { key: 'k2', before: loaded.raw, after: null },
    ]);
  });

  it('passes the state to keep()', () => {
    const seen: AlertState[] = [];
    const state = { ...base, lastTs: T };
    record(newEvaluation(), 'k', undefined, state, [], binding, (s) => (seen.push(s), true));
    expect(seen).toEqual([state]);
  });

  it('binds transitions to the rule, key and metric with deterministic ids', () => {
    const drafts = [
      draft(),
      draft({ kind: 'cleared', severity: null, previousSeverity: 'blue', at: T, value: 0 }),
    ];
    const subject = {
      name: '垃圾堆放 SC-1',
      district: '120101',
      location: [117.2, 39.1] as [number, number],
    };
    const first = newEvaluation();
    record(first, 'k', undefined, base, drafts, { ...binding, subject }, never);
    expect(first.transitions).toEqual([
      {
        ...drafts[0],
        transitionId: `waterlogging-sensor-offline|RG-0001|${T - 5 * MIN}|raised|blue`,
        ruleId: 'waterlogging-sensor-offline',
        assetId: 'RG-0001',
        metric: 'silentMinutes',
        subject,
      },
      {
        ...drafts[1],
        transitionId: `waterlogging-sensor-offline|RG-0001|${T}|cleared|none`,
        ruleId: 'waterlogging-sensor-offline',
        assetId: 'RG-0001',
        metric: 'silentMinutes',
        subject,
      },
    ]);
    // The same evaluation again gives the same ids (the queue and the incident store drop repeats).
    const again = newEvaluation();
    record(
      again,
      'k',
      undefined,
      base,
      drafts.map((d) => ({ ...d })),
      { ...binding, subject },
      never,
    );
    expect(again.transitions.map((t) => t.transitionId)).toEqual(
      first.transitions.map((t) => t.transitionId),
    );
    // Each transition is a valid apply-alert-transition payload and job id.
    for (const t of first.transitions) {
      expect(AlertTransitionJobSchema.parse(t)).toEqual(t);
      expect(t.transitionId).not.toContain(':');
    }
  });

  it('gives different ids to different keys, times, kinds and severities', () => {
    const out = newEvaluation();
    record(out, 'k', undefined, base, [draft()], binding, never);
    record(out, 'k', undefined, base, [draft()], { ...binding, assetId: 'RG-0002' }, never);
    record(out, 'k', undefined, base, [draft({ at: T - 5 * MIN + 1 })], binding, never);
    record(
      out,
      'k',
      undefined,
      base,
      [draft({ kind: 'changed', severity: 'blue' })],
      binding,
      never,
    );
    record(out, 'k', undefined, base, [draft({ severity: 'red' })], binding, never);
    record(
      out,
      'k',
      undefined,
      base,
      [draft()],
      { ...binding, ruleId: 'heating-sensor-offline' },
      never,
    );
    const ids = out.transitions.map((t) => t.transitionId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(out.evaluated).toBe(6);
  });

  it('over ticks of a no-data rule: one raise, then nothing to write or send until data returns', () => {
    const rule = DEFAULT_RULES.find((r) => r.id === 'waterlogging-sensor-offline') as NoDataRule;
    const lastSeen = T - 40 * MIN;
    let stored: LoadedState | undefined;
    const tick = (now: number, seen: number) => {
      const out = newEvaluation();
      const { state, transitions } = runNoData(rule, 'rain_gauge', stored?.state, {
        lastSeenAt: seen,
        now,
        watchedSince: T - 60 * MIN,
      });
      record(out, 'rule|RG-0001', stored, state, transitions, binding, (s) =>
        worthKeeping(s, now, 0),
      );
      for (const c of out.changes) stored = c.after ? loadedOf(c.after) : undefined;
      return out;
    };
    const raise = tick(T, lastSeen);
    expect(raise.transitions.map((t) => `${t.kind}@${t.at - lastSeen}`)).toEqual([
      `raised@${15 * MIN}`,
    ]);
    expect(raise.changes).toHaveLength(1);
    const quiet = tick(T + MIN, lastSeen);
    expect(quiet.changes).toEqual([]);
    expect(quiet.transitions).toEqual([]);
    const back = tick(T + 2 * MIN, T + 90_000);
    expect(back.transitions.map((t) => `${t.kind}@${t.at - T}`)).toEqual(['cleared@90000']);
    // Cleared and settled: the state is deleted, not kept.
    expect(back.changes).toEqual([
      { key: 'rule|RG-0001', before: expect.any(String), after: null },
    ]);
    expect(stored).toBeUndefined();
  });
});

describe('keyOf', () => {
  it.each([
    ['rule|RG-1', 'RG-1'],
    ['case-cluster|wtw3sjq-SC-20261126-0001', 'wtw3sjq-SC-20261126-0001'],
    ['rule|a|b', 'a|b'],
    ['rule|', ''],
  ])('%s → %s', (stateKey, key) => {
    expect(keyOf(stateKey)).toBe(key);
  });
});
