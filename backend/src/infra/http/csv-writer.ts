import { csvLine } from '@cityops/contracts';

/**
 * One CSV line of an export, with its CRLF. A text field starting with = + - @ gets a leading
 * apostrophe so a spreadsheet opening the export does not run it as a formula.
 */
export function csvRow(fields: readonly (string | number | null | undefined)[]): string {
  return `${csvLine(fields.map(defuse))}\r\n`;
}

function defuse(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(value)) return `'${value}`;
  return String(value);
}
