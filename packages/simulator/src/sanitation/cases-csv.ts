import { CASE_CSV_HEADER } from '@cityops/contracts';
import { csvField } from '../lib/csv.js';

/** One line per case under exactly CASE_CSV_HEADER, as a case system drops them (a missing field is an empty cell). */
export function casesToCsv(cases: readonly object[]): string {
  const lines = [CASE_CSV_HEADER.join(',')];
  for (const c of cases) {
    lines.push(
      CASE_CSV_HEADER.map((column) => {
        const value = (c as Record<string, unknown>)[column];
        return value === undefined || value === null ? '' : csvField(String(value));
      }).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
