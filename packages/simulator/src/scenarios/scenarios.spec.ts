import {
  DEFAULT_READING_CHECK,
  RawCaseSchema,
  SENTINEL_VALUES,
  checkReading,
} from '@cityops/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WireReading } from '../heating/reading-log.js';
import { HttpError } from '../http/respond.js';
import { distanceMetres } from '../lib/geo.js';
import { silentLogger } from '../lib/logger.js';
import { startSimulator, type RunningSimulator } from '../server.js';
import type { ReadingPublisher } from '../waterlogging/mqtt-publisher.js';
import { parseScenarioBody, SCENARIO_CATALOG, SCENARIO_NAMES } from './scenarios.js';

const START = Date.parse('2026-11-26T12:00:00+08:00');
const MINUTE = 60_000;

interface Page {
  readings: WireReading[];
  next: string;
}
interface Case {
  id: string;
  status: string;
  source: string;
  lng: number;
  lat: number;
  updatedAt: string;
}

/** Keeps what the simulator would have published over MQTT. */
class Recorder implements ReadingPublisher {
  readonly published: WireReading[][] = [];
  publish(_domain: string, readings: readonly WireReading[]): Promise<void> {
    this.published.push([...readings]);
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('scenarios over HTTP', () => {
  let sim: RunningSimulator;
  let clock: number;
  let mqtt: Recorder;
  let cursor = '';

  const get = async <T>(path: string): Promise<T> => (await fetch(`${sim.url}${path}`)).json() as T;
  const post = (path: string, body: unknown) =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const scenario = async (body: Record<string, unknown>) => {
    const res = await post('/control/scenario', body);
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
    return (await res.json()) as { params: Record<string, unknown>; active: { name: string }[] };
  };
  /** Moves the simulated clock on and ticks, `times` times. */
  const tick = async (stepMs: number, times = 1) => {
    for (let i = 0; i < times; i++) {
      clock += stepMs;
      await post('/control/tick', {});
    }
  };
  /** The heating readings added since the last call. */
  const newReadings = async (): Promise<WireReading[]> => {
    const all: WireReading[] = [];
    for (;;) {
      const page = await get<Page>(
        `/heating/readings?limit=5000${cursor ? `&after=${cursor}` : ''}`,
      );
      all.push(...page.readings);
      cursor = page.next;
      if (page.readings.length < 5000) return all;
    }
  };
  const lastWater = () => new Map(mqtt.published.at(-1)!.map((r) => [r.sensorId, r.metrics]));

  beforeEach(async () => {
    clock = START;
    cursor = '';
    mqtt = new Recorder();
    sim = await startSimulator({
      port: 0,
      host: '127.0.0.1',
      seed: 'scenarios',
      scale: 0.01,
      tickMs: 10_000,
      autoTick: false,
      logger: silentLogger,
      now: () => clock,
      publisher: mqtt,
    });
    await tick(0);
  });
  afterEach(async () => {
    await sim.close();
  });

  it('lists every scenario with its parameters and an example the endpoint accepts', async () => {
    const listed = await get<{ scenarios: { name: string; example: Record<string, unknown> }[] }>(
      '/control/scenarios',
    );
    expect(listed.scenarios.map((s) => s.name)).toEqual([...SCENARIO_NAMES]);
    for (const { name, example } of listed.scenarios) {
      const answer = await scenario(example);
      expect(answer.active.map((a) => a.name)).toContain(name);
    }
    for (const name of SCENARIO_NAMES) await scenario({ name, on: false });
    expect(await get('/control/scenarios')).toMatchObject({ active: [] });
  });

  it('rainstorm: depths pass 10 and 20 cm within the storm (simulated minutes), tunnels first', async () => {
    await scenario({ name: 'rainstorm', on: true, intensity: 60, durationMin: 60 });
    const tunnels = new Set(sim.simulation.city.tunnels.map((t) => t.id));
    let first10: string | null = null;
    let reached20 = false;
    for (let minute = 1; minute <= 60; minute++) {
      await tick(MINUTE);
      const water = lastWater();
      const above10 = [...water].filter(([, m]) => (m.depthCm as number) >= 10);
      first10 ??= above10[0]?.[0] ?? null;
      reached20 ||= [...water.values()].some((m) => (m.depthCm as number) >= 20);
    }
    expect(first10).not.toBeNull();
    expect(tunnels.has(first10!)).toBe(true);
    expect(reached20).toBe(true);
    const state = await get<{
      lastTick: { summary: { pointsAtOrAboveCm: Record<string, number> } };
    }>('/control/state');
    expect(state.lastTick.summary.pointsAtOrAboveCm['10']).toBeGreaterThan(0);
    // The storm is over: it leaves the active list and the water goes down.
    await tick(60 * MINUTE);
    expect(await get('/control/scenarios')).toMatchObject({ active: [] });
  });

  it('cold wave: the outdoor air drops and some flats fall below 18 °C, a forced flat stays forced', async () => {
    await post('/control/indoor-temp', { sensorId: 'IS-0001', tempC: 21.5 });
    await scenario({ name: 'cold_wave', on: true, dropC: 14, rampMin: 60 });
    await newReadings();
    let coldest = Infinity;
    for (let step = 0; step < 48; step++) {
      await tick(30 * MINUTE);
      for (const r of await newReadings()) {
        if (r.sensorId === 'IS-0001') expect(r.metrics.indoorTempC).toBe(21.5);
        else if (r.sensorId.startsWith('IS-'))
          coldest = Math.min(coldest, r.metrics.indoorTempC as number);
      }
    }
    expect(coldest).toBeLessThan(18);
    const state = await get<{ weather: { outdoorTempC: number; coldWave: { dropC: number } } }>(
      '/control/state',
    );
    expect(state.weather.coldWave.dropC).toBe(14);
    expect(state.weather.outdoorTempC).toBeLessThan(-10);
  });

  it('pipe leak: the station picked for the seed shows make-up above 2 % of flow and falling pressure', async () => {
    const before = await newReadings();
    const { params } = await scenario({ name: 'pipe_leak', on: true });
    const stationId = params.stationId as string;
    expect(stationId).toMatch(/^ST-\d{4}$/);
    await tick(30 * MINUTE);
    const after = (await newReadings()).find((r) => r.sensorId === stationId)!.metrics as Record<
      string,
      number
    >;
    const normal = before.find((r) => r.sensorId === stationId)!.metrics as Record<string, number>;
    expect(after.makeupM3h! / after.flowM3h!).toBeGreaterThan(0.02);
    expect(after.supplyPressureMPa!).toBeLessThan(normal.supplyPressureMPa! - 0.05);
    const state = await get<{ lastTick: { summary: { loopsMakeupAbove2Pct: number } } }>(
      '/control/state',
    );
    expect(state.lastTick.summary.loopsMakeupAbove2Pct).toBe(1);
    await scenario({ name: 'pipe_leak', on: false, stationId });
    await tick(MINUTE);
    const repaired = (await newReadings()).find((r) => r.sensorId === stationId)!.metrics;
    expect((repaired.makeupM3h as number) / (repaired.flowM3h as number)).toBeLessThan(0.01);
  });

  it('hotline surge: many more new cases than usual, clustered within 200 m', async () => {
    const since = (await get<{ next: string }>('/sanitation/cases?limit=5000')).next;
    const sinceQ = encodeURIComponent(since);
    await tick(60 * MINUTE);
    const usual = (
      await get<{ cases: Case[] }>(`/sanitation/cases?updatedSince=${sinceQ}&limit=5000`)
    ).cases.filter((c) => c.status === 'open').length;
    const mark = (
      await get<{ next: string }>(`/sanitation/cases?updatedSince=${sinceQ}&limit=5000`)
    ).next;
    await scenario({ name: 'hotline_surge', on: true, district: '南开区', rate: 150, clusters: 1 });
    await tick(MINUTE, 60);
    const surge = (
      await get<{ cases: Case[] }>(
        `/sanitation/cases?updatedSince=${encodeURIComponent(mark)}&limit=5000`,
      )
    ).cases.filter((c) => c.status === 'open');
    expect(surge.length).toBeGreaterThan(Math.max(60, usual * 5));
    const state = await get<{
      sanitation: { surge: { clusters: { lng: number; lat: number }[] } };
    }>('/control/state');
    const centre = state.sanitation.surge.clusters[0]!;
    const near = surge.filter(
      (c) => distanceMetres([centre.lng, centre.lat], [c.lng, c.lat]) < 200,
    );
    expect(near.length).toBeGreaterThan(surge.length / 4);
    for (const c of surge) expect(RawCaseSchema.safeParse(c).success).toBe(true);
  });

  it('sensor faults: stuck, spiking, silent and sentinel sensors over heating HTTP and MQTT', async () => {
    await scenario({ name: 'sensor_fault', on: true, sensorId: 'IS-0001', mode: 'stuck' });
    await scenario({ name: 'sensor_fault', on: true, sensorId: 'ST-0002', mode: 'spikes' });
    await scenario({ name: 'sensor_fault', on: true, sensorId: 'IS-0003', mode: 'silent' });
    await scenario({ name: 'sensor_fault', on: true, sensorId: 'ST-0004', mode: 'sentinel' });
    await scenario({ name: 'sensor_fault', on: true, sensorId: 'WL-0001', mode: 'sentinel' });
    await newReadings();
    await tick(10 * MINUTE, 40);
    const readings = await newReadings();
    const of = (id: string) => readings.filter((r) => r.sensorId === id).map((r) => r.metrics);
    expect(new Set(of('IS-0001').map((m) => m.indoorTempC)).size).toBe(1);
    expect(of('IS-0001')).toHaveLength(40);
    const spiking = of('ST-0002') as Record<string, number>[];
    const median = (name: string) => spiking.map((m) => m[name]!).sort((a, b) => a - b)[20]!;
    const medians = Object.fromEntries(Object.keys(spiking[0]!).map((n) => [n, median(n)]));
    const spikes = spiking.filter((m) =>
      Object.entries(m).some(([n, v]) => n !== 'pumpOn' && v > 1.3 * medians[n]!),
    );
    expect(spikes.length).toBeGreaterThan(3);
    expect(spikes.length).toBeLessThan(25);
    expect(of('IS-0003')).toHaveLength(0);
    for (const m of of('ST-0004'))
      for (const v of Object.values(m)) expect(SENTINEL_VALUES).toContain(v);
    expect(lastWater().get('WL-0001')).toMatchObject({ depthCm: 9999, rainfallMmH: 9999 });
    const answer = await scenario({ name: 'sensor_fault', on: false, sensorId: 'IS-0003' });
    expect(answer.active).toHaveLength(4);
    await scenario({ name: 'sensor_fault', on: false });
    await tick(MINUTE);
    expect((await newReadings()).filter((r) => r.sensorId === 'IS-0003')).toHaveLength(1);
  });

  it('bad data: a share of readings and cases is spoiled so the collectors must refuse them', async () => {
    await scenario({ name: 'bad_data', on: true, share: 0.1 });
    await newReadings();
    await tick(MINUTE, 20);
    const readings = await newReadings();
    const known = sim.simulation.city.byId;
    const refused = readings.filter((r) => {
      const check = checkReading(r, undefined, { now: clock, ...DEFAULT_READING_CHECK });
      return !check.ok || check.rejectedMetrics.length > 0 || !known.has(check.reading.sensorId);
    });
    const sent = await get<{ badData: { sent: Record<string, number> } }>('/control/state');
    const counted = Object.values(sent.badData.sent).reduce((a, b) => a + b, 0);
    expect(refused.length).toBeGreaterThan(readings.length * 0.05);
    expect(refused.length).toBeLessThanOrEqual(counted);
    await scenario({ name: 'bad_data', on: false });
    await tick(MINUTE);
    for (const r of await newReadings())
      expect(checkReading(r, undefined, { now: clock, ...DEFAULT_READING_CHECK }).ok).toBe(true);
  });

  it('refuses unknown scenarios, bad parameters and unknown ids with clear errors', async () => {
    const cases: [Record<string, unknown>, number][] = [
      [{ name: 'earthquake', on: true }, 400],
      [{ name: 'rainstorm' }, 400],
      [{ name: 'rainstorm', on: true, intensity: 0 }, 400],
      [{ name: 'rainstorm', on: true, districts: ['Atlantis'] }, 400],
      [{ name: 'cold_wave', on: true, dropC: 'a lot' }, 400],
      [{ name: 'sensor_fault', on: true, sensorId: 'IS-0001', mode: 'melted' }, 400],
      [{ name: 'sensor_fault', on: true, mode: 'stuck' }, 400],
      [{ name: 'sensor_fault', on: true, sensorId: 'IS-99999', mode: 'stuck' }, 404],
      [{ name: 'pipe_leak', on: true, stationId: 'IS-0001' }, 404],
      [{ name: 'hotline_surge', on: true, district: ['120101', '120102'] }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await post('/control/scenario', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(await res.json()).toMatchObject({ statusCode: status });
    }
    expect((await fetch(`${sim.url}/control/scenarios`, { method: 'POST' })).status).toBe(405);
  });
});

describe('parseScenarioBody', () => {
  it('fills in the documented defaults', () => {
    expect(parseScenarioBody({ name: 'rainstorm', on: true })).toEqual({
      name: 'rainstorm',
      on: true,
      intensity: 60,
      districts: null,
      durationMin: 90,
    });
    expect(parseScenarioBody({ name: 'rainstorm', on: true, districts: '南开区' })).toMatchObject({
      districts: ['120104'],
    });
    expect(parseScenarioBody({ name: 'cold_wave', on: true })).toMatchObject({
      dropC: 12,
      rampMin: 120,
    });
    expect(parseScenarioBody({ name: 'hotline_surge', on: true })).toMatchObject({
      district: null,
      rate: 60,
      clusters: 3,
    });
    expect(parseScenarioBody({ name: 'bad_data', on: true })).toMatchObject({ share: 0.01 });
    expect(() => parseScenarioBody({ name: 'bad_data', on: 'yes' })).toThrow(HttpError);
  });

  it('documents every scenario with an example', () => {
    for (const entry of SCENARIO_CATALOG) {
      expect(entry.example.name).toBe(entry.name);
      expect(() => parseScenarioBody(entry.example)).not.toThrow();
    }
  });
});
