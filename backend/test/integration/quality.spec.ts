import type {
  AssetCollection,
  MaintenanceItem,
  MaintenanceList,
  QuarantineEntry,
  Rejection,
} from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QualityService } from '../../src/modules/quality/quality.service.js';
import { PipelineHarness } from './support/pipeline-harness.js';
import { DATABASE_KINDS } from './support/test-env.js';

const ASSETS = `
IS-0001,heating,indoor_sensor,南京路 3 号楼 501,,117.197,39.119,
IS-0002,heating,indoor_sensor,南京路 3 号楼 502,,117.197,39.119,
ST-0001,heating,heat_station,南京路换热站,,117.196,39.118,
ST-0002,heating,heat_station,营口道换热站,,117.2,39.12,
WL-0001,waterlogging,underpass,解放桥下穿,,117.205,39.13,
`;

const MIN = 60_000;
const T0 = Date.now() - 6 * 60 * MIN;
const at = (minutes: number) => T0 + minutes * MIN;
const indoor = (sensorId: string, minutes: number, indoorTempC: number) => ({
  sensorId,
  ts: at(minutes),
  metrics: { indoorTempC },
});
const depth = (minutes: number, depthCm: number) => ({
  sensorId: 'WL-0001',
  ts: at(minutes),
  metrics: { depthCm },
});
const sentinel = (sensorId: string, n: number): Rejection[] =>
  Array.from({ length: n }, (_, i) => ({
    source: 'heating-http:test',
    reason: i % 2 ? 'sentinel_value' : 'out_of_range',
    detail: 'supplyTempC -39.9 is a sentinel',
    sensorId,
    metric: 'supplyTempC',
    payload: '{"supplyTempC":-39.9}',
    receivedAt: Date.now() - (n - i) * 1000,
  }));

