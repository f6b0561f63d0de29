import { describe, expect, it } from 'vitest';
import { FALLBACK_POLICY, choosePolicy, escalationPlan, nextStep, stepJobId } from './plan.js';

const oncall = [{ kind: 'oncall' as const }];
const boss = [{ kind: 'member' as const, memberId: 'boss' }];
const backup = [{ kind: 'schedule' as const, scheduleId: 'backup' }];

describe('escalationPlan', () => {
  it('waits each step after the one before and repeats the rounds after the pause', () => {
    const plan = escalationPlan(
      {
        steps: [
          { afterMinutes: 0, notify: oncall },
          { afterMinutes: 5, notify: backup },
          { afterMinutes: 10, notify: boss },
        ],
        repeat: 1,
        repeatAfterMinutes: 15,
      },
      60_000,
    );
    expect(plan.map((p) => [p.round, p.step, p.afterMs / 60_000])).toEqual([
      [0, 0, 0],
      [0, 1, 5],
      [0, 2, 15],
      [1, 0, 30],
      [1, 1, 35],
      [1, 2, 45],
    ]);
    expect(plan[2]!.notify).toEqual(boss);
  });

  it('starts late when the first step waits, and scales with the minute length', () => {
    const plan = escalationPlan(
      { steps: [{ afterMinutes: 2, notify: oncall }], repeat: 2, repeatAfterMinutes: 3 },
      1_000,
    );
    expect(plan.map((p) => p.afterMs)).toEqual([2_000, 5_000, 8_000]);
  });

  it('is one page for the fallback policy and empty without steps', () => {
    expect(escalationPlan(FALLBACK_POLICY)).toHaveLength(1);
    expect(escalationPlan({ steps: [], repeat: 3, repeatAfterMinutes: 1 })).toEqual([]);
  });
});

describe('nextStep', () => {
  const policy = {
    steps: [
      { afterMinutes: 0, notify: oncall },
      { afterMinutes: 4, notify: boss },
    ],
    repeat: 1,
    repeatAfterMinutes: 7,
  };
  it('goes to the next step, then the next round, then ends', () => {
    expect(nextStep(policy, 0, 0)).toEqual({ round: 0, step: 1, afterMinutes: 4 });
    expect(nextStep(policy, 0, 1)).toEqual({ round: 1, step: 0, afterMinutes: 7 });
    expect(nextStep(policy, 1, 1)).toBeNull();
  });
});

describe('choosePolicy', () => {
  const policies = [
    { id: 'team-a', routeIds: [], teamIds: ['heating'], isDefault: false },
    { id: 'route-red', routeIds: ['red'], teamIds: [], isDefault: false },
    { id: 'fallback', routeIds: [], teamIds: [], isDefault: true },
  ];
  it('prefers the route, then the team, then the default', () => {
    expect(choosePolicy(policies, 'red', 'heating')?.id).toBe('route-red');
    expect(choosePolicy(policies, 'yellow', 'heating')?.id).toBe('team-a');
    expect(choosePolicy(policies, 'yellow', 'drainage')?.id).toBe('fallback');
    expect(choosePolicy(policies.slice(0, 2), null, 'drainage')).toBeNull();
  });
});

describe('stepJobId', () => {
  it('is the same for the same step and differs between steps', () => {
    expect(stepJobId('i', 0, 0, 1)).toBe(stepJobId('i', 0, 0, 1));
    expect(stepJobId('i', 0, 0, 1)).not.toBe(stepJobId('i', 0, 1, 0));
    expect(stepJobId('i', 0, 0, 1)).not.toBe(stepJobId('i', 1, 0, 1));
  });
});
