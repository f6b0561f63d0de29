import { describe, expect, it } from 'vitest';
import type { MessageKey } from './MessageKey';
import { en } from './en';
import { formatElapsed } from './formatElapsed';
import { translate } from './translate';
import { zhCN } from './zhCN';

const zh = (key: MessageKey, params?: Record<string, string | number>) =>
  translate(zhCN, key, params);
const english = (key: MessageKey, params?: Record<string, string | number>) =>
  translate(en, key, params);
const now = Date.UTC(2026, 10, 26, 12, 0, 0);
const ago = (ms: number) => now - ms;

describe('formatElapsed', () => {
  it('says "just now" under a minute, and never a negative time for a clock running behind', () => {
    expect(formatElapsed(ago(59_000), now, zh)).toBe('刚刚');
    expect(formatElapsed(now + 5_000, now, zh)).toBe('刚刚');
  });

  it('counts minutes, then hours and minutes, then days and hours', () => {
    expect(formatElapsed(ago(12 * 60_000 + 30_000), now, zh)).toBe('12 分钟');
    expect(formatElapsed(ago(3 * 3_600_000 + 5 * 60_000), now, zh)).toBe('3 小时 5 分');
    expect(formatElapsed(ago(2 * 86_400_000 + 4 * 3_600_000), now, english)).toBe('2 d 4 h');
  });
});
