import { CASE_CSV_HEADER } from '@cityops/contracts';

const TIME_FIELDS = new Set(['reportedAt', 'updatedAt', 'dueAt']);

/**
 * A CSV row of the drop folder as a raw case for RawCaseSchema: fields are trimmed (the description
 * keeps its inner text), an empty cell counts as missing, and a time given as digits is epoch ms.
 */
export function caseFromCsvRecord(
  record: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const name of CASE_CSV_HEADER) {
    const cell = record[name];
    if (cell === undefined) continue;
    const value = name === 'description' ? cell : cell.trim();
    if (value === '') continue;
    raw[name] = TIME_FIELDS.has(name) && /^\d+$/.test(value) ? Number(value) : value;
  }
  return raw;
}
