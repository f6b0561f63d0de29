import type { IncidentPage } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { makeIncident } from '../incidents/makeIncident';
import { patchIncidentPage } from '../incidents/patchIncidentPage';
import { createIncidentJournal } from './createIncidentJournal';

describe('createIncidentJournal', () => {
  it('keeps an incident that opened while a list fetch was under way', () => {
    const journal = createIncidentJournal();
    const fetchStartedAt = 1_000;
    const opened = makeIncident({ id: 'new', updatedAt: '2026-11-26T00:00:05Z' });
    journal.record(opened, 1_200);
    // The fetch answers with the list as it was before the incident opened.
    let page: IncidentPage = { items: [makeIncident({ id: 'old' })], next: null };
    for (const incident of journal.since(fetchStartedAt)) page = patchIncidentPage(page, incident)!;
    expect(page.items.map((i) => i.id).sort()).toEqual(['new', 'old']);
  });

  it('removes an incident resolved while the fetch was under way', () => {
    const journal = createIncidentJournal();
    journal.record(
      makeIncident({ id: 'a', status: 'resolved', updatedAt: '2026-11-26T00:10:00Z' }),
      2_000,
    );
    let page: IncidentPage = { items: [makeIncident({ id: 'a' })], next: null };
    for (const incident of journal.since(1_500)) page = patchIncidentPage(page, incident)!;
    expect(page.items).toEqual([]);
  });

  it('returns only events from the fetch start on, the latest per incident', () => {
    const journal = createIncidentJournal();
    journal.record(makeIncident({ id: 'a', severity: 'blue' }), 100);
    journal.record(makeIncident({ id: 'b' }), 200);
    journal.record(makeIncident({ id: 'a', severity: 'red' }), 300);
    expect(journal.since(150).map((i) => [i.id, i.severity])).toEqual([
      ['b', 'yellow'],
      ['a', 'red'],
    ]);
  });

  it('forgets events older than its window', () => {
    const journal = createIncidentJournal(1_000);
    journal.record(makeIncident({ id: 'a' }), 0);
    journal.record(makeIncident({ id: 'b' }), 5_000);
    expect(journal.since(0).map((i) => i.id)).toEqual(['b']);
  });
});
