import { finishWithin } from '../../lib/finish-within.js';
import { createHash } from 'node:crypto';
import { access, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CsvError, csvLine, parseCsv, type CsvRow, type RejectionReason } from '@cityops/contracts';
import {
  checkpointFileName,
  type CheckpointStore,
} from '../../checkpoints/file-checkpoint-store.js';
import { backoffDelay, sleep, type BackoffOptions } from '../../lib/backoff.js';
import type { Logger } from '../../observability/logger.js';
import type { CollectorStats } from '../../observability/stats.js';
import {
  StabilityTracker,
  decodeProgress,
  encodeProgress,
  headerProblem,
  isCandidateName,
  resumeLine,
  timestampedName,
  type FileProgress,
} from './drop-files.js';

/** The file a drop folder is working on. */
export interface DropFile {
  name: string;
  size: number;
  mtimeMs: number;
  /** sha256 of the bytes; '' when the file was refused before it was read (too big). */
  hash: string;
}

/** A data row: its line in the file and its fields by header name. */
export interface DropRow {
  line: number;
  record: Record<string, string>;
}

/** A row refused with its line (1-based line of the file the row starts on). */
export interface RowRejection {
  line: number;
  reason: RejectionReason;
  detail: string;
}

/** What a domain does with the rows of a dropped CSV file. */
export interface CsvDropHandler {
  /** The header names the files must have, in any order. */
  readonly header: readonly string[];
  /**
   * Validates and stores one chunk of rows, and quarantines the refused ones (including `malformed`:
   * rows with the wrong number of fields). Returns every refused row. Called again with the same rows
   * after a crash before the checkpoint, so it must be idempotent (same points, same job ids).
   */
  handleRows(
    rows: DropRow[],
    malformed: RowRejection[],
    file: DropFile,
    signal: AbortSignal,
  ): Promise<RowRejection[]>;
  /** Quarantines a whole refused file (too big, empty, not UTF-8, not CSV, wrong header). */
  rejectFile(
    file: DropFile,
    reason: RejectionReason,
    detail: string,
    signal: AbortSignal,
  ): Promise<void>;
}

export interface CsvDropFolderOptions {
  /** Source instance name; also names its checkpoint. */
  source: string;
  dir: string;
  /** Holds the markers of processed content hashes (a file dropped again is not ingested twice). */
  stateDir: string;
  checkpoints: CheckpointStore;
  handler: CsvDropHandler;
  /** How often the folder is listed. */
  scanIntervalMs: number;
  /** A file counts as complete when its size and mtime stayed the same this long. */
  stableMs: number;
  maxFileBytes: number;
  /** Rows per chunk: stored, then checkpointed. */
  chunkRows?: number;
  backoff: BackoffOptions;
  logger: Logger;
  stats?: CollectorStats;
  now?: () => number;
  /** Fault injection for tests: runs after a chunk is stored and before its checkpoint. */
  afterChunkStored?: (file: DropFile, lastLine: number) => Promise<void>;
}

export type FileOutcome =
  'done' | 'done-with-rejections' | 'duplicate' | 'rejected' | 'interrupted' | 'not-ready';

const REJECTED_COLUMNS = ['line', 'reason', 'detail'];

/**
 * A folder that CSV files are dropped into. Each complete file (unchanged for `stableMs`, not a
 * dotfile, .tmp or .part) is processed in chunks: rows are handed to the domain handler, refused rows
 * are appended to `rejected/.<name>.rejected.csv.partial`, and the position is checkpointed (file name,
 * size, mtime, content hash, last line). A restart resumes after the last checkpointed line; the
 * partial rejected file is cut back to that line first, so nothing is listed twice. At the end the
 * rejected rows become `rejected/<name>.rejected.csv`, the content hash is recorded as processed, and
 * the file moves to `done/` (with a timestamp when the name is taken). A file whose content was
 * processed before is moved to `done/` without being read again. A file refused as a whole moves to
 * `rejected/` with `<name>.reason.txt` beside it.
 */
export class CsvDropFolder {
  private readonly idle = new AbortController();
  private readonly work = new AbortController();
  private readonly tracker: StabilityTracker;
  private readonly chunkRows: number;
  private stopping = false;
  private running: Promise<void> | null = null;
  private progress: FileProgress | null = null;
  private prepared = false;
  private failures = 0;

