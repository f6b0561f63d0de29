/** RFC 4180 CSV: quoted fields, "" escapes, CRLF or LF, a leading BOM. Returns rows with their 1-based line. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: { line: number; fields: string[] }[] = [];
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

export class CsvError extends Error {}
