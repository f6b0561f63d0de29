import { describe, expect, it } from 'vitest';
import { CsvError, csvLine, parseCsv } from './csv.js';

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

  it('strips a UTF-8 BOM and skips blank lines, keeping the line numbers of the file', () => {
    expect(parseCsv('\uFEFFid\n\nx\n')).toEqual([
      { line: 1, fields: ['id'] },
      { line: 3, fields: ['x'] },
    ]);
  });

  it('keeps empty trailing fields and a quoted empty field', () => {
    expect(parseCsv('a,b,\n')[0]!.fields).toEqual(['a', 'b', '']);
    expect(parseCsv('""\n')).toEqual([{ line: 1, fields: [''] }]);
  });

  it('reads a last row without a line end, and CRLF files', () => {
    expect(parseCsv('a,b\r\n1,2').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps Chinese text as it is', () => {
    expect(parseCsv('description\n"路边垃圾堆放，未清运"\n')[1]!.fields).toEqual([
      '路边垃圾堆放，未清运',
    ]);
  });

  it('refuses an unterminated quote, naming the line it starts on', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvError);
    expect(() => parseCsv('a\n"open')).toThrow(/line 2/);
  });
});

describe('csvLine', () => {
  it('quotes only what needs it and round-trips through parseCsv', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', ''];
    const line = csvLine(values);
    expect(line).toBe('plain,"a,b","say ""hi""","two\nlines",');
    expect(parseCsv(`${line}\n`)[0]!.fields).toEqual(values);
  });
});
