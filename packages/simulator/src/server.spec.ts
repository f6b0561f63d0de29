import { CASE_CSV_HEADER } from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from './lib/logger.js';
import { startSimulator, type RunningSimulator } from './server.js';

interface Page {
  readings: { sensorId: string; ts: string; metrics: Record<string, number> }[];
  next: string;
}

describe('simulator server', () => {
  let sim: RunningSimulator;
  const get = (path: string) => fetch(`${sim.url}${path}`);
  const post = (path: string, body: unknown) =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const page = async (query: string) =>
    (await (await get(`/heating/readings?${query}`)).json()) as Page;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      host: '127.0.0.1',
      seed: 'test',
      scale: 0.01,
      tickMs: 10_000,
      autoTick: false,
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('answers health and serves the assets as CSV and GeoJSON', async () => {
    expect(await (await get('/health')).json()).toMatchObject({ status: 'ok' });
    const csv = await get('/assets.csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\n')[0]).toBe('id,domain,kind,name,district,lng,lat,parentId');
    const geo = (await (await get('/assets.geojson')).json()) as { features: unknown[] };
    expect(geo.features).toHaveLength(sim.simulation.city.assets.length);
  });

  it('produces a tick on demand and answers how many readings it added', async () => {
    const res = await post('/control/tick', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ readings: 2 + 20 + 200 });
    const one = (await (await post('/control/tick', { sensorId: 'IS-0001' })).json()) as {
      readings: number;
    };
    expect(one.readings).toBe(1);
  });

  it('pages through the readings without gaps or duplicates, each page within the limit', async () => {
    await post('/control/tick', {});
    const all = await page('limit=5000');
    const seen: string[] = [];
    let after = '';
    for (;;) {
      const p = await page(`limit=100${after ? `&after=${after}` : ''}`);
      expect(p.readings.length).toBeLessThanOrEqual(100);
      seen.push(...p.readings.map((r) => `${r.sensorId}@${r.ts}`));
      after = p.next;
      if (p.readings.length < 100) break;
    }
    expect(seen).toEqual(all.readings.map((r) => `${r.sensorId}@${r.ts}`));
    expect(new Set(seen).size).toBe(seen.length);
    expect(all.readings[0]!.ts).toMatch(/\+08:00$/);
    // Nothing new: an empty page that hands back the same cursor.
    expect(await page(`after=${after}`)).toEqual({ readings: [], next: after });
    await post('/control/tick', { sensorIds: ['ST-0001'] });
    const fresh = await page(`after=${after}`);
    expect(fresh.readings.map((r) => r.sensorId)).toEqual(['ST-0001']);
  });

  it('answers 400 with a JSON error for a bad cursor or limit', async () => {
    for (const query of ['after=%%%', 'after=bm9wZQ', 'limit=0', 'limit=5001', 'limit=abc']) {
      const res = await get(`/heating/readings?${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
  });

  it('forces indoor temperatures by sensor or station and clears them with null', async () => {
    expect((await post('/control/indoor-temp', { sensorId: 'IS-0003', tempC: 15.2 })).status).toBe(
      200,
    );
    const station = (await (
      await post('/control/indoor-temp', { stationId: 'ST-0005', tempC: 12 })
    ).json()) as { sensorIds: string[] };
    expect(station.sensorIds).toEqual(
      sim.simulation.city.indoorSensors.filter((s) => s.parentId === 'ST-0005').map((s) => s.id),
    );
    const { next } = await page('limit=5000');
    await post('/control/tick', {});
    const readings = (await page(`after=${next}&limit=5000`)).readings;
    expect(readings.find((r) => r.sensorId === 'IS-0003')!.metrics).toEqual({ indoorTempC: 15.2 });
    for (const id of station.sensorIds)
      expect(readings.find((r) => r.sensorId === id)!.metrics.indoorTempC).toBe(12);
    await post('/control/indoor-temp', { sensorId: 'IS-0003', tempC: null });
    const state = (await (await get('/control/state')).json()) as {
      heating: { indoorOverrides: Record<string, number> };
    };
    expect(state.heating.indoorOverrides['IS-0003']).toBeUndefined();
    expect(Object.keys(state.heating.indoorOverrides)).toHaveLength(station.sensorIds.length);
  });

  it('stops and restarts a station', async () => {
    expect((await post('/control/station-outage', { stationId: 'ST-0002', on: true })).status).toBe(
      200,
    );
    const { next } = await page('limit=5000');
    await post('/control/tick', { sensorIds: ['ST-0002'] });
    expect((await page(`after=${next}`)).readings[0]!.metrics).toMatchObject({
      pumpOn: 0,
      flowM3h: 0,
    });
    await post('/control/station-outage', { stationId: 'ST-0002', on: false });
    const state = (await (await get('/control/state')).json()) as {
      heating: { stationOutages: object };
    };
    expect(state.heating.stationOutages).toEqual({});
  });

  it('refuses bad control bodies and unknown ids with clear errors', async () => {
    expect((await post('/control/indoor-temp', { tempC: 15 })).status).toBe(400);
    expect(
      (await post('/control/indoor-temp', { sensorId: 'IS-0001', tempC: 'cold' })).status,
    ).toBe(400);
    expect((await post('/control/indoor-temp', { sensorId: 'IS-9999', tempC: 15 })).status).toBe(
      404,
    );
    expect((await post('/control/station-outage', { stationId: 'ST-0001' })).status).toBe(400);
    expect((await post('/control/tick', { sensorIds: ['NOPE-1'] })).status).toBe(404);
    const badJson = await fetch(`${sim.url}/control/tick`, { method: 'POST', body: '{' });
    expect(badJson.status).toBe(400);
    expect((await get('/nowhere')).status).toBe(404);
    expect((await fetch(`${sim.url}/heating/readings`, { method: 'DELETE' })).status).toBe(405);
  });

  it('serves sanitation cases changed after a time, oldest change first', async () => {
    const first = (await (await get('/sanitation/cases?limit=5')).json()) as {
      cases: { id: string; updatedAt: string }[];
      next: string;
    };
    expect(first.cases).toHaveLength(5);
    expect(first.next).toBe(first.cases[4]!.updatedAt);
    const rest = (await (
      await get(`/sanitation/cases?updatedSince=${encodeURIComponent(first.next)}`)
    ).json()) as { cases: { id: string }[] };
    const ids = [...first.cases, ...rest.cases].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await get('/sanitation/cases?updatedSince=yesterday')).status).toBe(400);
  });

  it('serves the cases as a CSV drop file with the contract header', async () => {
    const res = await get('/sanitation/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="cases-\d{8}T\d{6}\.csv"$/,
    );
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines[0]).toBe(CASE_CSV_HEADER.join(','));
    expect(lines.length - 1).toBe(sim.simulation.sanitation.count);
    expect((await get('/sanitation/export.csv?since=soon')).status).toBe(400);
  });

  it('reports its scale, counts and the last tick in the state', async () => {
    await post('/control/tick', {});
    const state = (await (await get('/control/state')).json()) as {
      scale: number;
      assets: Record<string, number>;
      tunnels: number;
      lastTick: { durationMs: number; readings: number; summary: { flats: number } };
    };
    expect(state.scale).toBe(0.01);
    expect(state.assets).toMatchObject({ heat_station: 20, indoor_sensor: 200 });
    expect(state.tunnels).toBe(13);
    expect(state.lastTick.readings).toBe(222 + 15 + 2);
    expect(state.lastTick.summary.flats).toBe(200);
  });
});

describe('simulator ring', () => {
  it('answers the oldest kept reading to a reader that fell behind the ring', async () => {
    const sim = await startSimulator({
      port: 0,
      host: '127.0.0.1',
      seed: 'ring',
      scale: 0.01,
      tickMs: 10_000,
      ringSize: 400,
      autoTick: false,
      logger: silentLogger,
    });
    try {
      const post = () => fetch(`${sim.url}/control/tick`, { method: 'POST' });
      await post();
      const early = (await (await fetch(`${sim.url}/heating/readings?limit=1`)).json()) as Page;
      await post();
      await post();
      const res = await fetch(`${sim.url}/heating/readings?after=${early.next}&limit=5000`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as Page).readings).toHaveLength(400);
    } finally {
      await sim.close();
    }
  });
});
