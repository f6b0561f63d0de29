import { describe, expect, it } from 'vitest';
import type { IncidentPage } from '@cityops/contracts';
import { makeIncident } from './makeIncident';
import { patchIncidentPage } from './patchIncidentPage';

const page = (...ids: Parameters<typeof makeIncident>[0][]): IncidentPage => ({
  items: ids.map((o) => makeIncident(o)),
  next: null,
});

describe('patchIncidentPage', () => {
  it('inserts a newly opened incident in severity order', () => {
    const before = page({ id: 'y', severity: 'yellow' }, { id: 'b', severity: 'blue' });
    const after = patchIncidentPage(before, makeIncident({ id: 'r', severity: 'red' }));
    expect(after?.items.map((i) => i.id)).toEqual(['r', 'y', 'b']);
  });

  it('replaces an updated incident and re-sorts when its severity rises', () => {
    const before = page({ id: 'y', severity: 'yellow' }, { id: 'b', severity: 'blue' });
    const escalated = makeIncident({
      id: 'b',
      severity: 'orange',
      updatedAt: '2026-11-26T00:10:00Z',
      lastValue: 21,
    });
    const after = patchIncidentPage(before, escalated);
    expect(after?.items.map((i) => i.id)).toEqual(['b', 'y']);
    expect(after?.items[0]?.lastValue).toBe(21);
    expect(after?.items).toHaveLength(2);
  });

  it('removes an incident when it is resolved', () => {
    const before = page({ id: 'a' }, { id: 'b' });
    const after = patchIncidentPage(
      before,
      makeIncident({ id: 'a', status: 'resolved', resolvedAt: '2026-11-26T01:00:00Z' }),
    );
    expect(after?.items.map((i) => i.id)).toEqual(['b']);
  });

  it('ignores the resolution of an incident it never had', () => {
    const before = page({ id: 'a' });
    expect(patchIncidentPage(before, makeIncident({ id: 'zzz', status: 'resolved' }))).toBe(before);
  });

  it('keeps an acknowledged incident in the list with its new status', () => {
    const before = page({ id: 'a' });
    const after = patchIncidentPage(
      before,
      makeIncident({
        id: 'a',
        status: 'acknowledged',
        acknowledgedAt: '2026-11-26T00:05:00Z',
        updatedAt: '2026-11-26T00:05:00Z',
      }),
    );
    expect(after?.items[0]?.status).toBe('acknowledged');
  });

  it('ignores a change older than the cached copy (an event overtaken by a fresher answer)', () => {
    const before = page({ id: 'a', severity: 'orange', updatedAt: '2026-11-26T00:10:00Z' });
    const stale = makeIncident({ id: 'a', severity: 'yellow', updatedAt: '2026-11-26T00:05:00Z' });
    expect(patchIncidentPage(before, stale)).toBe(before);
  });

  it('applies the same event twice without duplicating it', () => {
    const event = makeIncident({ id: 'n', severity: 'red' });
    const once = patchIncidentPage(page({ id: 'a' }), event);
    const twice = patchIncidentPage(once, event);
    expect(twice?.items.map((i) => i.id)).toEqual(['n', 'a']);
  });

  it('leaves an empty cache empty: the first fetch brings the list', () => {
    expect(patchIncidentPage(undefined, makeIncident())).toBeUndefined();
  });

  it('does not mutate the cached page', () => {
    const before = page({ id: 'a' });
    const snapshot = structuredClone(before);
    patchIncidentPage(before, makeIncident({ id: 'b', severity: 'red' }));
    expect(before).toEqual(snapshot);
  });
});
