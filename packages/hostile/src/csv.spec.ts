import { describe, expect, it } from 'vitest';
import { hostileCsvFiles, HUGE_CSV_MIN_BYTES } from './csv.js';

const header = ['id', 'name', 'lng', 'lat'];
const good = [
  ['A-1', '和平区', '117.2', '39.1'],
  ['A-2', 'plain', '117.3', '39.2'],
];

describe('hostileCsvFiles', () => {
  it('makes every kind of broken file with its good-row count', () => {
    const files = hostileCsvFiles(header, good);
    expect(files.length).toBeGreaterThanOrEqual(35);
    expect(new Set(files.map((f) => f.label)).size).toBe(files.length);
    const byLabel = (label: string) => files.find((f) => f.label.startsWith(label))!;
    expect(byLabel('empty file').bytes.length).toBe(0);
    expect(byLabel('UTF-8 BOM').bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(byLabel('UTF-16LE').bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(byLabel('GBK').bytes)).toThrow();
    expect(byLabel('formula').bytes.toString()).toContain('=HYPERLINK(');
    expect(byLabel('CRLF').goodRowCount).toBe(2);
    expect(byLabel('unterminated').goodRowCount).toBe(0);
    expect(byLabel('rows with too few').badRowCount).toBe(2);
  });

  it('builds the huge file lazily, over 10 MB, once', () => {
    const huge = hostileCsvFiles(header, good).find((f) => f.label.startsWith('huge'))!;
    const bytes = huge.bytes;
    expect(bytes.length).toBeGreaterThan(HUGE_CSV_MIN_BYTES);
    expect(huge.bytes).toBe(bytes);
    expect(huge.goodRowCount).toBe(2);
  });

  it('is deterministic', () => {
    const a = hostileCsvFiles(header, good).filter((f) => !f.label.startsWith('huge'));
    const b = hostileCsvFiles(header, good).filter((f) => !f.label.startsWith('huge'));
    expect(a.map((f) => f.bytes.toString('base64'))).toEqual(
      b.map((f) => f.bytes.toString('base64')),
    );
  });
});
