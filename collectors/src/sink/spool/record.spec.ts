import { describe, expect, it } from 'vitest';
import { RECORD_HEADER_BYTES, decodeRecordAt, encodeRecord, scanSegment } from './record.js';

const body = 'heating,assetId=ST-0001 supplyTempC=55.5 1764115200000\nheating,assetId=南京路 x=1 2';

describe('spool records', () => {
  it('reads back what was framed: payload, time, point count and precision', () => {
    const record = encodeRecord(body, 1764115200123, 2, 'ns');
    const decoded = decodeRecordAt(record, 0);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.payload.toString('utf8')).toBe(body);
    expect(decoded.meta).toEqual({
      offset: 0,
      length: RECORD_HEADER_BYTES + Buffer.byteLength(body),
      spooledAt: 1764115200123,
      points: 2,
      precision: 'ns',
    });
    expect(decodeRecordAt(encodeRecord(Buffer.from(body), 1, 2), 0)).toMatchObject({
      ok: true,
      meta: { precision: 'ms' },
    });
  });

  it('refuses a record cut short, one with a flipped bit and one that is not a record', () => {
    const record = encodeRecord(body, 1, 2);
    expect(decodeRecordAt(record.subarray(0, 10), 0)).toEqual({ ok: false, problem: 'truncated' });
    expect(decodeRecordAt(record.subarray(0, record.length - 1), 0)).toEqual({
      ok: false,
      problem: 'truncated',
    });
    const flipped = Buffer.from(record);
    flipped[RECORD_HEADER_BYTES + 5]! ^= 0x01;
    expect(decodeRecordAt(flipped, 0)).toEqual({ ok: false, problem: 'bad_checksum' });
    expect(decodeRecordAt(Buffer.alloc(64, 0x41), 0)).toEqual({ ok: false, problem: 'bad_magic' });
  });

  it('drops a torn last record after a crash and keeps every whole one before it', () => {
    const a = encodeRecord('a 1', 1, 1);
    const b = encodeRecord('b 2', 2, 1);
    const torn = encodeRecord('c 3', 3, 1).subarray(0, 20);
    const scan = scanSegment(Buffer.concat([a, b, torn]));
    expect(scan.records.map((r) => r.spooledAt)).toEqual([1, 2]);
    expect(scan.validEnd).toBe(a.length + b.length);
    expect(scan.skippedBytes).toBe(0);
  });

  it('skips a damaged record in the middle and finds the next good one', () => {
    const a = encodeRecord('a 1', 1, 1);
    const damaged = Buffer.from(encodeRecord('b 2', 2, 1));
    damaged[damaged.length - 1]! ^= 0xff;
    const c = encodeRecord('c 3', 3, 1);
    const scan = scanSegment(Buffer.concat([a, damaged, c]));
    expect(scan.records.map((r) => [r.spooledAt, r.offset])).toEqual([
      [1, 0],
      [3, a.length + damaged.length],
    ]);
    expect(scan.skippedBytes).toBe(damaged.length);
    expect(scan.validEnd).toBe(a.length + damaged.length + c.length);
  });

  it('finds nothing in an empty or all-garbage segment', () => {
    expect(scanSegment(Buffer.alloc(0))).toEqual({ records: [], validEnd: 0, skippedBytes: 0 });
    expect(scanSegment(Buffer.alloc(100, 7))).toEqual({
      records: [],
      validEnd: 0,
      skippedBytes: 0,
    });
  });
});
