import { csvLine, type AssetImportResult } from '@cityops/contracts';
import type { TranslateFn } from '../i18n/TranslateFn';
import { importReasonText } from './importReasonText';

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is defused with a leading '. */
function defused(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The rejected rows of an import as a CSV file made in the browser (UTF-8 with BOM, so Excel reads
 * the Chinese): line, the reason in the console's language, and the backend's own message.
 */
export function rejectedRowsCsv(rejected: AssetImportResult['rejected'], t: TranslateFn): string {
  const lines = [
    csvLine([t('admin.assets.line'), t('admin.assets.reason'), t('admin.assets.reasonOriginal')]),
    ...rejected.map(({ line, reason }) =>
      csvLine([String(line), defused(importReasonText(reason, t)), defused(reason)]),
    ),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
