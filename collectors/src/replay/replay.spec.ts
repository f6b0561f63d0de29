import type { Domain, Rejection } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { floodnetMapping } from './mappings/floodnet.js';
import { parseBound, parseReplayArgs, parseSensorMap, UsageError } from './replay-args.js';
import { replayCsv, type ReplayRunOptions, type ReplaySink } from './replay-runner.js';

class RecordingSink implements ReplaySink {
  readonly batches: {
    domain: Domain;
    raws: { sensorId: string; ts: number }[];
    position: string;
  }[] = [];
  readonly rejected: Rejection[] = [];
  async readings(domain: Domain, raws: readonly unknown[], position: string) {
    this.batches.push({ domain, raws: raws as { sensorId: string; ts: number }[], position });
    return { accepted: raws.length, rejected: 0 };
  }
  async cases() {
    return { accepted: 0, rejected: 0 };
  }
  async rejections(rejections: readonly Rejection[]) {
    this.rejected.push(...rejections);
  }
}

const HEADER = 'sensor_id,flood_start_time,flood_profile_depth_inches,flood_profile_time_secs';
const FILE = `${HEADER}\nS-1,2023-10-30T12:00:00.000,"[1, 2, 3]","[0, 60, 120]"\nS-2,bad,"[1]","[0]"\n`;
const START = Date.parse('2023-10-30T16:00:00Z');
const run = (
  over: Partial<ReplayRunOptions>,
  clock = { t: Date.parse('2026-11-26T08:00:00Z') },
) => {
  const sink = new RecordingSink();
  const progress: number[] = [];
  const result = replayCsv(
    FILE,
    floodnetMapping,
    {
      mode: 'shift-to-now',
      speed: 'max',
      batchSize: 2,
      progressEveryMs: 1000,
      mapping: {
        timezone: 'America/New_York',
        sensorMap: new Map([
          ['S-1', 'WL-0001'],
          ['S-2', 'WL-0002'],
        ]),
        sensorPool: 30,
        relocate: false,
      },
      ...over,
    },
    {
      sink,
      source: 'replay:test',
      now: () => clock.t,
      sleep: async (ms) => {
        clock.t += ms;
      },
      onProgress: (p) => progress.push(p.sent),
    },
  );
  return { sink, progress, result };
};

describe('replayCsv', () => {
  it('at max speed sends batches at once with the last row at now, and quarantines refused rows', async () => {
    const { sink, result } = run({});
    const summary = await result;
    expect(sink.batches.map((b) => b.raws.length)).toEqual([2, 1]);
    const now = Date.parse('2026-11-26T08:00:00Z');
    expect(sink.batches.flatMap((b) => b.raws.map((r) => r.ts))).toEqual([
      now - 120_000,
      now - 60_000,
      now,
    ]);
    expect(sink.batches.map((b) => b.position)).toEqual(['floodnet:0', 'floodnet:2']);
    expect(sink.rejected.map((r) => [r.reason, r.detail])).toEqual([
      ['schema_invalid', 'line 3: flood_start_time "bad" is not a date-time'],
    ]);
    expect(summary).toMatchObject({ rowsRead: 2, records: 3, sent: 3, accepted: 3, rejected: 1 });
  });

  it('keeps the times with --keep-time', async () => {
    const { sink, result } = run({ mode: 'keep-time' });
    await result;
    expect(sink.batches.flatMap((b) => b.raws.map((r) => r.ts))).toEqual([
      START,
      START + 60_000,
      START + 120_000,
    ]);
  });

  it('at a finite speed sends each reading when its (compressed) time comes, the first at now', async () => {
    const clock = { t: Date.parse('2026-11-26T08:00:00Z') };
    const started = clock.t;
    const { sink, result } = run({ speed: 60, batchSize: 10 }, clock);
    await result;
    expect(sink.batches.map((b) => b.raws.map((r) => r.ts))).toEqual([
      [started],
      [started + 1000],
      [started + 2000],
    ]);
    expect(clock.t - started).toBeGreaterThanOrEqual(2000);
  });

  it('skips readings that would land beyond the retention and counts them', async () => {
    const now = Date.parse('2026-11-26T08:00:00Z');
    const { sink, result } = run({ readingsNotBefore: now - 90_000 });
    const summary = await result;
    expect(sink.batches.flatMap((b) => b.raws.map((r) => r.ts))).toEqual([now - 60_000, now]);
    expect(summary).toMatchObject({ tooOld: 1, records: 2, sent: 2 });
  });

  it('honours from, to and limit on the source times', async () => {
    const { sink, result } = run({ mode: 'keep-time', from: START + 30_000, limit: 1 });
    await result;
    expect(sink.batches.flatMap((b) => b.raws.map((r) => r.ts))).toEqual([START + 60_000]);
  });
});

describe('replay arguments', () => {
  it('has the documented defaults', () => {
    expect(parseReplayArgs(['--file', 'f.csv', '--mapping', 'floodnet'])).toEqual({
      file: 'f.csv',
      mapping: 'floodnet',
      speed: 'max',
      mode: 'shift-to-now',
      domain: null,
      timezone: null,
      sensorMap: null,
      sensorPool: 30,
      relocate: false,
      from: null,
      to: null,
      limit: null,
      quarantineTooOld: false,
      batchSize: 1000,
      progressMs: 5000,
      dryRun: false,
    });
    expect(parseReplayArgs(['--help'])).toBeNull();
  });

  it('reads speed, keep-time and the options of the mappings', () => {
    const args = parseReplayArgs([
      '--file=f.csv',
      '--mapping=xai4heat',
      '--speed=60',
      '--keep-time',
      '--timezone=Europe/Belgrade',
      '--limit=10',
      '--relocate',
    ])!;
    expect(args).toMatchObject({
      speed: 60,
      mode: 'keep-time',
      timezone: 'Europe/Belgrade',
      limit: 10,
      relocate: true,
    });
  });

  it.each([
    [['--mapping', 'floodnet'], /--file is required/],
    [['--file', 'f', '--mapping', 'm', '--speed', 'fast'], /--speed/],
    [['--file', 'f', '--mapping', 'm', '--keep-time', '--shift-to-now'], /choose one/],
    [['--file', 'f', '--mapping', 'm', '--timezone', 'Nowhere/City'], /IANA/],
    [['--file', 'f', '--mapping', 'm', '--domain', 'parking'], /--domain/],
    [['--file', 'f', '--mapping', 'm', '--limit', '0'], /--limit/],
    [['--file', 'f', '--mapping', 'm', '--bogus'], /bogus/],
  ])('refuses %j', (argv, why) => {
    expect(() => parseReplayArgs(argv)).toThrow(why);
  });

  it('reads bounds in the zone and sensor maps as JSON objects', () => {
    expect(parseBound('--from', '2023-10-30', 'America/New_York')).toBe(
      Date.parse('2023-10-30T04:00:00Z'),
    );
    expect(parseBound('--to', null, 'UTC')).toBeNull();
    expect(() => parseBound('--from', 'yesterday', 'UTC')).toThrow(UsageError);
    expect(parseSensorMap('{"a":"WL-0001"}')).toEqual(new Map([['a', 'WL-0001']]));
    expect(() => parseSensorMap('[1]')).toThrow(UsageError);
    expect(() => parseSensorMap('{"a":1}')).toThrow(/"a"/);
  });
});
