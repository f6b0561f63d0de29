import { describe, expect, it } from 'vitest';
import { DEFAULT_CASE_DOMAINS, isPageable, parseCaseDomains } from './incidents.js';
import { MaintenanceListQuerySchema, MaintenanceResolveBodySchema } from './maintenance.js';
import { SilenceBodySchema, SilenceListQuerySchema } from './silences.js';
import { IncidentStatsQuerySchema } from './stats.js';

const silence = {
  matchers: { assetId: 'HS-0001' },
  startsAt: '2026-11-26T08:00:00+08:00',
  endsAt: '2026-11-26T12:00:00+08:00',
  reason: '锅炉检修 planned maintenance',
};

describe('SilenceBodySchema', () => {
  it('accepts a maintenance window with one matcher or several', () => {
    expect(SilenceBodySchema.parse(silence).matchers).toEqual({ assetId: 'HS-0001' });
    expect(
      SilenceBodySchema.parse({ ...silence, matchers: { district: '120101', domain: 'heating' } })
        .matchers,
    ).toEqual({ district: '120101', domain: 'heating' });
  });

  it.each([
    ['no matcher (the whole city)', { ...silence, matchers: {} }, 'matchers'],
    ['end before start', { ...silence, endsAt: '2026-11-26T07:00:00+08:00' }, 'endsAt'],
    ['end equal to start', { ...silence, endsAt: silence.startsAt }, 'endsAt'],
    ['longer than 90 days', { ...silence, endsAt: '2027-06-01T00:00:00+08:00' }, 'endsAt'],
    ['a time without offset', { ...silence, startsAt: '2026-11-26T08:00:00' }, 'startsAt'],
    ['an empty reason', { ...silence, reason: '   ' }, 'reason'],
    ['a control character in the reason', { ...silence, reason: 'a\u0000b' }, 'reason'],
    ['an injection as asset id', { ...silence, matchers: { assetId: "x' OR 1=1--" } }, 'matchers'],
    ['an unknown district', { ...silence, matchers: { district: '999999' } }, 'matchers'],
    ['an unknown domain', { ...silence, matchers: { domain: 'parking' } }, 'matchers'],
    ['a bad rule id', { ...silence, matchers: { ruleId: 'Rule_1' } }, 'matchers'],
    ['an unknown matcher', { ...silence, matchers: { kind: 'heat_source' } }, 'matchers'],
    ['an unknown field', { ...silence, author: 'me' }, ''],
  ])('refuses %s', (_, body, path) => {
    const result = SilenceBodySchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => String(i.path[0] ?? ''))).toContain(path);
  });

  it('lists states comma-separated and refuses unknown ones', () => {
    expect(SilenceListQuerySchema.parse({ state: 'active,pending' }).state).toEqual([
      'active',
      'pending',
    ]);
    expect(SilenceListQuerySchema.safeParse({ state: 'gone' }).success).toBe(false);
  });
});

describe('parseCaseDomains', () => {
  it.each([
    ['standing_water:waterlogging,snow_ice:waterlogging', DEFAULT_CASE_DOMAINS],
    [' snow_ice : waterlogging|heating ', { snow_ice: ['waterlogging', 'heating'] }],
    ['', {}],
  ])('parses %j', (text, mapping) => {
    expect(parseCaseDomains(text)).toEqual({ ok: true, mapping });
  });

  it.each([
    ['snow_ice', /not category:domain/],
    ['potholes:waterlogging', /not category:domain/],
    ['snow_ice:parking', /unknown domain "parking"/],
    ['snow_ice:waterlogging:heating', /not category:domain/],
  ])('refuses %j', (text, problem) => {
    const parsed = parseCaseDomains(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join('; ')).toMatch(problem);
  });
});

describe('isPageable', () => {
  it.each([
    [{ silenced: false, suppressedBy: null, suspect: false }, true],
    [{ silenced: true, suppressedBy: null, suspect: false }, false],
    [{ silenced: false, suppressedBy: 'i-1', suspect: false }, false],
    [{ silenced: false, suppressedBy: null, suspect: true }, false],
  ])('%j → %s', (incident, pageable) => {
    expect(isPageable(incident)).toBe(pageable);
  });
});

describe('IncidentStatsQuerySchema', () => {
  it('defaults to grouping by domain', () => {
    expect(IncidentStatsQuerySchema.parse({})).toEqual({ groupBy: 'domain' });
  });

  it.each([
    [{ groupBy: 'rule' }, 'groupBy'],
    [{ from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 'from'],
    [{ from: '2020-01-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 'from'],
    [{ from: 'yesterday' }, 'from'],
    [{ limit: '5' }, ''],
  ])('refuses %j', (query, path) => {
    const result = IncidentStatsQuerySchema.safeParse(query);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => String(i.path[0] ?? ''))).toContain(path);
  });
});

describe('maintenance schemas', () => {
  it('needs a note to resolve and a known status to filter', () => {
    expect(MaintenanceResolveBodySchema.safeParse({}).success).toBe(false);
    expect(MaintenanceResolveBodySchema.parse({ note: ' replaced the probe ' }).note).toBe(
      'replaced the probe',
    );
    expect(MaintenanceListQuerySchema.safeParse({ status: 'closed' }).success).toBe(false);
    expect(MaintenanceListQuerySchema.parse({ status: 'open' }).status).toEqual(['open']);
  });
});
