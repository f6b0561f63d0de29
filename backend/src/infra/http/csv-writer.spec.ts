import { describe, expect, it } from 'vitest';
import { csvRow } from './csv-writer.js';

describe('csvRow', () => {
  it('quotes what needs quoting and leaves the rest', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'two\nlines', 42, null])).toBe(
      'a,"b,c","say ""hi""","two\nlines",42,\r\n',
    );
  });

  it('defuses spreadsheet formulas in text', () => {
    expect(csvRow(['=HYPERLINK("x")', '+1', '@SUM(A1)', -5])).toBe(
      `"'=HYPERLINK(""x"")",'+1,'@SUM(A1),-5\r\n`,
    );
  });
});
