import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replayCli } from '../../src/replay/replay-cli.js';
import { CollectorHarness } from './support/harness.js';
import { INFLUX_HTTP } from './support/influx-test-db.js';
import { REDIS_TEST_URL } from './support/redis-test.js';

/** Wall-clock parts of an instant in a zone. */
function wall(ms: number, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>;
}
/** "2026-11-26T03:00:00.000" (FloodNet) in New York time. */
const nycIso = (ms: number) => {
  const w = wall(ms, 'America/New_York');
  return `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}:${w.second}.000`;
};
/** "2026-11-26 09:00:00" (XAI4HEAT) in Belgrade time. */
const belgrade = (ms: number) => {
  const w = wall(ms, 'Europe/Belgrade');
  return `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}:${w.second}`;
};
/** "11/26/2026 03:00:00 AM" (Baltimore 311) in New York time. */
const usDate = (ms: number) => {
  const w = wall(ms, 'America/New_York');
  const h = Number(w.hour);
  const h12 = String(h % 12 === 0 ? 12 : h % 12).padStart(2, '0');
  return `${w.month}/${w.day}/${w.year} ${h12}:${w.minute}:${w.second} ${h < 12 ? 'AM' : 'PM'}`;
};
/** A whole second, some hours ago (the fixtures' own clock). */
const hoursAgo = (h: number) => Math.floor((Date.now() - h * 3_600_000) / 1000) * 1000;

