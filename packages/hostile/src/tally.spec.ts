import { describe, expect, it } from 'vitest';
import { HostileTally } from './tally.js';

describe('HostileTally', () => {
  it('counts per entry point and renders an aligned table with the total', () => {
    const t = new HostileTally();
    t.add('mqtt payloads', 250);
    t.add('csv drop files');
    t.add('csv drop files', 40);
    expect(t.count('mqtt payloads')).toBe(250);
    expect(t.count('csv drop files')).toBe(41);
    expect(t.count('nothing')).toBe(0);
    expect(t.total()).toBe(291);
    const lines = t.report().split('\n');
    expect(lines[0]).toMatch(/^entry point\s+\| inputs$/);
    expect(lines.at(-1)).toMatch(/^total\s+\|\s+291$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});
