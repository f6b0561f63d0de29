import { DEFAULT_RULES, type ThresholdRule, ThresholdRuleSchema } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import type { TransitionDraft } from '../../alerting/alert-state-machine.js';
import { runThreshold } from './threshold.js';

/*
 * The threshold evaluator over a flood at an underpass, a reading every 5 minutes (the full table of
 * threshold behaviours is in alerting/alert-state-machine.spec.ts).
 */
const T0 = Date.UTC(2026, 6, 20, 6, 0);
const at = (minute: number) => T0 + minute * 60_000;
const show = (t: TransitionDraft) => `${(t.at - T0) / 60_000} ${t.kind}:${t.severity ?? '-'}`;
const depth = DEFAULT_RULES.find((r) => r.id === 'underpass-depth') as ThresholdRule;
const { rateRaise: _, ...levelsOnly } = depth;
const depthWithoutRate = ThresholdRuleSchema.parse(levelsOnly);

// minute → depth (cm): the water rises 5 cm every 5 minutes, peaks at 27 cm and drains.
const FLOOD: [number, number][] = [
  [0, 2],
  [5, 4],
  [10, 9],
  [15, 14],
  [20, 19],
  [25, 24],
  [30, 27],
  [35, 26],
  [40, 22],
  [45, 17],
  [50, 12],
  [55, 9],
  [60, 7.5],
];
const readings = FLOOD.map(([m, value]) => ({ ts: at(m), value }));

describe('runThreshold: a flood at an underpass', () => {
  it('with the default rule, the fast rise warns one level early all the way up', () => {
    expect(runThreshold(depth, undefined, readings).transitions.map(show)).toEqual([
      '15 raised:yellow',
      '20 changed:orange',
      '25 changed:red',
      '40 changed:orange',
      '45 changed:yellow',
      '50 changed:blue',
      '60 cleared:-',
    ]);
  });

  it('with levels only, each colour comes when the water reaches it', () => {
    expect(runThreshold(depthWithoutRate, undefined, readings).transitions.map(show)).toEqual([
      '15 raised:blue',
      '20 changed:yellow',
      '25 changed:orange',
      '30 changed:red',
      '40 changed:orange',
      '45 changed:yellow',
      '50 changed:blue',
      '60 cleared:-',
    ]);
  });

  it('gives the same transitions when the gateway delivers the flood late, in one reversed burst', () => {
    const live = runThreshold(depth, undefined, readings).transitions;
    expect(runThreshold(depth, undefined, [...readings].reverse()).transitions).toEqual(live);
  });

  it('gives the same transitions batch by batch, carrying the state', () => {
    let state = undefined as Parameters<typeof runThreshold>[1];
    const found: TransitionDraft[] = [];
    for (let i = 0; i < readings.length; i += 3) {
      const result = runThreshold(depth, state, readings.slice(i, i + 3));
      state = result.state;
      found.push(...result.transitions);
    }
    expect(found).toEqual(runThreshold(depth, undefined, readings).transitions);
  });
});