  constructor(private readonly options: CsvDropFolderOptions) {
    this.tracker = new StabilityTracker(options.stableMs);
    this.chunkRows = options.chunkRows ?? 500;
    options.stats?.registerSource(options.source);
  }

  get source(): string {
    return this.options.source;
  }

  get doneDir(): string {
    return join(this.options.dir, 'done');
  }

  get rejectedDir(): string {
    return join(this.options.dir, 'rejected');
  }

  private get processedDir(): string {
    const name = checkpointFileName(this.options.source).replace(/\.json$/, '');
    return join(this.options.stateDir, `${name}.processed`);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Lets the chunk in hand finish and checkpoint; the rest of the file waits for the next start. */
  async stop(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    this.idle.abort();
    if (!this.running) return;
    if ((await finishWithin(this.running, graceMs)) === 'timeout') {
      this.options.logger.warn('chunk did not finish within the grace period; abandoning it', {
        source: this.source,
        graceMs,
      });
      this.work.abort();
      await this.running;
    }
  }

  /** Lists the folder once and processes every complete file; exposed for the loop and for tests. */
  async scanOnce(): Promise<{ name: string; outcome: FileOutcome }[]> {
    const { dir } = this.options;
    const entries = await readdir(dir, { withFileTypes: true });
    const names = entries.filter((e) => e.isFile() && isCandidateName(e.name)).map((e) => e.name);
    this.tracker.retain(new Set(names));
    const ready: { name: string; mtimeMs: number }[] = [];
    for (const name of names) {
      const st = await stat(join(dir, name)).catch(() => null);
      if (!st) continue;
      if (this.tracker.observe(name, { size: st.size, mtimeMs: st.mtimeMs }, this.now()))
        ready.push({ name, mtimeMs: st.mtimeMs });
    }
    // The file in progress first, then oldest first.
    ready.sort(
      (a, b) =>
        Number(b.name === this.progress?.name) - Number(a.name === this.progress?.name) ||
        a.mtimeMs - b.mtimeMs ||
        (a.name < b.name ? -1 : 1),
    );
    const results: { name: string; outcome: FileOutcome }[] = [];
    for (const { name } of ready) {
      if (this.stopping) break;
      const outcome = await this.processFile(name);
      results.push({ name, outcome });
      if (outcome === 'interrupted') break;
    }
    return results;
  }

  /** Creates the folders and loads the checkpoint (once). */
  async prepare(): Promise<void> {
    if (this.prepared) return;
    const { logger, source, checkpoints, dir } = this.options;
    for (const folder of [dir, this.doneDir, this.rejectedDir, this.processedDir])
      await mkdir(folder, { recursive: true });
    this.progress = decodeProgress((await checkpoints.load(source))?.cursor);
    this.prepared = true;
    logger.info('source started', { source, dir, inProgress: this.progress });
  }

  private async loop(): Promise<void> {
    const { logger, source, backoff, scanIntervalMs } = this.options;
    while (!this.stopping) {
      try {
        await this.prepare();
        await this.scanOnce();
        if (this.failures > 0)
          logger.info('source recovered', { source, afterFailures: this.failures });
        this.options.stats?.recordSourceOk(source);
        this.failures = 0;
        await sleep(scanIntervalMs, this.idle.signal);
      } catch (err) {
        if (this.stopping && this.work.signal.aborted) break;
        this.failures += 1;
        this.options.stats?.recordSourceError(source, err);
        const delay = backoffDelay(this.failures, backoff);
        const log = this.failures >= 5 ? logger.error : logger.warn;
        log('drop folder scan failed; keeping the checkpoint and retrying', {
          source,
          progress: this.progress,
          attempt: this.failures,
          retryInMs: delay,
          err,
        });
        await sleep(delay, this.idle.signal);
      }
    }
    logger.info('source stopped', { source, progress: this.progress });
  }

  /** Processes one complete file from where its checkpoint left off. */
  async processFile(name: string): Promise<FileOutcome> {
    const { dir, maxFileBytes, logger, source } = this.options;
    const path = join(dir, name);
    const st = await stat(path).catch(() => null);
    if (!st) return 'not-ready';
    const sized: DropFile = { name, size: st.size, mtimeMs: st.mtimeMs, hash: '' };
    if (st.size > maxFileBytes) {
      await this.rejectFile(
        sized,
        'oversize_payload',
        `file is ${st.size} bytes, more than the ${maxFileBytes} allowed`,
      );
      return 'rejected';
    }
    const bytes = await readFile(path);
    const again = await stat(path).catch(() => null);
    if (
      !again ||
      again.size !== st.size ||
      again.mtimeMs !== st.mtimeMs ||
      bytes.length !== st.size
    ) {
      this.tracker.forget(name);
      return 'not-ready';
    }
    const file: DropFile = { ...sized, hash: createHash('sha256').update(bytes).digest('hex') };

    if (await this.isProcessed(file.hash)) {
      const target = await this.moveTo(this.doneDir, name);
      await this.clearProgressIf(name);
      logger.info('file content was processed before; moved to done without reading it again', {
        source,
        file: name,
        movedTo: target,
        hash: file.hash,
      });
      return 'duplicate';
    }

    const rows = this.parse(bytes);
    if (typeof rows === 'string') {
      await this.rejectFile(file, 'schema_invalid', rows);
      return 'rejected';
    }
    const [header, ...data] = rows as [CsvRow, ...CsvRow[]];
    const names = header.fields.map((f) => f.trim());

    const after = resumeLine(this.progress, file);
    if (after > 0) logger.info('resuming file after its last stored line', { file: name, after });
    await this.preparePartial(file, after);

    let lastLine = Math.max(after, header.line);
    const pending = data.filter((row) => row.line > after);
    for (let i = 0; i < pending.length; i += this.chunkRows) {
      if (this.stopping) {
        logger.info('stopping in the middle of a file; it resumes on the next start', {
          file: name,
          after: lastLine,
        });
        return 'interrupted';
      }
      const part = pending.slice(i, i + this.chunkRows);
      const good: DropRow[] = [];
      const malformed: RowRejection[] = [];
      for (const row of part) {
        if (row.fields.length !== names.length) {
          malformed.push({
            line: row.line,
            reason: 'schema_invalid',
            detail: `expected ${names.length} fields, got ${row.fields.length}`,
          });
        } else {
          good.push({
            line: row.line,
            record: Object.fromEntries(names.map((n, k) => [n, row.fields[k]!])),
          });
        }
      }
      const refused = await this.options.handler.handleRows(
        good,
        malformed,
        file,
        this.work.signal,
      );
      lastLine = part[part.length - 1]!.line;
      await this.options.afterChunkStored?.(file, lastLine);
      if (refused.length) await this.appendRejected(file, names, part, refused);
      await this.saveProgress({ ...file, line: lastLine });
      this.options.stats?.recordPage(this.source);
    }

    const rejectedFile = await this.finishPartial(file);
    await this.markProcessed(file);
    const target = await this.moveTo(this.doneDir, name);
    await this.saveProgress(null);
    logger.info('file processed', {
      source,
      file: name,
      rows: data.length,
      movedTo: target,
      ...(rejectedFile ? { rejectedRows: rejectedFile } : {}),
    });
    return rejectedFile ? 'done-with-rejections' : 'done';
  }

  /** Decodes and parses; returns the rows (header first) or why the file is refused as a whole. */
  private parse(bytes: Buffer): CsvRow[] | string {
    if (bytes.length === 0) return 'empty file';
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return 'not UTF-8: the file has an invalid byte sequence (save it as UTF-8)';
    }
    let rows: CsvRow[];
    try {
      rows = parseCsv(text);
    } catch (err) {
      return err instanceof CsvError ? `not valid CSV: ${err.message}` : String(err);
    }
    const header = rows[0];
    if (!header) return 'empty file (no header)';
    const problem = headerProblem(header.fields, this.options.handler.header);
    if (problem) return problem;
    if (rows.length === 1) return 'empty file (a header and no rows)';
    return rows;
  }

