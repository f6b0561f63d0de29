import { describe, expect, it } from 'vitest';
import { makeIncident } from '../../modules/incidents/makeIncident';
import { shouldChime } from './shouldChime';

const red = makeIncident({ id: 'a', severity: 'red' });

describe('shouldChime', () => {
  it('rings for a red incident that opens', () => {
    expect(shouldChime('incident.opened', red, undefined)).toBe(true);
  });

  it('rings for an open incident that escalates to red, once', () => {
    const orange = makeIncident({ id: 'a', severity: 'orange' });
    expect(shouldChime('incident.updated', red, orange)).toBe(true);
    expect(shouldChime('incident.updated', { ...red, lastValue: 9 }, red)).toBe(false);
  });

  it('stays silent below red, once acknowledged, on resolution, and for silenced or suppressed ones', () => {
    expect(shouldChime('incident.opened', makeIncident({ severity: 'orange' }), undefined)).toBe(
      false,
    );
    expect(shouldChime('incident.updated', { ...red, status: 'acknowledged' }, undefined)).toBe(
      false,
    );
    expect(shouldChime('incident.resolved', { ...red, status: 'resolved' }, red)).toBe(false);
    expect(shouldChime('incident.opened', { ...red, silenced: true }, undefined)).toBe(false);
    expect(shouldChime('incident.opened', { ...red, suppressedBy: 'inc-0' }, undefined)).toBe(
      false,
    );
  });
});
