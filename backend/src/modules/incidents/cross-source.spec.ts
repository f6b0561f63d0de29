import { DEFAULT_CASE_DOMAINS, type Domain, type Severity } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { haversineM } from '../rules/evaluators/geo.js';
import {
  type LinkCandidate,
  boundingBox,
  caseLinkedNote,
  pickIncidentForCase,
  relatedDomains,
} from './cross-source.js';

// 解放桥下穿 and points at known distances north of it (1° of latitude ≈ 111.2 km).
const UNDERPASS: [number, number] = [117.205, 39.13];
const north = (m: number): { lng: number; lat: number } => ({
  lng: UNDERPASS[0],
  lat: UNDERPASS[1] + m / 111_195,
});

const candidate = (overrides: Partial<LinkCandidate> = {}): LinkCandidate => ({
  id: 'i-wl',
  domain: 'waterlogging',
  severity: 'yellow',
  openedAt: 0,
  location: UNDERPASS,
  ...overrides,
});

const standingWater = (m: number) => ({
  id: 'SC-1',
  category: 'standing_water' as const,
  ...north(m),
});

describe('relatedDomains', () => {
  it.each([
    ['standing_water', ['waterlogging']],
    ['snow_ice', ['waterlogging']],
    ['garbage_pile', []],
  ] as const)('maps %s to %j by default', (category, domains) => {
    expect(relatedDomains(DEFAULT_CASE_DOMAINS, category)).toEqual(domains);
  });
});

describe('pickIncidentForCase', () => {
  it.each([
    ['a report 120 m away', 120, 300, true],
    ['a report 299 m away', 299, 300, true],
    ['a report 320 m away', 320, 300, false],
    ['a report 320 m away with a 500 m radius', 320, 500, true],
  ])('%s joins: %s', (_, metres, radius, joins) => {
    const pick = pickIncidentForCase(
      standingWater(metres),
      [candidate()],
      DEFAULT_CASE_DOMAINS,
      radius,
    );
    expect(pick !== null).toBe(joins);
    if (pick) expect(pick.distanceM).toBeCloseTo(metres, 0);
  });

  it('joins only incidents of a related domain', () => {
    const heating = candidate({ domain: 'heating' });
    expect(pickIncidentForCase(standingWater(10), [heating], DEFAULT_CASE_DOMAINS, 300)).toBeNull();
    const mapping = { standing_water: ['heating'] as Domain[] };
    expect(pickIncidentForCase(standingWater(10), [heating], mapping, 300)?.incident.id).toBe(
      'i-wl',
    );
  });

  it('never joins a category without related domains', () => {
    const garbage = { ...standingWater(10), category: 'garbage_pile' as const };
    expect(pickIncidentForCase(garbage, [candidate()], DEFAULT_CASE_DOMAINS, 300)).toBeNull();
  });

  it('takes the nearest, then the more severe, then the earlier opened', () => {
    const far = candidate({ id: 'far', location: [UNDERPASS[0], UNDERPASS[1] + 0.002] });
    const near = candidate({ id: 'near' });
    const c = standingWater(0);
    expect(pickIncidentForCase(c, [far, near], DEFAULT_CASE_DOMAINS, 300)?.incident.id).toBe(
      'near',
    );
    const red = candidate({ id: 'red', severity: 'red' as Severity });
    expect(pickIncidentForCase(c, [near, red], DEFAULT_CASE_DOMAINS, 300)?.incident.id).toBe('red');
    const early = candidate({ id: 'early', openedAt: -5 });
    expect(pickIncidentForCase(c, [near, early], DEFAULT_CASE_DOMAINS, 300)?.incident.id).toBe(
      'early',
    );
  });

  it('ignores a candidate with a non-finite location', () => {
    const broken = candidate({ location: [Number.NaN, Number.NaN] });
    expect(pickIncidentForCase(standingWater(0), [broken], DEFAULT_CASE_DOMAINS, 300)).toBeNull();
  });
});

describe('boundingBox', () => {
  it('holds every point within the radius of the given points', () => {
    const points = [north(0), { lng: 117.3, lat: 39.0 }];
    const box = boundingBox(points, 300)!;
    for (const [dx, dy] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ] as const) {
      for (const p of points) {
        // a point 299 m away in each direction lies inside the box
        const lat = p.lat + (dy * 299) / 111_195;
        const lng = p.lng + (dx * 299) / (111_195 * Math.cos((p.lat * Math.PI) / 180));
        expect(haversineM([p.lng, p.lat], [lng, lat])).toBeLessThan(300);
        expect(lng).toBeGreaterThanOrEqual(box.minLng);
        expect(lng).toBeLessThanOrEqual(box.maxLng);
        expect(lat).toBeGreaterThanOrEqual(box.minLat);
        expect(lat).toBeLessThanOrEqual(box.maxLat);
      }
    }
  });

  it('is null without points', () => {
    expect(boundingBox([], 300)).toBeNull();
  });
});

describe('caseLinkedNote', () => {
  it('names the case, its category, the distance and what was reported', () => {
    expect(
      caseLinkedNote({ id: 'SC-1', category: 'standing_water', description: '桥下积水' }, 123.4),
    ).toBe('case SC-1 (standing_water) 123 m away: 桥下积水');
    expect(caseLinkedNote({ id: 'SC-2', category: 'snow_ice', description: ' ' }, 5)).toBe(
      'case SC-2 (snow_ice) 5 m away',
    );
  });
});
