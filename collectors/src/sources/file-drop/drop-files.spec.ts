import { describe, expect, it } from 'vitest';
import {
  StabilityTracker,
  decodeProgress,
  encodeProgress,
  headerProblem,
  isCandidateName,
  resumeLine,
  timestampedName,
} from './drop-files.js';

describe('drop folder file names', () => {
  it('picks up .csv files and ignores dotfiles, temp and partial files', () => {
    expect(isCandidateName('cases.csv')).toBe(true);
    expect(isCandidateName('CASES.CSV')).toBe(true);
    for (const name of [
      '.cases.csv',
      'cases.csv.tmp',
      'cases.csv.part',
      'cases.txt',
      '~$cases.csv',
    ])
      expect(isCandidateName(name)).toBe(false);
  });

  it('adds a UTC timestamp (and a counter) before the extension', () => {
    const at = Date.parse('2026-11-26T08:01:02.345Z');
    expect(timestampedName('cases.csv', at)).toBe('cases.20261126T080102Z.csv');
    expect(timestampedName('cases.csv', at, 2)).toBe('cases.20261126T080102Z-2.csv');
    expect(timestampedName('README', at)).toBe('README.20261126T080102Z');
  });
});

describe('StabilityTracker', () => {
  it('calls a file complete only when size and mtime stayed the same for the interval', () => {
    const tracker = new StabilityTracker(1000);
    expect(tracker.observe('a.csv', { size: 10, mtimeMs: 1 }, 0)).toBe(false);
    expect(tracker.observe('a.csv', { size: 10, mtimeMs: 1 }, 500)).toBe(false);
    expect(tracker.observe('a.csv', { size: 20, mtimeMs: 2 }, 1200)).toBe(false);
    expect(tracker.observe('a.csv', { size: 20, mtimeMs: 2 }, 2100)).toBe(false);
    expect(tracker.observe('a.csv', { size: 20, mtimeMs: 2 }, 2200)).toBe(true);
  });

  it('starts over for a file that is touched without growing, and forgets files that are gone', () => {
    const tracker = new StabilityTracker(100);
    tracker.observe('a.csv', { size: 10, mtimeMs: 1 }, 0);
    expect(tracker.observe('a.csv', { size: 10, mtimeMs: 5 }, 200)).toBe(false);
    tracker.retain(new Set());
    expect(tracker.observe('a.csv', { size: 10, mtimeMs: 5 }, 250)).toBe(false);
  });
});

describe('file progress', () => {
  const file = { name: 'a.csv', size: 10, mtimeMs: 5, hash: 'h' };

  it('round-trips through the checkpoint cursor, with "" for no file in progress', () => {
    expect(decodeProgress(encodeProgress({ ...file, line: 7 }))).toEqual({ ...file, line: 7 });
    expect(decodeProgress(encodeProgress(null))).toBeNull();
    expect(decodeProgress('{"name":1}')).toBeNull();
    expect(decodeProgress('not json')).toBeNull();
  });

  it('resumes only the very same file: same name, size, mtime and content', () => {
    const progress = { ...file, line: 7 };
    expect(resumeLine(progress, file)).toBe(7);
    expect(resumeLine(progress, { ...file, hash: 'other' })).toBe(0);
    expect(resumeLine(progress, { ...file, size: 11 })).toBe(0);
    expect(resumeLine(progress, { ...file, name: 'b.csv' })).toBe(0);
    expect(resumeLine(null, file)).toBe(0);
  });
});

describe('headerProblem', () => {
  const expected = ['id', 'status', 'lng'];

  it('accepts the names in any order', () => {
    expect(headerProblem(['lng', 'id', 'status'], expected)).toBeNull();
  });

  it('names what is missing, unexpected and repeated', () => {
    expect(headerProblem(['id', 'Status', 'lng', 'lng'], expected)).toMatch(
      /missing status; unexpected "Status"; repeated lng/,
    );
  });
});
