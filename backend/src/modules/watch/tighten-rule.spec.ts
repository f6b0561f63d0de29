import {
  type CaseClusterRule,
  type CaseTimeLimitRule,
  DEFAULT_RULES,
  type NoDataRule,
  RuleSchema,
  type ThresholdRule,
  type WindowRule,
} from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { evaluateThreshold } from '../rules/evaluate-threshold.js';
import { observeWindows } from '../rules/evaluators/window.js';
import { tightenRule, watchKindsOf, watchStep } from './tighten-rule.js';

const rule = <R>(id: string) => DEFAULT_RULES.find((r) => r.id === id) as R;
const underpass = rule<ThresholdRule>('underpass-depth');
const indoor = rule<ThresholdRule>('indoor-temp-low');
const rainstorm = rule<WindowRule>('rainstorm-signal');
const offline = rule<NoDataRule>('waterlogging-sensor-offline');
const garbage = rule<CaseTimeLimitRule>('case-limit-garbage-pile');
const cluster = rule<CaseClusterRule>('case-cluster');

describe('tightenRule: threshold rules', () => {
  it('lowers every underpass level and the clear value by 5 cm in rainstorm watch', () => {
    const tight = tightenRule(underpass, ['rainstorm']);
    expect(tight.levels).toEqual([
      { severity: 'blue', value: 5 },
      { severity: 'yellow', value: 10 },
      { severity: 'orange', value: 15 },
      { severity: 'red', value: 20 },
    ]);
    expect(tight.clear).toBe(3);
    expect(tight.rateRaise).toEqual(underpass.rateRaise);
    expect(RuleSchema.parse(tight)).toEqual(tight);
  });

  it('makes 12 cm, blue at normal thresholds, yellow in rainstorm watch', () => {
    expect(evaluateThreshold(underpass, 12).severity).toBe('blue');
    expect(evaluateThreshold(tightenRule(underpass, ['rainstorm']), 12).severity).toBe('yellow');
  });

  it('raises every indoor level and the clear value by 1 °C in cold-wave watch', () => {
    const tight = tightenRule(indoor, ['cold_wave']);
    expect(tight.levels.map((l) => l.value)).toEqual([19, 17, 13]);
    expect(tight.clear).toBe(19.5);
    expect(evaluateThreshold(indoor, 18.5).severity).toBeNull();
    expect(evaluateThreshold(tight, 18.5).severity).toBe('blue');
  });

  it('leaves a rule alone under a watch kind it declares no step for', () => {
    expect(tightenRule(underpass, ['cold_wave'])).toBe(underpass);
    expect(tightenRule(indoor, ['rainstorm'])).toBe(indoor);
    expect(tightenRule(underpass, [])).toBe(underpass);
    expect(tightenRule(rainstorm, ['rainstorm', 'cold_wave'])).toBe(rainstorm);
  });

  it('adds the steps of two kinds, and counts one kind once', () => {
    const both = { ...underpass, watch: { rainstorm: { step: 5 }, cold_wave: { step: 2 } } };
    expect(watchStep(both, ['rainstorm', 'cold_wave'])).toBe(7);
    expect(watchStep(both, ['rainstorm', 'rainstorm'])).toBe(5);
    expect(tightenRule(both, ['rainstorm', 'cold_wave']).clear).toBe(1);
    expect(watchKindsOf(both)).toEqual(['rainstorm', 'cold_wave']);
    expect(watchKindsOf(rainstorm)).toEqual([]);
  });

  it('keeps decimal levels tidy', () => {
    const decimal = {
      ...underpass,
      levels: [{ severity: 'blue' as const, value: 10.2 }],
      clear: 8.1,
    };
    const tight = tightenRule({ ...decimal, watch: { rainstorm: { step: 0.1 } } }, ['rainstorm']);
    expect(tight.levels[0]!.value).toBe(10.1);
    expect(tight.clear).toBe(8);
  });

  it('does not change the rule it was given', () => {
    const before = structuredClone(underpass);
    tightenRule(underpass, ['rainstorm']);
    expect(underpass).toEqual(before);
  });
});

describe('tightenRule: the other kinds', () => {
  it('window: lowers every level (an above rule) and keeps the windows', () => {
    const rain = { ...rainstorm, watch: { rainstorm: { step: 10 } } };
    const tight = tightenRule(rain, ['rainstorm']);
    expect(tight.levels).toEqual([
      { severity: 'blue', windowHours: 12, value: 40 },
      { severity: 'yellow', windowHours: 6, value: 40 },
      { severity: 'orange', windowHours: 3, value: 40 },
      { severity: 'red', windowHours: 3, value: 90 },
    ]);
    const input = {
      at: 0,
      aggregates: new Map([
        [12, 45],
        [6, 45],
        [3, 45],
      ]),
    };
    expect(observeWindows(rain, input).severity).toBeNull();
    expect(observeWindows(tight, input).severity).toBe('orange');
  });

  it('window: raises every level of a below rule', () => {
    const below: WindowRule = {
      ...rainstorm,
      direction: 'below',
      levels: [
        { severity: 'blue', windowHours: 6, value: 10 },
        { severity: 'red', windowHours: 3, value: 5 },
      ],
      watch: { cold_wave: { step: 2 } },
    };
    expect(tightenRule(below, ['cold_wave']).levels.map((l) => l.value)).toEqual([12, 7]);
  });

  it('no_data: fewer silent intervals, at least one', () => {
    expect(tightenRule(offline, ['rainstorm']).intervals).toBe(2);
    expect(
      tightenRule({ ...offline, watch: { rainstorm: { step: 5 } } }, ['rainstorm']).intervals,
    ).toBe(1);
  });

  it('case_time_limit: a shorter time limit, never zero', () => {
    const tight = tightenRule({ ...garbage, watch: { rainstorm: { step: 1.5 } } }, ['rainstorm']);
    expect(tight.hours).toBe(2.5);
    const extreme = tightenRule({ ...garbage, watch: { rainstorm: { step: 9 } } }, ['rainstorm']);
    expect(extreme.hours).toBeCloseTo(1 / 60);
  });

  it('case_cluster: fewer cases make a cluster, at least two', () => {
    expect(
      tightenRule({ ...cluster, watch: { rainstorm: { step: 1 } } }, ['rainstorm']).minCases,
    ).toBe(2);
    expect(
      tightenRule({ ...cluster, watch: { rainstorm: { step: 4 } } }, ['rainstorm']).minCases,
    ).toBe(2);
  });
});
