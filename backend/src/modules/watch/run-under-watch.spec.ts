import { DEFAULT_RULES, type ThresholdRule } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { runAlertSequence } from '../alerting/alert-state-machine.js';
import { runThresholdUnderWatch } from './run-under-watch.js';
import { tightenRule } from './tighten-rule.js';

const MIN = 60_000;
const underpass = {
  ...(DEFAULT_RULES.find((r) => r.id === 'underpass-depth') as ThresholdRule),
  rateRaise: undefined,
};
const readings = [
  { ts: 0, value: 4 },
  { ts: 1 * MIN, value: 12 },
  { ts: 2 * MIN, value: 12.5 },
  { ts: 3 * MIN, value: 12.5 },
  { ts: 4 * MIN, value: 12 },
];

describe('threshold rules under a watch that starts or ends mid-batch', () => {
  it('gives exactly runAlertSequence when the rule is the same for every reading', () => {
    expect(runThresholdUnderWatch(undefined, () => underpass, readings)).toEqual(
      runAlertSequence(undefined, underpass, readings),
    );
  });

  it('judges each reading by the rule in force at its event time, in any order', () => {
    const tight = tightenRule(underpass, ['rainstorm']);
    const ruleAt = (ts: number) => (ts >= 2 * MIN && ts < 4 * MIN ? tight : underpass);
    const { transitions } = runThresholdUnderWatch(undefined, ruleAt, [...readings].reverse());
    expect(transitions.map((t) => [t.kind, t.severity, t.at / MIN])).toEqual([
      ['raised', 'blue', 1],
      ['changed', 'yellow', 2],
      ['changed', 'blue', 4],
    ]);
  });
});
