import { once } from 'node:events';
import type { Logger } from '@nestjs/common';
import { CITY_TIME_ZONE, INCIDENT_EXPORT_HEADERS, csvLine } from '@cityops/contracts';
import type { Response } from 'express';
import { formatLocalTime } from '../zoned-time.js';

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

export interface CsvDownload<T> {
  /** The file name's prefix: `incidents` → `incidents-20261126-0805.csv` (city time). */
  name: string;
  header: readonly string[];
  /** How many rows match, and how many may be written. */
  total: number;
  limit: number;
  pages: AsyncIterable<T[]>;
  fields: (item: T) => readonly (string | number | null | undefined)[];
}

/**
 * Streams an export as a CSV download: UTF-8 with a BOM (spreadsheets then read Chinese
 * correctly), formulas defused, the X-Export-* headers saying how many rows were written, how many
 * matched and whether the file was cut; waits for the client when its buffer is full. Once the
 * headers are out a failure can only break the download, so it is logged and the socket destroyed.
 */
export async function streamCsvDownload<T>(
  res: Response,
  download: CsvDownload<T>,
  logger: Logger,
): Promise<void> {
  const stamp = formatLocalTime(new Date().toISOString(), CITY_TIME_ZONE).replace(/\D/g, '');
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${download.name}-${stamp.slice(0, 8)}-${stamp.slice(8)}.csv"`,
  );
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader(INCIDENT_EXPORT_HEADERS.total, String(download.total));
  res.setHeader(INCIDENT_EXPORT_HEADERS.rows, String(Math.min(download.total, download.limit)));
  res.setHeader(INCIDENT_EXPORT_HEADERS.truncated, String(download.total > download.limit));
  try {
    res.write(`\uFEFF${csvRow(download.header)}`);
    for await (const page of download.pages) {
      if (res.destroyed) return;
      const chunk = page.map((item) => csvRow(download.fields(item))).join('');
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  } catch (error) {
    logger.error(`${download.name} export failed: ${String(error)}`);
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
