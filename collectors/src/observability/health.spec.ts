import { describe, expect, it } from 'vitest';
import type { SinkState } from '../sink/influx-writer.js';
import { runHealthChecks, spoolHealth } from './health.js';

const MiB = 1024 * 1024;
const state = (spool: Partial<NonNullable<SinkState['spool']>>): SinkState => ({
  inFlight: 0,
  maxInFlight: 4,
  waiting: 0,
  accepting: true,
  spool: {
    bytes: 0,
    maxBytes: 1024 * MiB,
    segments: 0,
    records: 0,
    points: 0,
    oldestSpooledAt: null,
    full: false,
    alarm: false,
    problem: null,
    ...spool,
  },
});

describe('runHealthChecks', () => {
  it('is ok only when every probe is, and reports a probe that hangs or throws as failed', async () => {
    const result = await runHealthChecks(
      [
        { name: 'fine', check: async () => ({ ok: true }) },
        { name: 'broken', check: () => Promise.reject(new Error('ECONNREFUSED')) },
        { name: 'hanging', check: () => new Promise(() => undefined) },
      ],
      50,
    );
    expect(result.status).toBe('error');
    expect(result.checks).toMatchObject({
      fine: { ok: true },
      broken: { ok: false, detail: 'ECONNREFUSED' },
      hanging: { ok: false, detail: 'no answer within 50 ms' },
    });
    expect(
      (await runHealthChecks([{ name: 'fine', check: async () => ({ ok: true }) }])).status,
    ).toBe('ok');
  });
});

describe('spoolHealth', () => {
  it('is healthy while the spool has room, with its fill level, backlog and the replay problem', () => {
    expect(spoolHealth(state({}))).toEqual({ ok: true, detail: '0.0 of 1024 MiB (0.0 %)' });
    expect(
      spoolHealth(
        state({
          bytes: 900 * MiB,
          records: 3,
          points: 15_000,
          oldestSpooledAt: 1000,
          alarm: true,
          problem: 'ECONNREFUSED',
        }),
        61_000,
      ),
    ).toEqual({
      ok: true,
      detail:
        'alarm: over 80 % full, 900.0 of 1024 MiB (87.9 %), 15000 points waiting, oldest 60 s, replay failing: ECONNREFUSED',
    });
  });

  it('fails when the spool is full (sources are held back), and is fine without a spool', () => {
    expect(spoolHealth(state({ bytes: 1023 * MiB, full: true, alarm: true })).ok).toBe(false);
    expect(spoolHealth({ ...state({}), spool: null })).toEqual({
      ok: true,
      detail: 'no disk spool (SPOOL_MAX_BYTES=0)',
    });
  });
});