describe('replay against real Redis and InfluxDB', () => {
  let h: CollectorHarness;
  let dir: string;
  let out: string[];
  let err: string[];

  beforeEach(async () => {
    h = await new CollectorHarness().setUp();
    dir = await mkdtemp(join(tmpdir(), 'replay-it-'));
    out = [];
    err = [];
    await h.redis.registerAssets({
      'WL-0001': { domain: 'waterlogging', kind: 'underpass', district: '120103' },
      'WL-0002': { domain: 'waterlogging', kind: 'low_road', district: '120104' },
      'HS-0001': { domain: 'heating', kind: 'heat_source', district: '120110' },
    });
  });
  afterEach(async () => {
    await h.tearDown();
    await rm(dir, { recursive: true, force: true });
  });

  const replay = async (file: string, content: string, ...args: string[]) => {
    const path = join(dir, file);
    await writeFile(path, content);
    return replayCli(
      ['--file', path, '--progress-ms', '100000', ...args],
      {
        REDIS_URL: REDIS_TEST_URL,
        REDIS_PREFIX: h.redis.prefix,
        INFLUX_URL: `${INFLUX_HTTP}/${h.influx.name}`,
        LOG_LEVEL: 'error',
      },
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
  };
  const summary = () => JSON.parse(out.at(-1)!) as Record<string, unknown>;

  const FLOOD_HEADER =
    '"sensor_name","sensor_id","flood_start_time","flood_end_time","max_depth_inches","flood_profile_depth_inches","flood_profile_time_secs"';
  const floodFile = (start: number) =>
    `${FLOOD_HEADER}\n` +
    `"Q - Beach 84 St","Q-beach-84-st-0me680","${nycIso(start)}","","2.5","[0.00, 1.00, 2.50]","[0, 60, 130]"\n` +
    `"BK - Lott Ave","BK-lott-ave-2tzqlc","${nycIso(start + 30_000)}","","4","[4.00]","[0]"\n`;
  const SENSOR_MAP = JSON.stringify({
    'Q-beach-84-st-0me680': 'WL-0001',
    'BK-lott-ave-2tzqlc': 'WL-0002',
  });

  it('replays a FloodNet file as depth readings in cm at their own times with --keep-time', async () => {
    const start = hoursAgo(3);
    const code = await replay(
      'flood.csv',
      floodFile(start),
      '--mapping',
      'floodnet',
      '--keep-time',
      '--sensor-map',
      SENSOR_MAP,
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const points = await h.influx.points('waterlogging');
    expect(points.map((p) => [p.assetId, new Date(p.time as string).getTime(), p.depthCm])).toEqual(
      [
        ['WL-0001', start, 0],
        ['WL-0002', start + 30_000, 10.16],
        ['WL-0001', start + 60_000, 2.54],
        ['WL-0001', start + 130_000, 6.35],
      ],
    );
    const evaluated = await h.redis.allEvaluatedReadings();
    expect(evaluated).toHaveLength(4);
    expect(evaluated.every((r) => r.ts >= start)).toBe(true);
    expect(summary()).toMatchObject({ rowsRead: 2, records: 4, accepted: 4, rejected: 0 });

    // Replaying the same file with the same times adds no job.
    const jobs = (await h.redis.evaluateJobs()).map((j) => j.id);
    await replay(
      'flood.csv',
      floodFile(start),
      '--mapping',
      'floodnet',
      '--keep-time',
      '--sensor-map',
      SENSOR_MAP,
    );
    expect((await h.redis.evaluateJobs()).map((j) => j.id)).toEqual(jobs);
  });

  it('replays a FloodNet file shifted so the last reading lands at now, keeping the spacing', async () => {
    const start = Date.parse('2023-10-30T16:00:00Z');
    const before = Date.now();
    const code = await replay(
      'flood.csv',
      floodFile(start),
      '--mapping',
      'floodnet',
      '--sensor-map',
      SENSOR_MAP,
    );
    const after = Date.now();
    expect(code).toBe(0);
    const points = await h.influx.points('waterlogging');
    const times = points.map((p) => new Date(p.time as string).getTime());
    expect(points.map((p) => p.depthCm)).toEqual([0, 10.16, 2.54, 6.35]);
    expect(times[3]).toBeGreaterThanOrEqual(before);
    expect(times[3]).toBeLessThanOrEqual(after);
    expect(times.map((t) => t - times[0]!)).toEqual([0, 30_000, 60_000, 130_000]);
  });

  it('sorts XAI4HEAT rows that come newest first and quarantines the -39.9 sentinels', async () => {
    const t = [hoursAgo(2), hoursAgo(2) + 180_000, hoursAgo(2) + 360_000];
    const csv = [
      'datetime,t_amb,t_ref,t_sup_prim,t_ret_prim,t_sup_sec,t_ret_sec,e,pe',
      `${belgrade(t[2]!)},16.8,44.0,60.9,32.3,52.2,41.5,18159.535,1.0`,
      `${belgrade(t[1]!)},16.7,44.0,61.0,,-39.9,41.6,18159.535,1.1`,
      `${belgrade(t[0]!)},-39.9,44.0,0.0,0.0,,,18159.535,`,
    ].join('\n');
    const code = await replay('scada.csv', `${csv}\n`, '--mapping', 'xai4heat', '--keep-time');
    expect(code).toBe(0);
    const evaluated = (await h.redis.allEvaluatedReadings()).sort(
      (a, b) => a.ts - b.ts || (a.sensorId < b.sensorId ? -1 : 1),
    );
    expect(evaluated).toEqual([
      { sensorId: 'HS-0001', ts: t[0], metrics: { supplyTempC: 0, returnTempC: 0 } },
      { sensorId: 'HS-0001', ts: t[1], metrics: { supplyTempC: 61 } },
      { sensorId: 'ST-0001', ts: t[1], metrics: { returnTempC: 41.6 } },
      { sensorId: 'HS-0001', ts: t[2], metrics: { supplyTempC: 60.9, returnTempC: 32.3 } },
      { sensorId: 'ST-0001', ts: t[2], metrics: { supplyTempC: 52.2, returnTempC: 41.5 } },
    ]);
    const rejections = await h.redis.allRejections();
    expect(rejections.map((r) => [r.sensorId, r.reason, r.metric])).toEqual([
      ['ST-0001', 'sentinel_value', 'supplyTempC'],
    ]);
    expect(rejections[0]!.source).toBe('replay:xai4heat:scada.csv');
    const station = (await h.influx.points('heating')).filter((p) => p.assetId === 'ST-0001');
    expect(station.map((p) => new Date(p.time as string).getTime())).toEqual([t[1], t[2]]);
  });

  it('refuses Baltimore rows with the placeholder or no location, and places the rest in Tianjin with --relocate', async () => {
    const created = hoursAgo(30);
    const header =
      'ServiceRequestNum,SRType,MethodReceived,CreatedDate,SRStatus,StatusDate,DueDate,CloseDate,Address,Latitude,Longitude';
    const line = (n: string, type: string, lat: string, lng: string, status = 'Open') =>
      [
        n,
        type,
        'Phone',
        usDate(created),
        status,
        usDate(created + 3_600_000),
        usDate(created + 86_400_000),
        '',
        '"1 MAIN ST, BALTIMORE"',
        lat,
        lng,
      ].join(',');
    const csv = [
      header,
      line('18-1', 'SW-Dirty Alley', '39.2904', '-76.6122'),
      line('18-2', 'SW-Bulk Scheduled', '39', '-77'),
      line('18-3', 'SW-Mixed Refuse', '', ''),
      line('18-4', 'TRT-Traffic Signal Repairs', '39.30', '-76.60'),
      line('18-5', 'SW-HGW', '39.3100', '-76.5800', 'Closed'),
    ].join('\n');

    expect(await replay('311.csv', `${csv}\n`, '--mapping', 'baltimore311', '--keep-time')).toBe(0);
    // Without --relocate, Baltimore is outside Tianjin: nothing is placed.
    expect((await h.redis.allRejections()).map((r) => [r.sensorId, r.reason]).sort()).toEqual(
      [
        ['BAL-18-1', 'outside_city'],
        ['BAL-18-2', 'outside_city'],
        ['BAL-18-3', 'schema_invalid'],
        ['BAL-18-5', 'outside_city'],
      ].sort(),
    );
    expect(await h.redis.upsertCaseJobs()).toEqual([]);

    expect(await replay('311.csv', `${csv}\n`, '--mapping', 'baltimore311', '--relocate')).toBe(0);
    const cases = (await h.redis.upsertCaseJobs()).flatMap((j) => j.data.cases);
    expect(cases.map((c) => [c.id, c.category, c.status, c.source]).sort()).toEqual([
      ['BAL-18-1', 'dirty_street', 'open', 'hotline'],
      ['BAL-18-5', 'garbage_pile', 'closed', 'hotline'],
    ]);
    expect(cases.every((c) => c.lng > 117 && c.lng < 117.4 && c.lat > 39 && c.lat < 39.3)).toBe(
      true,
    );
    expect(await h.influx.points('sanitation_cases')).toHaveLength(2);
    expect(summary()).toMatchObject({ rowsRead: 5, rowsSkipped: 1, accepted: 2, rejected: 2 });
  });

  it('exits non-zero when the file cannot be read, and with 2 for bad arguments', async () => {
    expect(
      await replayCli(
        ['--file', join(dir, 'missing.csv'), '--mapping', 'floodnet'],
        {},
        {
          out: () => undefined,
          err: (l) => err.push(l),
        },
      ),
    ).toBe(1);
    expect(err.join('\n')).toMatch(/cannot read .*missing\.csv/);
    expect(await replay('bad.bin', '\u00ff', '--mapping', 'floodnet')).toBe(1);
    await writeFile(join(dir, 'latin1.csv'), Buffer.from([0x61, 0x0a, 0xe9, 0x0a]));
    expect(
      await replayCli(
        ['--file', join(dir, 'latin1.csv'), '--mapping', 'floodnet'],
        {},
        {
          out: () => undefined,
          err: () => undefined,
        },
      ),
    ).toBe(1);
    expect(await replay('x.csv', 'a,b\n1,2\n', '--mapping', 'floodnet')).toBe(1);
    expect(
      await replayCli(
        ['--mapping', 'floodnet'],
        {},
        { out: () => undefined, err: () => undefined },
      ),
    ).toBe(2);
  });
});
