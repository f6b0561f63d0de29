import { describe, expect, it } from 'vitest';
import { localInputToIso } from './localInputToIso';
import { toLocalInput } from './toLocalInput';

describe('local time ⇄ ISO (Asia/Shanghai)', () => {
  it('reads a wall-clock time in Tianjin as the instant eight hours earlier in UTC', () => {
    expect(localInputToIso('2026-11-26T08:00', 'Asia/Shanghai')).toBe('2026-11-26T00:00:00.000Z');
    expect(localInputToIso('2026-11-26T02:30', 'Asia/Shanghai')).toBe('2026-11-25T18:30:00.000Z');
  });

  it('refuses what is not a wall-clock time', () => {
    for (const bad of ['', '2026-11-26', '2026-02-30T08:00', '2026-11-26T24:00', 'yesterday'])
      expect(localInputToIso(bad, 'Asia/Shanghai')).toBeNull();
  });

  it('writes an instant as the input text of its zone, and back', () => {
    expect(toLocalInput('2026-11-25T18:30:00Z', 'Asia/Shanghai')).toBe('2026-11-26T02:30');
    expect(toLocalInput(Date.parse('2026-11-26T00:00:00Z'), 'UTC')).toBe('2026-11-26T00:00');
    const iso = '2026-06-01T15:45:00.000Z';
    expect(localInputToIso(toLocalInput(iso, 'Asia/Shanghai'), 'Asia/Shanghai')).toBe(iso);
  });
});
