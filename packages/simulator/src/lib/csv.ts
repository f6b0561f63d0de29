/** RFC 4180 quoting: only fields holding a comma, quote or line break are quoted. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields) into its fields. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Reads a CSV written by this package back into records keyed by the header's names. */
export function readCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  if (!header) return [];
  const columns = splitCsvLine(header);
  return lines.map((line) => {
    const fields = splitCsvLine(line);
    return Object.fromEntries(columns.map((c, i) => [c, fields[i] ?? '']));
  });
}
