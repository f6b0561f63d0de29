import { LiveEvent } from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineHarness } from './support/pipeline-harness.js';
import { DATABASE_KINDS, eventually } from './support/test-env.js';

// heat source → two stations → their flats; a second, healthy source; a parent cycle an import allowed.
const ASSETS = `
HS-0001,heating,heat_source,陈塘庄热源厂,,117.22,39.09,
ST-0001,heating,heat_station,南京路换热站,,117.196,39.118,HS-0001
ST-0002,heating,heat_station,营口道换热站,,117.2,39.12,HS-0001
IS-0001,heating,indoor_sensor,南京路 3 号楼 501,,117.197,39.119,ST-0001
IS-0002,heating,indoor_sensor,营口道 8 号楼 201,,117.201,39.121,ST-0002
IS-0003,heating,indoor_sensor,南京路 3 号楼 502,,117.197,39.119,ST-0001
IS-0004,heating,indoor_sensor,南京路 3 号楼 503,,117.197,39.119,ST-0001
IS-0005,heating,indoor_sensor,营口道 8 号楼 202,,117.201,39.121,ST-0002
HS-0002,heating,heat_source,东北郊热电厂,,117.3,39.2,
ST-0003,heating,heat_station,东丽换热站,,117.31,39.09,HS-0002
IS-0009,heating,indoor_sensor,东丽 2 号楼 301,,117.311,39.091,ST-0003
IS-LOOP-A,heating,indoor_sensor,环 A,,117.197,39.119,IS-LOOP-B
IS-LOOP-B,heating,indoor_sensor,环 B,,117.197,39.119,IS-LOOP-A
`;

const SUPPLY_RULE = {
  id: 'supply-temp-low',
  name: '供水温度低 Supply temperature low',
  domain: 'heating',
  type: 'threshold',
  metric: 'supplyTempC',
  assetKinds: ['heat_source', 'heat_station'],
  direction: 'below',
  levels: [
    { severity: 'blue', value: 60 },
    { severity: 'orange', value: 50 },
  ],
  clear: 62,
  title: '{asset}：供水温度 {value} °C',
};

const MIN = 60_000;
const T0 = Date.now() - 60 * MIN;
const at = (minutes: number) => T0 + minutes * MIN;
const supply = (sensorId: string, minutes: number, supplyTempC: number) => ({
  sensorId,
  ts: at(minutes),
  metrics: { supplyTempC },
});
const indoor = (sensorId: string, minutes: number, indoorTempC: number) => ({
  sensorId,
  ts: at(minutes),
  metrics: { indoorTempC },
});

describe.each(DATABASE_KINDS)('network-aware suppression (%s)', (databaseKind) => {
  let h: PipelineHarness;
  let sourceIncidentId: string;

  beforeAll(async () => {
    h = await PipelineHarness.start(databaseKind, ASSETS);
    const rule = await h.api.post('/api/rules', SUPPLY_RULE);
    expect(rule.status).toBe(201);
    await h.listen();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('pages the heat source fault itself', async () => {
    await h.readings([supply('HS-0001', 0, 70), supply('HS-0001', 1, 45)]);
    const source = (await h.incidentOf('HS-0001'))!;
    expect(source).toMatchObject({ severity: 'orange', suppressedBy: null, silenced: false });
    sourceIncidentId = source.id;
  });

  it('links the downstream station and flats that open while it is open to it, with a note', async () => {
    await h.readings([
      supply('ST-0001', 5, 48),
      indoor('IS-0001', 6, 15),
      indoor('IS-0002', 7, 16.5),
    ]);
    for (const asset of ['ST-0001', 'IS-0001', 'IS-0002']) {
      const incident = (await h.incidentOf(asset))!;
      // The root cause (the heat source), not the nearer station.
      expect(incident.suppressedBy).toBe(sourceIncidentId);
      const { timeline } = await h.detail(incident.id);
      expect(timeline[0]!.message).toMatch(/^caused upstream by 陈塘庄热源厂：供水温度 45 °C/);
      expect(timeline[0]!.data.suppressedBy).toBe(sourceIncidentId);
    }
    const opened = await eventually(
      async () =>
        h.live.find(
          (e) => e.event === LiveEvent.IncidentOpened && e.incident.assetId === 'IS-0001',
        ),
      5_000,
      'incident.opened for IS-0001',
    );
    expect(opened.incident.suppressedBy).toBe(sourceIncidentId);
  });

  it('leaves incidents under another heat source alone', async () => {
    await h.readings([indoor('IS-0009', 8, 15)]);
    expect(await h.incidentOf('IS-0009')).toMatchObject({ suppressedBy: null });
  });

  it('judges by event time: a late reading from before the fault is not caused by it', async () => {
    await h.readings([indoor('IS-0003', -5, 15)]);
    expect(await h.incidentOf('IS-0003')).toMatchObject({ suppressedBy: null });
  });

  it('keeps the link in history after the source recovers, and no longer suppresses what opens after', async () => {
    await h.readings([supply('HS-0001', 20, 70)]);
    const resolved = (await h.incidents('status=resolved')).find((i) => i.id === sourceIncidentId);
    expect(resolved?.resolvedAt).toBe(new Date(at(20)).toISOString());

    expect(await h.incidentOf('IS-0001')).toMatchObject({ suppressedBy: sourceIncidentId });
    // Under the healthy station: nothing open upstream any more.
    await h.readings([indoor('IS-0005', 25, 15)]);
    expect(await h.incidentOf('IS-0005')).toMatchObject({ suppressedBy: null });
    // Under the station whose own fault is still open: caused by that one now.
    await h.readings([indoor('IS-0004', 26, 15)]);
    const station = (await h.incidentOf('ST-0001'))!;
    expect(await h.incidentOf('IS-0004')).toMatchObject({ suppressedBy: station.id });
  });

  it('follows a parent cycle without hanging and finds no cause in it', async () => {
    await h.readings([indoor('IS-LOOP-B', 30, 15)]);
    await h.readings([indoor('IS-LOOP-A', 31, 15)]);
    const a = (await h.incidentOf('IS-LOOP-A'))!;
    const b = (await h.incidentOf('IS-LOOP-B'))!;
    // A's parent B has an open incident: A is caused by it; B opened first, with nothing open above.
    expect(a.suppressedBy).toBe(b.id);
    expect(b.suppressedBy).toBeNull();
  });

  it('counts suppressed incidents in the stats', async () => {
    // ST-0001, IS-0001, IS-0002, IS-0004 and IS-LOOP-A.
    const { body } = await h.api.get<{ groups: { key: string; suppressed: number }[] }>(
      '/api/incidents/stats?groupBy=domain',
    );
    expect(body.groups.find((g) => g.key === 'heating')!.suppressed).toBe(5);
  });
});
