/** One CSV record and the 1-based line of the file it starts on (a quoted field may span lines). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/** The text is not well-formed CSV (so far only: a quoted field that never ends). */
export class CsvError extends Error {
  override readonly name = 'CsvError';
}

/**
 * RFC 4180 CSV, shared by every app that reads CSV (asset import, the sanitation drop folder, replay):
 * quoted fields, `""` inside quotes for a quote, commas and line breaks inside quotes, CRLF or LF line
 * ends, a leading UTF-8 BOM. Blank lines are skipped; empty trailing fields are kept. Each row carries
 * the line it starts on, so errors can point at it.
 */
export function parseCsv(text: string): CsvRow[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;
  let rowHasContent = false;

  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (rowHasContent || fields.length > 1 || fields[0] !== '')
      rows.push({ line: rowLine, fields });
    fields = [];
    rowHasContent = false;
  };

  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      inQuotes = true;
      rowHasContent = true;
    } else if (c === ',') {
      endField();
      rowHasContent = true;
    } else if (c === '\r' && input[i + 1] === '\n') {
      // CRLF: the \n ends the row.
    } else if (c === '\n') {
      endRow();
      line++;
      rowLine = line;
    } else {
      field += c;
      rowHasContent = true;
    }
  }
  if (inQuotes) throw new CsvError(`unterminated quoted field starting on line ${rowLine}`);
  if (field !== '' || fields.length > 0 || rowHasContent) endRow();
  return rows;
}

/** One field as CSV: quoted when it holds a comma, a quote or a line break (and then quotes doubled). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV line (without its line end). */
export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}
