import { CASE_CSV_HEADER, RawCaseSchema, findDistrict } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { buildScaledCity } from '../city/city-model.js';
import { CENTRAL_DISTRICTS } from '../city/placement.js';
import { distanceMetres } from '../lib/geo.js';
import { readCsv } from '../lib/csv.js';
import { TIME_LIMIT_H } from './case-lifecycle.js';
import { SanitationModel, type SourceCase } from './sanitation-model.js';

const START = Date.parse('2026-11-26T08:00:00+08:00');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Every change the case system served since the beginning, paged as a collector would. */
function drain(model: SanitationModel, since: string | null = null, limit = 100) {
  const changes: SourceCase[] = [];
  let cursor = since;
  for (;;) {
    const page = model.page(cursor, String(limit));
    changes.push(...(page.cases as SourceCase[]));
    cursor = page.next;
    if (page.cases.length < limit) return { changes, cursor };
  }
}

function stepFor(model: SanitationModel, from: number, hours: number, stepMin = 10): number {
  let at = from;
  for (; at < from + hours * HOUR;) {
    at += stepMin * MINUTE;
    model.step(at);
  }
  return at;
}

describe('SanitationModel', () => {
  const city = buildScaledCity('tianjin', 0.01);

  it('starts with the last day of cases, each in the contract shape, a third of hotline cases without district', () => {
    const model = new SanitationModel(city, START, { casesPerDay: 300 });
    const { changes } = drain(model);
    expect(model.count).toBeGreaterThan(200);
    for (const c of changes) {
      const parsed = RawCaseSchema.safeParse(c);
      expect(parsed.success, JSON.stringify(c)).toBe(true);
      if (c.district) expect(c.district).toBe(findDistrict(c.lng, c.lat));
      expect(c.id).toMatch(/^SC-\d{8}-\d{4}$/);
    }
    const hotline = changes.filter((c) => c.source === 'hotline');
    const withoutDistrict = hotline.filter((c) => c.district === undefined).length / hotline.length;
    expect(withoutDistrict).toBeGreaterThan(0.2);
    expect(withoutDistrict).toBeLessThan(0.45);
    expect(changes.every((c) => c.source === 'hotline' || c.district !== undefined)).toBe(true);
  });

  it('reports a few hundred cases a day, most from the central districts and 滨海新区', () => {
    const model = new SanitationModel(city, START, { casesPerDay: 300, backfillHours: 0 });
    stepFor(model, START, 48);
    const cases = new Map(drain(model).changes.map((c) => [c.id, c]));
    expect(cases.size).toBeGreaterThan(500);
    expect(cases.size).toBeLessThan(700);
    const busy = new Set<string>([...CENTRAL_DISTRICTS, '120116']);
    const fromBusy = [...cases.values()].filter((c) => busy.has(findDistrict(c.lng, c.lat)!));
    expect(fromBusy.length / cases.size).toBeGreaterThan(0.5);
    const byHour = [...cases.values()].map((c) =>
      new Date(Date.parse(c.reportedAt) + 8 * HOUR).getUTCHours(),
    );
    const night = byHour.filter((h) => h < 6).length;
    const afternoon = byHour.filter((h) => h >= 12 && h < 18).length;
    expect(afternoon).toBeGreaterThan(2 * night);
  });

  it('moves each case open -> in_progress -> closed within its time limit, about one in seven late', () => {
    const model = new SanitationModel(city, START, { casesPerDay: 300, backfillHours: 0 });
    stepFor(model, START, 24 * 4);
    const versions = new Map<string, SourceCase[]>();
    for (const c of drain(model).changes) versions.set(c.id, [...(versions.get(c.id) ?? []), c]);
    const order = ['open', 'in_progress', 'closed'];
    let closed = 0;
    let late = 0;
    for (const history of versions.values()) {
      const statuses = history.map((c) => order.indexOf(c.status));
      expect(statuses).toEqual([...statuses].sort());
      const first = history[0]!;
      expect(Date.parse(first.dueAt) - Date.parse(first.reportedAt)).toBe(
        TIME_LIMIT_H[first.category] * HOUR,
      );
      const last = history.at(-1)!;
      if (last.status === 'closed') {
        closed += 1;
        if (Date.parse(last.updatedAt) > Date.parse(last.dueAt)) late += 1;
      }
    }
    expect(closed).toBeGreaterThan(versions.size * 0.6);
    expect(late / closed).toBeGreaterThan(0.07);
    expect(late / closed).toBeLessThan(0.25);
  });

  it('pages by updatedSince without repeating or skipping a change, oldest first', () => {
    const model = new SanitationModel(city, START, { casesPerDay: 300 });
    const first = drain(model, null, 7);
    stepFor(model, START, 6, 1);
    const second = drain(model, first.cursor, 7);
    const all = drain(model, null, 5000).changes;
    const key = (c: SourceCase) => `${c.id}@${c.updatedAt}`;
    // The second pass got exactly the changes made after the first pass's cursor...
    expect(second.changes.map(key)).toEqual(
      all.filter((c) => Date.parse(c.updatedAt) > Date.parse(first.cursor!)).map(key),
    );
    // ...so together they leave the reader with every case in its current state.
    const latest = new Map([...first.changes, ...second.changes].map((c) => [c.id, key(c)]));
    expect([...latest.values()].sort()).toEqual(all.map(key).sort());
    const times = all.map((c) => Date.parse(c.updatedAt));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
    expect(() => model.page('yesterday', null)).toThrow(/ISO 8601/);
    expect(() => model.page(null, '0')).toThrow(/limit/);
  });

  it('hotline surge: many more cases, half of them in clusters within 200 m', () => {
    const model = new SanitationModel(city, START, { casesPerDay: 300, backfillHours: 0 });
    const { cursor } = drain(model);
    model.setSurge({ district: '120104', ratePerHour: 120, clusters: 2 }, START);
    stepFor(model, START, 1, 1);
    const opened = drain(model, cursor).changes.filter((c) => c.status === 'open');
    expect(opened.length).toBeGreaterThan(80);
    const inDistrict = opened.filter((c) => findDistrict(c.lng, c.lat) === '120104');
    expect(inDistrict.length / opened.length).toBeGreaterThan(0.8);
    expect(opened.filter((c) => c.source === 'hotline').length / opened.length).toBeGreaterThan(
      0.9,
    );
    const centres = model.state().surge!.clusters.map((c) => [c.lng, c.lat] as [number, number]);
    expect(centres).toHaveLength(2);
    for (const centre of centres) {
      const near = opened.filter((c) => distanceMetres(centre, [c.lng, c.lat]) <= 200);
      expect(near.length).toBeGreaterThan(10);
    }
    model.setSurge(null, START + HOUR);
    expect(model.state().surge).toBeNull();
  });

  it('exports the cases as a CSV drop file with exactly the contract header, rows that parse', () => {
    const model = new SanitationModel(city, START, { casesPerDay: 300 });
    const csv = model.exportCsv(null);
    expect(csv.split('\n')[0]).toBe(CASE_CSV_HEADER.join(','));
    const rows = readCsv(csv);
    expect(rows.length).toBe(model.count);
    for (const row of rows)
      expect(RawCaseSchema.safeParse(row).success, JSON.stringify(row)).toBe(true);
    expect(rows.some((r) => r.district === '')).toBe(true);
    const since = rows.at(-5)!.updatedAt!;
    expect(readCsv(model.exportCsv(since))).toHaveLength(4);
  });

  it('bad data: a share of new cases arrives broken and is refused by the contract, the rest parse', () => {
    const model = new SanitationModel(city, START, { casesPerDay: 300, backfillHours: 0 });
    model.setBrokenShare(0.5);
    stepFor(model, START, 12);
    const changes = drain(model).changes;
    const refused = changes.filter((c) => !RawCaseSchema.safeParse(c).success);
    const broken = Object.values(model.state().brokenCases).reduce((a, b) => a + b, 0);
    expect(broken).toBeGreaterThan(20);
    expect(refused).toHaveLength(broken);
  });

  it('forgets closed cases after the retention, so memory stays bounded over days', () => {
    const model = new SanitationModel(city, START, { casesPerDay: 300, retentionHours: 24 });
    stepFor(model, START, 24 * 10, 30);
    expect(model.count).toBeLessThan(300 * 3);
    expect(drain(model).changes.length).toBeLessThan(300 * 5);
  });
});
