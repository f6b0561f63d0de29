import { CASE_CATEGORIES, type CaseCategory } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { CATEGORY_LABELS, caseSubject, clusterSubject } from './subjects.js';

const HEPING = '120101';
const HEDONG = '120102';
const HEXI = '120103';
const NANKAI = '120104';

let n = 0;
/** A case in `district`, reported `minute` minutes after 08:00, at (lng, lat). */
const aCase = (
  district: string,
  minute: number,
  lng = 117.2,
  lat = 39.12,
  category: CaseCategory = 'garbage_pile',
) => ({
  id: `SC-20261126-${String(++n).padStart(4, '0')}`,
  category,
  district,
  lng,
  lat,
  reportedAt: Date.parse('2026-11-26T08:00:00+08:00') + minute * 60_000,
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('caseSubject', () => {
  it('names the case by its category and id, at its place', () => {
    const c = { ...aCase(HEXI, 0, 117.218, 39.102, 'snow_ice'), id: 'SC-20261126-0042' };
    expect(caseSubject(c)).toEqual({
      name: '道路冰雪 SC-20261126-0042',
      district: HEXI,
      location: [117.218, 39.102],
    });
  });

  it('has a label for every case category', () => {
    for (const category of CASE_CATEGORIES) expect(CATEGORY_LABELS[category]).toMatch(/\S/);
  });
});

describe('clusterSubject', () => {
  it('is null without cases', () => {
    expect(clusterSubject([])).toBeNull();
  });

  it('sits at the centre of its cases, named after the district and the centre', () => {
    const subject = clusterSubject([
      aCase(HEPING, 0, 117.19, 39.11),
      aCase(HEPING, 5, 117.2, 39.12),
      aCase(HEPING, 9, 117.2016, 39.1249),
    ]);
    expect(subject).toEqual({
      name: '和平区 (117.1972, 39.1183) 附近',
      district: HEPING,
      location: [117.1972, 39.1183],
    });
  });

  it('rounds the location to 6 decimals', () => {
    const subject = clusterSubject([
      aCase(HEPING, 0, 117.1, 39.1),
      aCase(HEPING, 1, 117.2, 39.2),
      aCase(HEPING, 2, 117.2, 39.2),
    ]);
    expect(subject!.location).toEqual([117.166667, 39.166667]);
    expect(subject!.name).toBe('和平区 (117.1667, 39.1667) 附近');
  });

  it('names an unknown district by its code', () => {
    expect(clusterSubject([aCase('999999', 0)])!.name).toMatch(/^999999 \(/);
  });

  it.each([
    // districts of the cases in report order (the first is the earliest), the subject's district
    [[HEPING, HEDONG, HEDONG], HEDONG], // the majority, though not the earliest
    [[HEDONG, HEPING, HEPING, HEPING, HEDONG], HEPING],
    [[HEPING, HEDONG], HEPING], // a tie: the earliest case's district
    [[HEDONG, HEPING, HEPING, HEDONG], HEDONG],
    [[HEXI, HEPING, HEDONG, HEDONG, HEPING], HEPING], // a tie without the earliest: the district reported first
    [[HEXI, HEDONG, HEPING, HEPING, HEDONG], HEDONG],
    [[NANKAI, HEXI, HEDONG, HEPING], NANKAI],
  ])('cases in %j: %s', (districts, expected) => {
    const cases = districts.map((d, i) => aCase(d, i * 10));
    // The members' order (ids from the state, cases from the database) does not matter.
    const found = new Set(permutations(cases).map((p) => clusterSubject(p)!.district));
    expect([...found]).toEqual([expected]);
  });

  it('breaks a tie of report times by case id, whatever the order', () => {
    const a = { ...aCase(HEDONG, 0), id: 'SC-20261126-0002' };
    const b = { ...aCase(HEPING, 0), id: 'SC-20261126-0001' };
    expect(clusterSubject([a, b])!.district).toBe(HEPING);
    expect(clusterSubject([b, a])!.district).toBe(HEPING);
  });
});