describe.each(DATABASE_KINDS)('sensor-quality gate (%s)', (databaseKind) => {
  let h: PipelineHarness;
  const items = async (query = '') =>
    (await h.api.get<MaintenanceList>(`/api/maintenance${query}`)).body.items;
  const itemOf = async (assetId: string) => (await items(`?assetId=${assetId}&status=open`))[0];
  const statusOf = async (assetId: string) =>
    (await h.api.get<AssetCollection>('/api/assets')).body.features.find((f) => f.id === assetId)!
      .properties.status;

  beforeAll(async () => {
    h = await PipelineHarness.start(databaseKind, ASSETS);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('marks a stuck sensor suspect, opens a maintenance item, and marks its open incident instead of paging', async () => {
    // The first cold reading pages as usual: nothing is known about the sensor yet.
    await h.readings([indoor('IS-0001', 0, 15)]);
    const incident = (await h.incidentOf('IS-0001'))!;
    expect(incident.suspect).toBe(false);

    // Then the very same value, every 20 minutes, for almost four hours.
    await h.readings(Array.from({ length: 11 }, (_, i) => indoor('IS-0001', 20 * (i + 1), 15)));
    const item = (await itemOf('IS-0001'))!;
    expect(item).toMatchObject({
      kind: 'stuck',
      metric: 'indoorTempC',
      status: 'open',
      assetName: '南京路 3 号楼 501',
      detectedAt: new Date(at(0)).toISOString(),
      occurrences: 1,
    });
    expect(item.detail).toBe('indoorTempC stuck at 15 for 12 readings over 220 min');
    expect(await statusOf('IS-0001')).toBe('suspect');

    const detail = await h.detail(incident.id);
    expect(detail.suspect).toBe(true);
    expect(detail.timeline.at(-1)).toMatchObject({
      type: 'suspect',
      data: { maintenanceId: item.id, kind: 'stuck' },
    });
    expect(detail.timeline.at(-1)!.message).toMatch(/^sensor suspect \(stuck: /);
  });

  it('marks a new threshold incident of a suspect sensor at once', async () => {
    await h.readings([indoor('IS-0001', 240, 19), indoor('IS-0001', 260, 15.5)]);
    const incident = (await h.incidentOf('IS-0001'))!;
    expect(incident.suspect).toBe(true);
    const { timeline } = await h.detail(incident.id);
    expect(timeline[0]!.message).toMatch(/sensor suspect \(stuck: .*see maintenance item/);
  });

  it('leaves a healthy sensor alone', async () => {
    await h.readings(
      Array.from({ length: 14 }, (_, i) => indoor('IS-0002', 20 * i, 15 + (i % 3) * 0.1)),
    );
    expect(await h.incidentOf('IS-0002')).toMatchObject({ suspect: false });
    expect(await itemOf('IS-0002')).toBeUndefined();
  });

  it('catches a spike in the same batch before its incident pages', async () => {
    await h.readings([depth(0, 2), depth(5, 2), depth(10, 80), depth(15, 3)]);
    const item = (await itemOf('WL-0001'))!;
    expect(item).toMatchObject({
      kind: 'spike',
      metric: 'depthCm',
      detectedAt: new Date(at(10)).toISOString(),
    });
    const spiked = (await h.incidents('domain=waterlogging&status=resolved'))[0]!;
    expect(spiked).toMatchObject({ suspect: true, severity: 'red' });
  });

  it('counts a further spike on the open item instead of opening another', async () => {
    await h.readings([depth(20, 2), depth(25, 90), depth(30, 2)]);
    const open = await items('?assetId=WL-0001');
    expect(open).toHaveLength(1);
    expect(open[0]!.occurrences).toBe(2);
  });

  it('marks a sensor with repeated sentinel or out-of-range values suspect (from the quarantine)', async () => {
    await h.rejections([
      ...sentinel('ST-0001', 6),
      ...sentinel('ST-0002', 4),
      ...sentinel('XX-UNKNOWN', 10),
    ]);
    const quality = h.app.get(QualityService);
    expect(await quality.sweepRejections()).toBe(1);
    const item = (await itemOf('ST-0001'))!;
    expect(item).toMatchObject({ kind: 'rejections', metric: null, occurrences: 1 });
    expect(item.detail).toMatch(
      /^6 (out_of_range \/ sentinel_value|sentinel_value \/ out_of_range) rejections within 60 min$/,
    );
    expect(await itemOf('ST-0002')).toBeUndefined();
    // Swept again with nothing new: no further occurrence.
    expect(await quality.sweepRejections()).toBe(0);
    expect((await itemOf('ST-0001'))!.occurrences).toBe(1);
  });

  it('keeps a rejection whose text holds NUL characters (binary garbage from a gateway)', async () => {
    await h.rejections([
      {
        source: 'mqtt:test\u0000',
        reason: 'malformed_json',
        detail: 'not JSON: \u0000\u0001',
        sensorId: 'XX-NUL',
        metric: null,
        payload: '\u0000\u0000garbage',
        receivedAt: Date.now(),
      },
    ]);
    const { body } = await h.api.get<{ items: QuarantineEntry[] }>(
      '/api/quarantine?sensorId=XX-NUL',
    );
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      detail: 'not JSON: \\u0000\u0001',
      payload: '\\u0000\\u0000garbage',
    });
  });

  it('lists items by status, newest first', async () => {
    const open = await items('?status=open');
    expect(open.map((i) => i.assetId).sort()).toEqual(['IS-0001', 'ST-0001', 'WL-0001']);
    expect(await items('?status=resolved')).toEqual([]);
  });

  it('resolves an item with a note (audited), after which the sensor is trusted again and starts afresh', async () => {
    const item = (await itemOf('ST-0001'))!;
    const operator = h.as('operator', 'desk-1');
    const resolved = await operator.post<MaintenanceItem>(`/api/maintenance/${item.id}/resolve`, {
      note: '更换温度探头 replaced the probe',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolvedBy: 'desk-1',
      note: '更换温度探头 replaced the probe',
    });
    expect(resolved.body.resolvedAt).not.toBeNull();
    expect(await statusOf('ST-0001')).not.toBe('suspect');
    const audit = await h.auditActions(item.id);
    expect(audit).toMatchObject([
      {
        action: 'maintenance.resolved',
        actor: 'desk-1',
        data: { before: { status: 'open' }, after: { status: 'resolved' } },
      },
    ]);
    // The rejections it was opened for do not reopen it.
    expect(await h.app.get(QualityService).sweepRejections()).toBe(0);
    expect(
      (await operator.post(`/api/maintenance/${item.id}/resolve`, { note: 'again' })).status,
    ).toBe(409);
  });

  it.each([
    ['GET', '/api/maintenance?status=closed', undefined, 400],
    ['GET', '/api/maintenance?assetId=%27%20OR%201%3D1', undefined, 400],
    ['GET', '/api/maintenance?limit=100000', undefined, 400],
    ['GET', '/api/maintenance?sort=asset', undefined, 400],
    ['POST', '/api/maintenance/0a000000-0000-4000-8000-000000000009/resolve', { note: 'x' }, 404],
    ['POST', '/api/maintenance/not-a-uuid/resolve', { note: 'x' }, 400],
    ['POST', '/api/maintenance/0a000000-0000-4000-8000-000000000009/resolve', {}, 400],
    [
      'POST',
      '/api/maintenance/0a000000-0000-4000-8000-000000000009/resolve',
      { note: 'x', by: 'y' },
      400,
    ],
  ])('%s %s %j → %i', async (method, path, body, status) => {
    expect((await h.api.request(method, path, body)).status).toBe(status);
  });

  it('lets a display screen read the items but not resolve them', async () => {
    const display = h.as('display', 'wall-1');
    expect((await display.get('/api/maintenance')).status).toBe(200);
    const item = (await itemOf('WL-0001'))!;
    expect((await display.post(`/api/maintenance/${item.id}/resolve`, { note: 'x' })).status).toBe(
      403,
    );
  });
});
