import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backoffDelay, sleep, type BackoffOptions } from '../../lib/backoff.js';
import type { Logger } from '../../observability/logger.js';
import type { WriteOutcome } from '../influx-http.js';
import { SpoolCorruptRecordError, segmentFileName, type DiskSpool } from './disk-spool.js';
import type { Precision } from './record.js';

export interface DrainTarget {
  write(body: Buffer, precision: Precision, signal: AbortSignal): Promise<WriteOutcome>;
  /** Called before the first write and after InfluxDB reported a missing database or policy. */
  ensureSchema(signal: AbortSignal): Promise<void>;
}

export interface DrainerEvents {
  written(points: number, ms: number, droppedBeyondRetention: number): void;
  failed(problem: string): void;
  deadLettered(points: number): void;
  drained(records: number, ms: number): void;
}

export interface SpoolDrainerOptions {
  retry: BackoffOptions;
  logger: Logger;
  events?: Partial<DrainerEvents>;
  /** Where records InfluxDB refused as malformed (HTTP 400) are kept for an operator. */
  rejectedDir: string;
}

/**
 * Replays the spool into InfluxDB, one record at a time and in order, acknowledging each record only
 * once InfluxDB answered 2xx (so its segment can go). While InfluxDB does not answer it retries the
 * same record with backoff. A record InfluxDB refuses as malformed (400) would block the spool for
 * ever: it is moved to `rejected/` beside the spool with an error log, and the drain goes on.
 */
export class SpoolDrainer {
  private readonly stopping = new AbortController();
  private running: Promise<void> | null = null;
  private failures = 0;
  private schemaReady = false;
  private problem: string | null = null;
  private busySince: number | null = null;
  private drainedRecords = 0;

  constructor(
    private readonly spool: DiskSpool,
    private readonly target: DrainTarget,
    private readonly options: SpoolDrainerOptions,
  ) {}

  /** The last reason a replay failed while the spool is not drained; null when it is draining fine. */
  get lastProblem(): string | null {
    return this.problem;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Stops after the record in hand (an unfinished write is abandoned and replayed on the next start). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        const ref = this.spool.head();
        if (!ref) {
          this.finishBusyPeriod();
          await this.spool.appended.wait(signal);
          continue;
        }
        this.busySince ??= performance.now();
        await this.replay(ref, signal);
      } catch (err) {
        if (signal.aborted) break;
        this.fail(err instanceof Error ? err.message : String(err));
        await sleep(backoffDelay(this.failures, this.options.retry), signal);
      }
    }
  }

  private async replay(ref: NonNullable<ReturnType<DiskSpool['head']>>, signal: AbortSignal) {
    const { logger, events } = this.options;
    let body: Buffer;
    try {
      body = await this.spool.read(ref);
    } catch (err) {
      if (!(err instanceof SpoolCorruptRecordError)) throw err;
      logger.error('spool: a record no longer checks out on disk; skipping it', {
        problem: err.message,
        points: ref.points,
      });
      events?.deadLettered?.(ref.points);
      await this.spool.ack(ref);
      return;
    }
    if (!this.schemaReady) {
      await this.target.ensureSchema(signal);
      this.schemaReady = true;
    }
    const outcome = await this.target.write(body, ref.precision, signal);
    switch (outcome.kind) {
      case 'written':
        events?.written?.(
          ref.points - outcome.droppedBeyondRetention,
          outcome.ms,
          outcome.droppedBeyondRetention,
        );
        if (outcome.droppedBeyondRetention > 0)
          logger.warn('InfluxDB dropped spooled points outside the retention policy', {
            dropped: outcome.droppedBeyondRetention,
          });
        await this.spool.ack(ref);
        this.drainedRecords += 1;
        if (this.failures > 0)
          logger.info('InfluxDB answers again; replaying the spool', {
            afterFailures: this.failures,
            pendingRecords: this.spool.pendingRecords,
          });
        this.failures = 0;
        this.problem = null;
        return;
      case 'rejected':
        if (outcome.status === 400) {
          const file = await this.keepRejected(ref.segment, ref.offset, body);
          logger.error('InfluxDB refused a spooled batch as malformed; kept it aside and went on', {
            status: outcome.status,
            body: outcome.body,
            points: ref.points,
            file,
          });
          events?.deadLettered?.(ref.points);
          await this.spool.ack(ref);
          return;
        }
        this.fail(`HTTP ${outcome.status} ${outcome.body}`, 'error');
        break;
      case 'missing_schema':
        this.schemaReady = false;
        this.fail(outcome.problem);
        break;
      case 'unavailable':
        this.fail(outcome.problem);
        break;
    }
    await sleep(backoffDelay(this.failures, this.options.retry), signal);
  }

  private fail(problem: string, level: 'warn' | 'error' = 'warn'): void {
    this.failures += 1;
    this.problem = problem;
    this.options.events?.failed?.(problem);
    // The first failure and then every 20th: an hour-long outage should not flood the log.
    if (this.failures === 1 || this.failures % 20 === 0)
      this.options.logger[level]('spool replay failed; retrying', {
        attempt: this.failures,
        problem,
        pendingRecords: this.spool.pendingRecords,
        pendingPoints: this.spool.pendingPoints,
      });
  }

  private finishBusyPeriod(): void {
    if (this.busySince === null) return;
    const ms = performance.now() - this.busySince;
    this.options.events?.drained?.(this.drainedRecords, ms);
    this.busySince = null;
    this.drainedRecords = 0;
  }

  private async keepRejected(segment: number, offset: number, body: Buffer): Promise<string> {
    await mkdir(this.options.rejectedDir, { recursive: true });
    const file = join(
      this.options.rejectedDir,
      `${new Date().toISOString().replace(/[:.]/g, '-')}-${segmentFileName(segment)}-${offset}.lp`,
    );
    await writeFile(file, body);
    return file;
  }
}
