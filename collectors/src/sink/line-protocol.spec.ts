import { describe, expect, it } from 'vitest';
import { escapeKey, escapeMeasurement, escapeTagValue, toLine } from './line-protocol.js';
import { ReadingLineEncoder, pointFromReading } from './points.js';

describe('line protocol', () => {
  it('escapes spaces, commas and equals signs in tag values and keys', () => {
    expect(escapeTagValue('南京路 1,2=3')).toBe('南京路\\ 1\\,2\\=3');
    expect(escapeKey('a b')).toBe('a\\ b');
    expect(escapeMeasurement('heat ing,x=y')).toBe('heat\\ ing\\,x=y');
    expect(escapeTagValue('line\nbreak')).toBe('line\\ break');
  });

  it('writes sorted tags, float fields and a millisecond timestamp', () => {
    const line = toLine({
      measurement: 'heating',
      tags: { kind: 'heat_station', assetId: 'ST 1', district: '120101' },
      fields: { supplyTempC: 55.25, pumpOn: 1 },
      timestampMs: 1764115200000,
    });
    expect(line).toBe(
      'heating,assetId=ST\\ 1,district=120101,kind=heat_station supplyTempC=55.25,pumpOn=1 1764115200000',
    );
  });

  it('leaves out empty tags and non-finite fields, and a point with no field left', () => {
    expect(
      toLine({
        measurement: 'm',
        tags: { a: '' },
        fields: { x: Number.NaN, y: 2 },
        timestampMs: 5,
      }),
    ).toBe('m y=2 5');
    expect(
      toLine({
        measurement: 'm',
        tags: {},
        fields: { x: Number.POSITIVE_INFINITY },
        timestampMs: 5,
      }),
    ).toBeNull();
  });

  it('builds a point per reading: measurement of the domain, tags assetId/district/kind, metrics as fields', () => {
    const point = pointFromReading(
      { sensorId: 'IS-0001', ts: 1764115200000, metrics: { indoorTempC: 20.5 } },
      { domain: 'heating', kind: 'indoor_sensor', district: '120104' },
    );
    expect(point).toEqual({
      measurement: 'heating',
      tags: { assetId: 'IS-0001', district: '120104', kind: 'indoor_sensor' },
      fields: { indoorTempC: 20.5 },
      timestampMs: 1764115200000,
    });
  });

  it('encodes a reading exactly as its point would be, -0 as 0', () => {
    const asset = { domain: 'heating', kind: 'heat_station', district: '120101' } as const;
    const reading = {
      sensorId: 'ST 1',
      ts: 1764115200000,
      metrics: { supplyTempC: 55.25, returnTempC: -0, pumpOn: 1 },
    };
    expect(new ReadingLineEncoder().line(reading, asset)).toBe(
      toLine(pointFromReading(reading, asset)),
    );
    expect(new ReadingLineEncoder().line(reading, asset)).toBe(
      'heating,assetId=ST\\ 1,district=120101,kind=heat_station supplyTempC=55.25,returnTempC=0,pumpOn=1 1764115200000',
    );
  });

  it("builds a sensor's tags again when its registry entry changes, and writes nothing without a finite value", () => {
    const encoder = new ReadingLineEncoder();
    const reading = { sensorId: 'IS-1', ts: 5, metrics: { indoorTempC: 20 } };
    const before = { domain: 'heating', kind: 'indoor_sensor', district: '120101' } as const;
    expect(encoder.line(reading, before)).toContain('district=120101');
    expect(encoder.line(reading, { ...before, district: '120104' })).toContain('district=120104');
    expect(encoder.line({ ...reading, metrics: { indoorTempC: Number.NaN } }, before)).toBeNull();
  });
});
