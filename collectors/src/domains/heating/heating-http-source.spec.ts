import { describe, expect, it } from 'vitest';
import { PageFormatError } from '../../sources/http-poll/cursor-page.js';
import { heatingReadingsUrl, heatingSourceName, parseHeatingPage } from './heating-http-source.js';

describe('heating HTTP source', () => {
  it('names the source after the gateway host', () => {
    expect(heatingSourceName('http://scada-1.example:8090/heating')).toBe(
      'heating-http:scada-1.example:8090',
    );
  });

  it('asks for readings after the cursor, leaving out after on the first request', () => {
    expect(heatingReadingsUrl('http://h:8090/heating/', null, 500)).toBe(
      'http://h:8090/heating/readings?limit=500',
    );
    expect(heatingReadingsUrl('http://h:8090/heating', 'a+b/c', 5)).toBe(
      'http://h:8090/heating/readings?after=a%2Bb%2Fc&limit=5',
    );
  });

  it('accepts the page envelope without judging the readings, and refuses anything else', () => {
    expect(parseHeatingPage({ readings: [{ junk: true }], next: 'n1' })).toEqual({
      items: [{ junk: true }],
      next: 'n1',
    });
    expect(parseHeatingPage({ readings: [] })).toEqual({ items: [], next: null });
    expect(() => parseHeatingPage({ rows: [] })).toThrow(PageFormatError);
    expect(() => parseHeatingPage([])).toThrow(PageFormatError);
  });
});
