import { describe, expect, it } from 'vitest';
import { backtestWindow, lastHours } from './backtestWindow';

const TZ = 'Asia/Shanghai';
const NOW = Date.parse('2026-11-26T04:30:45Z'); // 12:30:45 in Tianjin

describe('backtest window (Asia/Shanghai inputs ⇄ ISO)', () => {
  it('quick picks: the last 24 h and 7 days up to now, to the minute, in local time', () => {
    expect(lastHours(24, NOW, TZ)).toEqual({
      from: '2026-11-25T12:30',
      to: '2026-11-26T12:30',
      district: '',
    });
    expect(lastHours(24 * 7, NOW, TZ, '120101')).toEqual({
      from: '2026-11-19T12:30',
      to: '2026-11-26T12:30',
      district: '120101',
    });
  });

  it('turns the local inputs into the ISO window the API takes, with the district when given', () => {
    expect(backtestWindow(lastHours(24, NOW, TZ), TZ, NOW)).toEqual({
      request: { from: '2026-11-25T04:30:00.000Z', to: '2026-11-26T04:30:00.000Z' },
      error: null,
    });
    expect(
      backtestWindow({ ...lastHours(24, NOW, TZ), district: '120101' }, TZ, NOW).request,
    ).toMatchObject({ district: '120101' });
  });

  it('refuses bad, reversed, future and too long windows', () => {
    const ok = lastHours(24, NOW, TZ);
    expect(backtestWindow({ ...ok, from: '' }, TZ, NOW).error).toBe('admin.rules.backtest.badTime');
    expect(backtestWindow({ ...ok, from: ok.to }, TZ, NOW).error).toBe(
      'admin.rules.backtest.toBeforeFrom',
    );
    expect(backtestWindow({ ...ok, to: '2026-11-26T13:00' }, TZ, NOW).error).toBe(
      'admin.rules.backtest.future',
    );
    expect(backtestWindow(lastHours(24 * 91, NOW, TZ), TZ, NOW).error).toBe(
      'admin.rules.backtest.tooLong',
    );
  });
});
