import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads plain rows with their line numbers', () => {
    expect(parseCsv('a,b\n1,2\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('handles quotes, escaped quotes, commas and newlines inside quotes', () => {
    const rows = parseCsv('name,desc\r\n"A, B","say ""hi""\nnext"\r\nc,d');
    expect(rows.map((r) => r.fields)).toEqual([
      ['name', 'desc'],
      ['A, B', 'say "hi"\nnext'],
      ['c', 'd'],
    ]);
    expect(rows[2]!.line).toBe(4);
  });

  it('strips a UTF-8 BOM and skips blank lines', () => {
    expect(parseCsv('\uFEFFid\n\nx\n').map((r) => r.fields)).toEqual([['id'], ['x']]);
  });

  it('keeps empty trailing fields', () => {
    expect(parseCsv('a,b,\n')[0]!.fields).toEqual(['a', 'b', '']);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvError);
  });
});
