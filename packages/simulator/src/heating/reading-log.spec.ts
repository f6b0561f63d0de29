import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ReadingLog } from './reading-log.js';
import { BadRequestError, parseLimit, readPage } from './readings-page.js';

const reading = (n: number) => ({
  sensorId: `IS-${n}`,
  ts: '2026-11-26T08:00:00+08:00',
  metrics: { indoorTempC: n },
});

describe('ReadingLog', () => {
  it('numbers items from 1 and answers those after a sequence number', () => {
    const log = new ReadingLog(10);
    log.append([1, 2, 3, 4].map(reading));
    expect(log.readAfter(1, 2)).toEqual({ items: [reading(2), reading(3)], lastSeq: 3 });
    expect(log.readAfter(4, 2)).toEqual({ items: [], lastSeq: 4 });
  });

  it('keeps only the newest items and starts a reader that fell behind at the oldest kept', () => {
    const log = new ReadingLog(3);
    log.append([1, 2, 3, 4, 5].map(reading));
    expect([log.firstSeq, log.lastSeq, log.size]).toEqual([3, 5, 3]);
    expect(log.readAfter(0, 10).items.map((r) => r.metrics.indoorTempC)).toEqual([3, 4, 5]);
  });
});

describe('cursor', () => {
  it('round-trips and refuses anything it did not issue', () => {
    const text = encodeCursor({ runId: 'abc123', seq: 42 });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual({ runId: 'abc123', seq: 42 });
    for (const bad of [
      '',
      'not a cursor',
      '!!!',
      Buffer.from('abc.-1').toString('base64url'),
      Buffer.from('42').toString('base64url'),
    ]) {
      expect(decodeCursor(bad), bad).toBeNull();
    }
  });
});

describe('readPage', () => {
  const log = new ReadingLog(100);
  log.append(Array.from({ length: 25 }, (_, i) => reading(i + 1)));

  it('pages through every reading once, without gaps or duplicates, respecting the limit', () => {
    const seen: number[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page = readPage(log, 'run1', after, 10);
      expect(page.readings.length).toBeLessThanOrEqual(10);
      seen.push(...page.readings.map((r) => r.metrics.indoorTempC as number));
      after = page.next;
      if (page.readings.length < 10) break;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(readPage(log, 'run1', after, 10)).toEqual({ readings: [], next: after });
  });

  it('starts a cursor from an earlier run at the oldest kept reading', () => {
    const stale = encodeCursor({ runId: 'oldrun', seq: 20 });
    expect(readPage(log, 'run1', stale, 5).readings[0]).toEqual(reading(1));
  });

  it('refuses a cursor it cannot decode and a limit out of bounds', () => {
    expect(() => readPage(log, 'run1', 'garbage!', 5)).toThrow(BadRequestError);
    expect(parseLimit(null)).toBe(500);
    expect(parseLimit('5000')).toBe(5000);
    for (const bad of ['0', '5001', '-1', '1.5', 'ten'])
      expect(() => parseLimit(bad), bad).toThrow(BadRequestError);
  });
});
