import { describe, expect, it } from 'vitest';
import { spoolAlarm, type SinkState } from './influx-writer.js';

const MiB = 1024 * 1024;
const spool = (bytes: number, full = false): NonNullable<SinkState['spool']> => ({
  bytes,
  maxBytes: 1000 * MiB,
  segments: 3,
  records: 40,
  points: 200_000,
  oldestSpooledAt: 1_000,
  full,
  alarm: bytes >= 800 * MiB,
  problem: 'ECONNREFUSED',
});

describe('spoolAlarm', () => {
  it('stays quiet below 80 % and without a spool', () => {
    expect(spoolAlarm(spool(799 * MiB), 0.8, 5_000)).toBeNull();
    expect(spoolAlarm(null, 0.8, 5_000)).toBeNull();
  });

  it('says how full the spool is, how old its oldest batch, and why the replay fails', () => {
    expect(spoolAlarm(spool(850 * MiB), 0.8, 61_000)).toEqual({
      msg: 'ALARM: disk spool is over 80% full',
      fields: {
        bytes: 850 * MiB,
        maxBytes: 1000 * MiB,
        usedPct: 85,
        records: 40,
        points: 200_000,
        oldestAgeS: 60,
        problem: 'ECONNREFUSED',
      },
    });
    expect(spoolAlarm(spool(999 * MiB, true), 0.8, 61_000)?.msg).toMatch(
      /full; sources are held back/,
    );
  });
});
