import { describe, expect, it } from 'vitest';
import {
  type DrillResult,
  formatDuration,
  markdownReport,
  markdownTable,
  parseDrillArgs,
} from './report.js';

const result = (over: Partial<DrillResult> = {}): DrillResult => ({
  drill: '1. InfluxDB outage',
  load: '44,080 readings',
  faults: 'InfluxDB stopped for 5 min',
  lost: 0,
  duplicated: 0,
  recoveryMs: 6_500,
  recoveryNote: 'spool drained',
  details: ['points: all there'],
  passed: true,
  ...over,
});

describe('markdownTable', () => {
  it('has the issue’s columns and one row per drill, aligned', () => {
    const lines = markdownTable([
      result(),
      result({ drill: '2. worker kill -9', recoveryMs: null, recoveryNote: undefined }),
    ]).split('\n');
    expect(lines[0]).toMatch(
      /^\| drill +\| load +\| faults injected +\| lost +\| duplicated +\| recovery time +\|$/,
    );
    expect(lines[1]).toMatch(/^\| -+ \| -+ \| -+ \| -+ \| -+ \| -+ \|$/);
    expect(lines[2]).toContain('| 6.5 s (spool drained) |');
    expect(lines[3]).toContain('| —');
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it('escapes a pipe in a cell so the row keeps six columns', () => {
    const line = markdownTable([result({ faults: 'a | b' })]).split('\n')[2]!;
    expect(line).toContain('a \\| b');
    expect(line.split(/(?<!\\)\|/).length).toBe(8);
  });

  it('shows "error" for the counts of a drill that could not finish', () => {
    const line = markdownTable([result({ error: 'boom', lost: null, duplicated: null })]).split(
      '\n',
    )[2]!;
    expect(line.split('|').filter((cell) => cell.trim() === 'error')).toHaveLength(2);
    expect(markdownReport([result({ error: 'boom' })], 'h')).toContain('error: boom');
  });

  it('says FAILED under the table for a drill that lost something', () => {
    expect(markdownReport([result({ lost: 3, passed: false })], 'header')).toMatch(
      /\*\*1\. InfluxDB outage\*\*: FAILED/,
    );
  });
});

describe('formatDuration', () => {
  it('uses ms, seconds or minutes by size', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(14_250)).toBe('14.3 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
  });
});

describe('parseDrillArgs', () => {
  it('runs every drill, the full length, by default', () => {
    expect(parseDrillArgs([])).toEqual({
      only: [1, 2, 3, 4, 5],
      quick: false,
      out: null,
      keep: false,
    });
  });

  it('takes --only as a comma list (with or without =), sorted and once each', () => {
    expect(parseDrillArgs(['--only', '3,1,3']).only).toEqual([1, 3]);
    expect(parseDrillArgs(['--only=2']).only).toEqual([2]);
    expect(parseDrillArgs(['--quick', '--out', 'r.md', '--keep'])).toMatchObject({
      quick: true,
      out: 'r.md',
      keep: true,
    });
  });

  it.each([
    [['--only', '6'], /drill numbers 1-5/],
    [['--only', '1,,2'], /drill numbers 1-5/],
    [['--only', '1;rm -rf /'], /drill numbers 1-5/],
    [['--only'], /needs a value/],
    [['--out', ''], /needs a value/],
    [['--fast'], /unknown option --fast/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseDrillArgs(argv)).toThrow(message);
  });
});
