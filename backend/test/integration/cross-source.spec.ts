import { type CaseCategory, LiveEvent, type SanitationCase } from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/app-config.js';
import { PipelineHarness } from './support/pipeline-harness.js';
import { DATABASE_KINDS, eventually } from './support/test-env.js';

const UNDERPASS: [number, number] = [117.205, 39.13];
const ASSETS = `
WL-0001,waterlogging,underpass,解放桥下穿,,${UNDERPASS[0]},${UNDERPASS[1]},
WL-0002,waterlogging,underpass,营口道下穿,,117.25,39.16,
IS-0001,heating,indoor_sensor,解放路 2 号楼 101,,${UNDERPASS[0]},${UNDERPASS[1] + 0.0005},
`;

const MIN = 60_000;
const NOW = Date.now();
/** A case `metres` north of the underpass (1° of latitude ≈ 111.2 km). */
const aCase = (
  id: string,
  metres: number,
  category: CaseCategory = 'standing_water',
  overrides: Partial<SanitationCase> = {},
): SanitationCase => ({
  id,
  category,
  source: 'hotline',
  status: 'open',
  reportedAt: NOW - 5 * MIN,
  updatedAt: NOW - 5 * MIN,
  dueAt: NOW + 4 * 60 * MIN,
  lng: UNDERPASS[0],
  lat: UNDERPASS[1] + metres / 111_195,
  district: '120101',
  description: '12345 市民反映：桥下积水没过脚踝',
  ...overrides,
});
const depth = (sensorId: string, minutes: number, depthCm: number) => ({
  sensorId,
  ts: NOW + minutes * MIN,
  metrics: { depthCm },
});

