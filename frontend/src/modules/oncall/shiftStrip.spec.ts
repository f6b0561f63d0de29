import type { OncallSpan } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { memberColour, MEMBER_COLOURS, stripRows, stripWindow } from './shiftStrip';

const ZONE = 'Asia/Shanghai';
// 2026-11-26 10:30 in Tianjin (a Thursday).
const NOW = Date.parse('2026-11-26T02:30:00Z');

const span = (
  memberId: string,
  start: string,
  end: string,
  source: OncallSpan['source'] = { kind: 'layer', layer: '主班' },
): OncallSpan => ({ scheduleId: 'heating-primary', memberId, source, start, end });

describe('stripWindow (two weeks, Asia/Shanghai)', () => {
  const window = stripWindow(NOW, ZONE);

  it('starts at local midnight two days before today and lasts 14 local days', () => {
    expect(new Date(window.from).toISOString()).toBe('2026-11-23T16:00:00.000Z'); // 11-24 00:00
    expect(new Date(window.to).toISOString()).toBe('2026-12-07T16:00:00.000Z'); // 12-08 00:00
    expect(window.days).toHaveLength(14);
    expect(window.days[0]!.day).toBe('2026-11-24');
    expect(window.days[13]!.day).toBe('2026-12-07');
  });

  it('has 24-hour days (no daylight saving), each 1/14 of the strip, across the month end', () => {
    for (const day of window.days) {
      expect(day.end - day.start).toBe(86_400_000);
      expect(day.widthPct).toBeCloseTo(100 / 14, 10);
    }
    expect(window.days.map((d) => d.day)).toContain('2026-11-30');
    expect(window.days.map((d) => d.day)).toContain('2026-12-01');
  });

  it('marks today by the local date, not the UTC one', () => {
    // 2026-11-26 23:30 UTC is already the 27th in Tianjin.
    const late = stripWindow(Date.parse('2026-11-26T16:30:00Z'), ZONE);
    expect(late.days.filter((d) => d.isToday).map((d) => d.day)).toEqual(['2026-11-27']);
    expect(window.days.filter((d) => d.isToday).map((d) => d.day)).toEqual(['2026-11-26']);
    expect(window.days.find((d) => d.isToday)!.weekday).toBe(4);
  });

  it('puts now on the strip', () => {
    // 2 days + 10.5 hours into 14 days.
    expect(window.nowPct).toBeCloseTo(((2 * 24 + 10.5) / (14 * 24)) * 100, 10);
  });
});

describe('stripRows', () => {
  const window = stripWindow(NOW, ZONE);
  const layers = ['主班', '夜班'];

  it('gives the overrides row first, then the layers from the top one down', () => {
    const rows = stripRows([], window, layers);
    expect(rows.map((r) => r.key)).toEqual(['override', 'layer:夜班', 'layer:主班']);
    expect(rows.every((r) => r.blocks.length === 0)).toBe(true);
  });

  it('places a daily 08:00 shift at its local hours', () => {
    const rows = stripRows(
      [span('zhang-san', '2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z')],
      window,
      layers,
    );
    const [block] = rows.find((r) => r.key === 'layer:主班')!.blocks;
    const hour = 100 / (14 * 24);
    expect(block!.leftPct).toBeCloseTo((2 * 24 + 8) * hour, 10);
    expect(block!.widthPct).toBeCloseTo(24 * hour, 10);
    expect(block!.memberId).toBe('zhang-san');
  });

  it('cuts spans to the window and leaves out those outside it', () => {
    const rows = stripRows(
      [
        span('li-si', '2026-11-20T00:00:00Z', '2026-11-24T00:00:00Z'), // ends 11-24 08:00 local
        span('wang-wu', '2026-12-07T00:00:00Z', '2026-12-20T00:00:00Z'), // runs past the end
        span('zhao-liu', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'), // before
      ],
      window,
      layers,
    );
    const blocks = rows.find((r) => r.key === 'layer:主班')!.blocks;
    expect(blocks.map((b) => b.memberId)).toEqual(['li-si', 'wang-wu']);
    expect(blocks[0]!.leftPct).toBe(0);
    expect(blocks[0]!.widthPct).toBeCloseTo((8 / (14 * 24)) * 100, 10);
    expect(blocks[1]!.leftPct + blocks[1]!.widthPct).toBeCloseTo(100, 10);
    expect(blocks[1]!.spanEnd).toBe('2026-12-20T00:00:00Z');
  });

  it('puts overrides in their row with the reason, and unknown layers in a row of their own', () => {
    const rows = stripRows(
      [
        span('wang-wu', '2026-11-26T03:00:00Z', '2026-11-26T04:00:00Z', {
          kind: 'override',
          reason: '换班',
        }),
        span('li-si', '2026-11-25T00:00:00Z', '2026-11-25T12:00:00Z', {
          kind: 'layer',
          layer: '旧层',
        }),
      ],
      window,
      layers,
    );
    expect(rows[0]!.blocks).toMatchObject([{ memberId: 'wang-wu', reason: '换班' }]);
    expect(rows.at(-1)).toMatchObject({ key: 'layer:旧层', layer: '旧层' });
  });
});

describe('memberColour', () => {
  it('keeps a member’s colour by team order and wraps around', () => {
    const ids = ['a1', 'b2', 'c3'];
    expect(memberColour(ids, 'a1')).toBe(MEMBER_COLOURS[0]);
    expect(memberColour(ids, 'c3')).toBe(MEMBER_COLOURS[2]);
    expect(memberColour(ids, 'zz')).toBe(MEMBER_COLOURS[3]);
  });
});