  private partialPath(name: string): string {
    return join(this.rejectedDir, `.${name}.rejected.csv.partial`);
  }

  /** Starts the partial rejected file afresh, or cuts it back to the rows up to `after` on resume. */
  private async preparePartial(file: DropFile, after: number): Promise<void> {
    const path = this.partialPath(file.name);
    if (after === 0) {
      await rm(path, { force: true });
      return;
    }
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) return;
    const [head, ...rows] = parseCsv(text);
    if (!head) return;
    const kept = rows.filter((row) => Number(row.fields[0]) <= after);
    if (kept.length === rows.length) return;
    await writeSynced(path, [head, ...kept].map((r) => `${csvLine(r.fields)}\n`).join(''), 'w');
  }

  private async appendRejected(
    file: DropFile,
    names: string[],
    rows: CsvRow[],
    refused: RowRejection[],
  ): Promise<void> {
    const path = this.partialPath(file.name);
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    const byLine = new Map(rows.map((r) => [r.line, r.fields]));
    const lines = [...refused]
      .sort((a, b) => a.line - b.line)
      .map((r) => csvLine([String(r.line), r.reason, r.detail, ...(byLine.get(r.line) ?? [])]));
    const text = `${exists ? '' : `${csvLine([...REJECTED_COLUMNS, ...names])}\n`}${lines.join('\n')}\n`;
    await writeSynced(path, text, 'a');
  }

  /** Renames the partial rejected file to its final name; returns that name, or null when no row was refused. */
  private async finishPartial(file: DropFile): Promise<string | null> {
    const path = this.partialPath(file.name);
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (!exists) return null;
    const target = await this.freeName(this.rejectedDir, `${file.name}.rejected.csv`);
    await rename(path, join(this.rejectedDir, target));
    return target;
  }

  private async rejectFile(file: DropFile, reason: RejectionReason, detail: string): Promise<void> {
    const { logger, source, handler } = this.options;
    await handler.rejectFile(file, reason, detail, this.work.signal);
    const target = await this.freeName(this.rejectedDir, file.name);
    await writeSynced(
      join(this.rejectedDir, `${target}.reason.txt`),
      `file: ${file.name}\nreason: ${reason}\ndetail: ${detail}\nsize: ${file.size}\nrejectedAt: ${new Date(this.now()).toISOString()}\n`,
      'w',
    );
    await rename(join(this.options.dir, file.name), join(this.rejectedDir, target));
    this.tracker.forget(file.name);
    await this.clearProgressIf(file.name);
    logger.warn('file refused as a whole', {
      source,
      file: file.name,
      reason,
      detail,
      movedTo: target,
    });
  }

  private async moveTo(folder: string, name: string): Promise<string> {
    const target = await this.freeName(folder, name);
    await rename(join(this.options.dir, name), join(folder, target));
    this.tracker.forget(name);
    return target;
  }

  /** The name itself when free in the folder, else one with a timestamp (and a counter). */
  private async freeName(folder: string, name: string): Promise<string> {
    const taken = (candidate: string) =>
      access(join(folder, candidate)).then(
        () => true,
        () => false,
      );
    if (!(await taken(name))) return name;
    const at = this.now();
    for (let n = 0; ; n++) {
      const candidate = timestampedName(name, at, n);
      if (!(await taken(candidate))) return candidate;
    }
  }

  private async isProcessed(hash: string): Promise<boolean> {
    return access(join(this.processedDir, hash)).then(
      () => true,
      () => false,
    );
  }

  private async markProcessed(file: DropFile): Promise<void> {
    await writeSynced(
      join(this.processedDir, file.hash),
      `${JSON.stringify({ name: file.name, size: file.size, at: new Date(this.now()).toISOString() })}\n`,
      'w',
    );
  }

  private async saveProgress(progress: FileProgress | null): Promise<void> {
    await this.options.checkpoints.save(this.options.source, encodeProgress(progress));
    this.progress = progress;
  }

  private async clearProgressIf(name: string): Promise<void> {
    if (this.progress?.name === name) {
      await rm(this.partialPath(name), { force: true });
      await this.saveProgress(null);
    }
  }
}

async function writeSynced(path: string, text: string, flag: 'a' | 'w'): Promise<void> {
  const file = await open(path, flag);
  try {
    await file.writeFile(text, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
}