describe.each(DATABASE_KINDS)('one record across sources (%s)', (databaseKind) => {
  let h: PipelineHarness;
  let flood: string;

  beforeAll(async () => {
    h = await PipelineHarness.start(databaseKind, ASSETS);
    await h.listen();
    await h.readings([depth('WL-0001', -20, 4), depth('WL-0001', -15, 26)]);
    await h.readings([{ sensorId: 'IS-0001', ts: NOW - 15 * MIN, metrics: { indoorTempC: 15 } }]);
    flood = (await h.incidentOf('WL-0001'))!.id;
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('attaches a standing-water report near a flooding underpass to its incident', async () => {
    await h.cases([aCase('SC-NEAR', 120)]);
    const detail = await h.detail(flood);
    expect(detail.linkedCases).toBe(1);
    expect(detail.cases).toHaveLength(1);
    expect(detail.cases[0]).toMatchObject({
      id: 'SC-NEAR',
      category: 'standing_water',
      description: '12345 市民反映：桥下积水没过脚踝',
    });
    expect(detail.cases[0]!.distanceM).toBeCloseTo(120, 0);
    const linked = detail.timeline.find((e) => e.type === 'case_linked')!;
    expect(linked).toMatchObject({
      actor: 'system',
      at: new Date(NOW - 5 * MIN).toISOString(),
      data: {
        caseId: 'SC-NEAR',
        category: 'standing_water',
        description: '12345 市民反映：桥下积水没过脚踝',
      },
    });
    expect(linked.data.distanceM).toBeCloseTo(120, 0);
    expect(linked.message).toMatch(/^case SC-NEAR \(standing_water\) 120 m away: 12345/);
    const updated = await eventually(
      async () =>
        h.live.find(
          (e) =>
            e.event === LiveEvent.IncidentUpdated &&
            e.incident.id === flood &&
            e.incident.linkedCases === 1,
        ),
      5_000,
      'incident.updated with the linked case',
    );
    expect(updated.incident.linkedCases).toBe(1);
  });

  it('links the same case once, however often it is ingested or updated', async () => {
    await h.cases([aCase('SC-NEAR', 120)]);
    await h.cases([
      aCase('SC-NEAR', 120, 'standing_water', { status: 'in_progress', updatedAt: NOW - MIN }),
    ]);
    const detail = await h.detail(flood);
    expect(detail.linkedCases).toBe(1);
    expect(detail.timeline.filter((e) => e.type === 'case_linked')).toHaveLength(1);
    expect(detail.cases[0]!.status).toBe('in_progress');
  });

  it('attaches snow and ice too, several in one batch, each once', async () => {
    await h.cases([
      aCase('SC-ICE', 50, 'snow_ice'),
      aCase('SC-NEAR-2', 280),
      aCase('SC-NEAR-2', 280),
    ]);
    const detail = await h.detail(flood);
    expect(detail.cases.map((c) => c.id).sort()).toEqual(['SC-ICE', 'SC-NEAR', 'SC-NEAR-2']);
    expect(detail.linkedCases).toBe(3);
  });

  it.each([
    ['a case of an unrelated category', aCase('SC-GARBAGE', 30, 'garbage_pile')],
    ['a case beyond the distance', aCase('SC-FAR', 450)],
    ['a case near nothing that is open', { ...aCase('SC-ELSEWHERE', 0), lng: 117.3, lat: 39.05 }],
  ])('leaves %s standing alone', async (_, c) => {
    await h.cases([c]);
    expect((await h.detail(flood)).cases.map((x) => x.id)).not.toContain(c.id);
    expect(await h.db.query('SELECT 1 FROM incident_cases WHERE case_id = $1', [c.id])).toEqual([]);
  });

  it('does not attach standing water to a heating incident next to it', async () => {
    const heating = (await h.incidentOf('IS-0001'))!;
    expect((await h.detail(heating.id)).linkedCases).toBe(0);
  });

  it('attaches nothing to an incident once it is resolved', async () => {
    await h.readings([depth('WL-0001', -1, 2)]);
    await h.cases([aCase('SC-AFTER', 60)]);
    const detail = await h.detail(flood);
    expect(detail.status).toBe('resolved');
    expect(detail.cases.map((c) => c.id)).not.toContain('SC-AFTER');
  });

  it('attaches to the nearer of two open incidents', async () => {
    await h.readings([depth('WL-0002', 0, 30), depth('WL-0001', 1, 30)]);
    const second = (await h.incidentOf('WL-0001'))!;
    const other = (await h.incidentOf('WL-0002'))!;
    await h.cases([{ ...aCase('SC-BETWEEN', 0), lng: 117.2051, lat: 39.1302 }]);
    expect((await h.detail(second.id)).cases.map((c) => c.id)).toEqual(['SC-BETWEEN']);
    expect((await h.detail(other.id)).cases).toEqual([]);
  });
});

describe.each(DATABASE_KINDS)('one record across sources, configured (%s)', (databaseKind) => {
  let h: PipelineHarness;

  beforeAll(async () => {
    h = await PipelineHarness.start(databaseKind, ASSETS, {
      CROSS_SOURCE_RADIUS_M: '600',
      CROSS_SOURCE_DOMAINS: 'garbage_pile:waterlogging',
    });
    await h.readings([depth('WL-0001', -10, 26)]);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('follows the configured distance and category mapping', async () => {
    await h.cases([aCase('SC-WIDE', 450, 'garbage_pile'), aCase('SC-WATER', 10, 'standing_water')]);
    const incident = (await h.incidentOf('WL-0001'))!;
    expect((await h.detail(incident.id)).cases.map((c) => c.id)).toEqual(['SC-WIDE']);
  });
});

describe('cross-source settings', () => {
  it('refuses an unknown category or domain at start, naming it', () => {
    expect(() => loadConfig({ CROSS_SOURCE_DOMAINS: 'snow_ice:parking' })).toThrow(
      /unknown domain "parking"/,
    );
    expect(() => loadConfig({ CROSS_SOURCE_DOMAINS: 'potholes' })).toThrow(/CROSS_SOURCE_DOMAINS/);
    expect(() => loadConfig({ CROSS_SOURCE_RADIUS_M: '-5' })).toThrow(/CROSS_SOURCE_RADIUS_M/);
    expect(
      loadConfig({ CROSS_SOURCE_DOMAINS: 'snow_ice:waterlogging|heating' }).CROSS_SOURCE_DOMAINS,
    ).toEqual({
      snow_ice: ['waterlogging', 'heating'],
    });
  });
});
