import { CASE_CSV_HEADER, type Rejection, type RejectionReason } from '@cityops/contracts';
import type { CheckpointStore } from '../../checkpoints/file-checkpoint-store.js';
import type { BackoffOptions } from '../../lib/backoff.js';
import type { Logger } from '../../observability/logger.js';
import type { CollectorStats } from '../../observability/stats.js';
import {
  CsvDropFolder,
  type CsvDropHandler,
  type DropFile,
  type DropRow,
  type RowRejection,
} from '../../sources/file-drop/csv-drop-folder.js';
import { caseFromCsvRecord } from './case-csv.js';
import type { CaseIngestor } from './case-ingestor.js';
import { caseRejection } from './case-validation.js';

export const SANITATION_DROP_SOURCE = 'sanitation-drop';

/** The quarantine payload of a refused row: the file, the line and the row by column. */
function rowPayload(file: DropFile, row: { line: number; record?: Record<string, string> }) {
  return { file: file.name, line: row.line, ...(row.record ? { row: row.record } : {}) };
}

/**
 * Sanitation cases from CSV files (header CASE_CSV_HEADER in any order): each row goes the way of an
 * HTTP case (RawCaseSchema, InfluxDB, upsert-cases); refused rows are quarantined with file and line.
 * The upsert job id covers the file's content hash and the chunk's lines, so a chunk stored again
 * after a crash adds no job.
 */
export function sanitationDropHandler(ingestor: CaseIngestor): CsvDropHandler {
  return {
    header: CASE_CSV_HEADER,
    async handleRows(rows: DropRow[], malformed: RowRejection[], file: DropFile, signal) {
      const now = ingestor.now();
      const ctx = { source: ingestor.source, now };
      const verdicts = ingestor.validate(
        rows.map((row) => caseFromCsvRecord(row.record)),
        now,
      );
      const refused: RowRejection[] = [...malformed];
      const rejections: Rejection[] = malformed.map((m) =>
        caseRejection(null, m.reason, `${file.name} line ${m.line}: ${m.detail}`, ctx, {
          file: file.name,
          line: m.line,
        }),
      );
      for (const verdict of verdicts) {
        const row = rows[verdict.index]!;
        if (!verdict.rejection) continue;
        const { reason, detail } = verdict.rejection;
        refused.push({ line: row.line, reason, detail });
        rejections.push({
          ...verdict.rejection,
          detail: `${file.name} line ${row.line}: ${detail}`.slice(0, 1000),
          payload: caseRejection(row.record, reason, detail, ctx, rowPayload(file, row)).payload,
        });
      }
      const lines = [...rows.map((r) => r.line), ...malformed.map((m) => m.line)];
      const position = `${file.hash}:${Math.min(...lines)}-${Math.max(...lines)}`;
      await ingestor.store(
        verdicts.flatMap((v) => (v.case ? [v.case] : [])),
        rejections,
        position,
        now,
        signal,
      );
      return refused;
    },
    async rejectFile(file: DropFile, reason: RejectionReason, detail: string) {
      const now = ingestor.now();
      await ingestor.store(
        [],
        [
          caseRejection(
            null,
            reason,
            `${file.name}: ${detail}`,
            { source: ingestor.source, now },
            {
              file: file.name,
              size: file.size,
            },
          ),
        ],
        `${file.name}:${file.hash || file.size}`,
        now,
      );
    },
  };
}

export interface SanitationDropSettings {
  dir: string;
  scanIntervalMs: number;
  stableMs: number;
  maxFileBytes: number;
  chunkRows?: number;
}

export interface SanitationDropDeps {
  stateDir: string;
  checkpoints: CheckpointStore;
  ingestor(source: string): CaseIngestor;
  backoff: BackoffOptions;
  logger: Logger;
  stats?: CollectorStats;
  afterChunkStored?: (file: DropFile, lastLine: number) => Promise<void>;
}

export function createSanitationDropSource(
  settings: SanitationDropSettings,
  deps: SanitationDropDeps,
): CsvDropFolder {
  const source = SANITATION_DROP_SOURCE;
  return new CsvDropFolder({
    source,
    dir: settings.dir,
    stateDir: deps.stateDir,
    checkpoints: deps.checkpoints,
    handler: sanitationDropHandler(deps.ingestor(source)),
    scanIntervalMs: settings.scanIntervalMs,
    stableMs: settings.stableMs,
    maxFileBytes: settings.maxFileBytes,
    ...(settings.chunkRows ? { chunkRows: settings.chunkRows } : {}),
    backoff: deps.backoff,
    logger: deps.logger.child({ source }),
    ...(deps.stats ? { stats: deps.stats } : {}),
    ...(deps.afterChunkStored ? { afterChunkStored: deps.afterChunkStored } : {}),
  });
}
