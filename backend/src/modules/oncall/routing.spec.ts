import type { RouteMatch } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { type RouteSpec, type RoutingSubject, pickRoute, routeMatches } from './routing.js';

const subject = (overrides: Partial<RoutingSubject> = {}): RoutingSubject => ({
  domain: 'waterlogging',
  district: '120101',
  severity: 'orange',
  assetKind: 'underpass',
  ...overrides,
});

const route = (id: string, order: number, match: RouteMatch, teamId = `team-${id}`): RouteSpec => ({
  id,
  order,
  match,
  teamId,
});

describe('routeMatches', () => {
  it.each<[string, RouteMatch, Partial<RoutingSubject>, boolean]>([
    ['an empty match takes everything', {}, {}, true],
    ['one criterion, value listed', { domains: ['waterlogging'] }, {}, true],
    ['one criterion, value not listed', { domains: ['heating'] }, {}, false],
    ['any of the listed values', { severities: ['red', 'orange'] }, {}, true],
    ['every criterion must hold', { domains: ['waterlogging'], districts: ['120102'] }, {}, false],
    [
      'all four criteria hold',
      {
        domains: ['waterlogging'],
        districts: ['120101'],
        severities: ['orange'],
        assetKinds: ['underpass'],
      },
      {},
      true,
    ],
    [
      'a district criterion never takes an incident without district',
      { districts: ['120101'] },
      { district: null },
      false,
    ],
    [
      'an asset-kind criterion never takes an incident without asset',
      { assetKinds: ['underpass'] },
      { assetKind: null },
      false,
    ],
    [
      'no district criterion: an incident without district is fine',
      { domains: ['waterlogging'] },
      { district: null },
      true,
    ],
  ])('%s', (_name, match, overrides, expected) => {
    expect(routeMatches(match, subject(overrides))).toBe(expected);
  });
});

describe('pickRoute', () => {
  const routes = [
    route('default', 0, {}),
    route('heping-red', 20, { districts: ['120101'], severities: ['red'] }),
    route('waterlogging', 30, { domains: ['waterlogging'] }),
    route('heping', 10, { districts: ['120101'] }),
  ];

  it.each<[string, Partial<RoutingSubject>, string | null]>([
    ['the first matching route by order, not by list position', {}, 'heping'],
    ['a later route when the earlier ones do not match', { district: '120102' }, 'waterlogging'],
    [
      'the default route when nothing else matches, though its order is lowest',
      { district: '120102', domain: 'heating' },
      'default',
    ],
  ])('takes %s', (_name, overrides, expected) => {
    expect(pickRoute(routes, subject(overrides))?.id ?? null).toBe(expected);
  });

  it('answers null when nothing matches and there is no default route', () => {
    expect(
      pickRoute(routes.slice(1), subject({ district: '120102', domain: 'heating' })),
    ).toBeNull();
    expect(pickRoute([], subject())).toBeNull();
  });

  it('breaks a tie in order by id, so the answer never depends on storage order', () => {
    const tied = [
      route('b', 5, { domains: ['waterlogging'] }),
      route('a', 5, { severities: ['orange'] }),
    ];
    expect(pickRoute(tied, subject())?.id).toBe('a');
    expect(pickRoute([...tied].reverse(), subject())?.id).toBe('a');
  });
});
