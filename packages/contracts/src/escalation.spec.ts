import { describe, expect, it } from 'vitest';
import {
  AckFormSchema,
  EscalationPolicyCreateSchema,
  EscalationStepJobSchema,
} from './escalation.js';

const policy = {
  id: 'flood',
  name: '防汛升级',
  steps: [
    { afterMinutes: 0, notify: [{ kind: 'oncall' }] },
    { afterMinutes: 10, notify: [{ kind: 'schedule', scheduleId: 'backup' }] },
    { afterMinutes: 15, notify: [{ kind: 'member', memberId: 'boss' }] },
  ],
};

describe('escalation policies', () => {
  it('accepts a policy and fills the defaults', () => {
    expect(EscalationPolicyCreateSchema.parse(policy)).toMatchObject({
      repeat: 0,
      repeatAfterMinutes: 10,
      routeIds: [],
      teamIds: [],
      isDefault: false,
    });
  });

  it.each<[string, object]>([
    ['no steps', { steps: [] }],
    ['negative minutes', { steps: [{ afterMinutes: -1, notify: [{ kind: 'oncall' }] }] }],
    ['fractional minutes', { steps: [{ afterMinutes: 1.5, notify: [{ kind: 'oncall' }] }] }],
    ['more than a day', { steps: [{ afterMinutes: 1_441, notify: [{ kind: 'oncall' }] }] }],
    ['a step notifying nobody', { steps: [{ afterMinutes: 0, notify: [] }] }],
    ['an unknown target', { steps: [{ afterMinutes: 0, notify: [{ kind: 'everyone' }] }] }],
    [
      'a bad member id',
      { steps: [{ afterMinutes: 0, notify: [{ kind: 'member', memberId: 'A B' }] }] },
    ],
    ['an extra field', { escalateTo: 'x' }],
    ['too many rounds', { repeat: 11 }],
    ['a repeated route', { routeIds: ['red', 'red'] }],
    ['a control character in the name', { name: 'a\u0007b' }],
  ])('refuses %s', (_label, change) => {
    expect(EscalationPolicyCreateSchema.safeParse({ ...policy, ...change }).success).toBe(false);
  });
});

describe('escalation step job', () => {
  it('needs a UUID incident and bounded round and step', () => {
    const incidentId = '5d0c6c1e-8f0e-4c3b-9a51-0b9c1f1e2d3a';
    expect(EscalationStepJobSchema.safeParse({ incidentId, round: 0, step: 0 }).success).toBe(true);
    expect(EscalationStepJobSchema.safeParse({ incidentId: 'x', round: 0, step: 0 }).success).toBe(
      false,
    );
    expect(EscalationStepJobSchema.safeParse({ incidentId, round: 11, step: 0 }).success).toBe(
      false,
    );
    expect(EscalationStepJobSchema.safeParse({ incidentId, round: 0, step: 10 }).success).toBe(
      false,
    );
  });
});

describe('acknowledge form', () => {
  it('trims the note, drops an empty one and bounds its length', () => {
    expect(AckFormSchema.parse({ note: '  on site ' })).toEqual({ note: 'on site' });
    expect(AckFormSchema.parse({ note: '   ' })).toEqual({ note: undefined });
    expect(AckFormSchema.parse({})).toEqual({ note: undefined });
    expect(AckFormSchema.safeParse({ note: 'x'.repeat(1_001) }).success).toBe(false);
  });
});
