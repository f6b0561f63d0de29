import { join } from 'node:path';
import { INFLUX_RETENTION } from '@cityops/contracts';
import type { InfluxConnection } from '../config.js';
import { backoffDelay, sleep, type BackoffOptions } from '../lib/backoff.js';
import type { Logger } from '../observability/logger.js';
import type { CollectorStats } from '../observability/stats.js';
import { InfluxHttp, quoteIdent, type WriteOutcome } from './influx-http.js';
import { ensureInfluxSchema } from './influx-schema.js';
import { toLine, type InfluxPoint } from './line-protocol.js';
import { Notifier, abortReason } from './notifier.js';
import { DiskSpool } from './spool/disk-spool.js';
import { SpoolDrainer } from './spool/drainer.js';
import type { Precision } from './spool/record.js';

export { quoteIdent };
export type { Precision };

/** InfluxDB could not be reached or answered 5xx for every attempt; the caller keeps its cursor and retries later. */
export class InfluxUnavailableError extends Error {
  override readonly name = 'InfluxUnavailableError';
}

/** InfluxDB refused the write (4xx): a bug in what we send or in the set-up, never fixed by retrying the same request. */
export class InfluxRejectedWriteError extends Error {
  override readonly name = 'InfluxRejectedWriteError';
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`InfluxDB refused the write with HTTP ${status}: ${body}`);
  }
}

export interface PointWriter {
  /** Resolves once the points are durable: written to InfluxDB, or in the disk spool. */
  write(points: readonly InfluxPoint[], signal?: AbortSignal): Promise<void>;
  /**
   * Resolves when the writer can take another batch: a free in-flight slot and room in the spool.
   * Sources await it before fetching the next page or acknowledging more messages (backpressure).
   */
  ready?(signal?: AbortSignal): Promise<void>;
}

/** A writer that also takes ready-made line protocol (the readings' hot path, sanitation cases). */
export interface LineWriter extends PointWriter {
  /** Lines of any number; POSTed (or spooled) `maxBatchLines` at a time. */
  writeLines(lines: readonly string[], signal?: AbortSignal, precision?: Precision): Promise<void>;
  /** One batch already joined with "\n", of at most `maxBatchLines` lines. */
  writeBody(
    body: string,
    lines: number,
    signal?: AbortSignal,
    precision?: Precision,
  ): Promise<void>;
  readonly maxBatchLines: number;
}

export interface SpoolSettings {
  /** Directory of the segment files (COLLECTOR_STATE_DIR/spool). */
  dir: string;
  /** SPOOL_MAX_BYTES. */
  maxBytes: number;
  segmentBytes?: number;
}

export interface InfluxWriterOptions {
  retentionPolicy?: string;
  /** Lines per POST (InfluxDB recommends 5,000 to 10,000). */
  batchSize?: number;
  /** A write not answered within this is given up: spooled, or retried without a spool. */
  requestTimeoutMs?: number;
  /** Without a spool: attempts per batch before giving up with InfluxUnavailableError. */
  maxAttempts?: number;
  /** Without a spool: delay between attempts; with one: between replays of a spooled batch. */
  retry?: BackoffOptions;
  /** Batches written at the same time, all sources together (default 4); more wait in ready()/write(). */
  maxInFlight?: number;
  /** The disk spool; without it an outage holds the sources as before (they keep their cursors). */
  spool?: SpoolSettings | null;
  /** Share of SPOOL_MAX_BYTES above which the spool alarm is logged every minute (default 0.8). */
  spoolAlarmRatio?: number;
  logger: Logger;
  stats?: CollectorStats;
}

/** What sources and the metrics see of the writer. */
export interface SinkState {
  inFlight: number;
  maxInFlight: number;
  /** Writers waiting for a slot or for room in the spool. */
  waiting: number;
  /** ready() would resolve at once. */
  accepting: boolean;
  spool: {
    bytes: number;
    maxBytes: number;
    segments: number;
    records: number;
    points: number;
    oldestSpooledAt: number | null;
    full: boolean;
    alarm: boolean;
    /** Why the last replay failed, while the spool is not drained. */
    problem: string | null;
  } | null;
}

const DEFAULT_ALARM_RATIO = 0.8;

/**
 * The InfluxDB sink every source writes through.
 *
 * With the spool (production): a batch is POSTed to /write (precision=ms, rp=raw, at most 5,000
 * lines) when the spool is empty; when InfluxDB does not answer in time, answers 5xx or is gone, the
 * batch is appended to the disk spool instead (fsync'ed), and write() resolves: the points are
 * durable, so the caller enqueues its jobs and saves its checkpoint. While anything is spooled, new
 * batches join the end of the spool, and a drainer replays it in order once InfluxDB answers again.
 * Writes are idempotent (same series and timestamp overwrite), so a batch written twice — a timeout
 * whose write did land, a replay after a crash — is harmless.
 *
 * Backpressure: at most `maxInFlight` batches are in flight; when the spool is full, writers wait
 * for the drainer to free room instead of dropping anything. Sources await ready() before they fetch
 * or acknowledge more, so memory stays bounded however slow InfluxDB is.
 *
 * A 4xx (a bad line, a field-type conflict, wrong credentials) is a bug, not an outage: it is logged
 * and thrown (InfluxRejectedWriteError) so the source stops at that batch, loudly, losing nothing.
 */
export class InfluxWriter implements LineWriter {
  private readonly http: InfluxHttp;
  private readonly batchSize: number;
  private readonly requestTimeoutMs: number;
  private readonly maxAttempts: number;
  private readonly retry: BackoffOptions;
  private readonly maxInFlight: number;
  private readonly alarmRatio: number;
  private readonly changed = new Notifier();
  private inFlight = 0;
  private waiting = 0;
  private schemaReady = false;
  private schemaPending: Promise<void> | null = null;
  private spool: DiskSpool | null = null;
  private drainer: SpoolDrainer | null = null;
  private readonly opening: Promise<void>;
  private openError: Error | null = null;
  private alarmTimer: NodeJS.Timeout | null = null;
  private lastAlarmAt = 0;
  private spoolingSince: number | null = null;
  private closed = false;

  constructor(
    connection: InfluxConnection,
    private readonly options: InfluxWriterOptions,
  ) {
    this.http = new InfluxHttp(
      connection,
      options.retentionPolicy ?? INFLUX_RETENTION.raw.name,
      (options.maxInFlight ?? 4) + 4,
    );
    this.batchSize = Math.min(options.batchSize ?? 5000, 5000);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retry = options.retry ?? { initialMs: 500, maxMs: 8000 };
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 4);
    this.alarmRatio = options.spoolAlarmRatio ?? DEFAULT_ALARM_RATIO;
    this.opening = options.spool ? this.openSpool(options.spool) : Promise.resolve();
    this.opening.catch((err: unknown) => {
      this.openError = err instanceof Error ? err : new Error(String(err));
      options.logger.error('cannot open the disk spool; writes will fail until it is fixed', {
        dir: options.spool?.dir,
        err,
      });
    });
    options.stats?.attachSink(() => this.state());
  }

  /** Resolves when the spool (if any) is open and recovered; rejects when it cannot be opened. */
  async opened(): Promise<void> {
    await this.opening;
  }

  async write(points: readonly InfluxPoint[], signal?: AbortSignal): Promise<void> {
    const lines: string[] = [];
    for (const point of points) {
      const line = toLine(point);
      if (line !== null) lines.push(line);
    }
    await this.writeLines(lines, signal);
  }

  get maxBatchLines(): number {
    return this.batchSize;
  }

  async writeLines(
    lines: readonly string[],
    signal?: AbortSignal,
    precision: Precision = 'ms',
  ): Promise<void> {
    await this.opening;
    for (let i = 0; i < lines.length; i += this.batchSize) {
      const part = lines.length <= this.batchSize ? lines : lines.slice(i, i + this.batchSize);
      await this.writeBatch(part.join('\n'), part.length, precision, signal);
    }
  }

  async writeBody(
    body: string,
    lines: number,
    signal?: AbortSignal,
    precision: Precision = 'ms',
  ): Promise<void> {
    if (lines > this.batchSize)
      throw new RangeError(`a body of ${lines} lines exceeds the batch size ${this.batchSize}`);
    await this.opening;
    if (lines > 0) await this.writeBatch(body, lines, precision, signal);
  }

  async ready(signal?: AbortSignal): Promise<void> {
    while (!this.accepting()) await this.changed.wait(signal);
  }

  state(): SinkState {
    const spool = this.spool;
    return {
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      waiting: this.waiting,
      accepting: this.accepting(),
      spool: spool
        ? {
            bytes: spool.bytes,
            maxBytes: spool.maxBytes,
            segments: spool.segmentCount,
            records: spool.pendingRecords,
            points: spool.pendingPoints,
            oldestSpooledAt: spool.oldestSpooledAt,
            full: spool.full,
            alarm: spool.bytes >= spool.maxBytes * this.alarmRatio,
            problem: spool.pendingRecords > 0 ? (this.drainer?.lastProblem ?? null) : null,
          }
        : null,
    };
  }

  /** Resolves once the spool holds nothing to replay (or at once without a spool); for tests and the benchmark. */
  async drained(signal?: AbortSignal): Promise<void> {
    await this.opening;
    const spool = this.spool;
    if (!spool) return;
    while (spool.pendingRecords > 0) {
      if (signal?.aborted) throw abortReason(signal);
      await sleep(50, signal);
    }
  }

  /** GET /ping, for the health endpoint. */
  ping(timeoutMs = 2000): Promise<boolean> {
    return this.http.ping(timeoutMs);
  }

  /**
   * Creates the database, the raw and rollup_5m retention policies and the rollup continuous queries
   * when missing, so the collectors can start before the backend. Without admin rights this is
   * skipped and left to whoever owns the database.
   */
  async ensureSchema(signal?: AbortSignal): Promise<void> {
    if (this.schemaReady) return;
    this.schemaPending ??= ensureInfluxSchema(this.http, this.options.logger, signal)
      .then(() => {
        this.schemaReady = true;
      })
      .finally(() => {
        this.schemaPending = null;
      });
    await this.schemaPending;
  }

  /** Stops the drainer (what is spooled stays on disk for the next start) and closes connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.alarmTimer) clearInterval(this.alarmTimer);
    await this.opening.catch(() => undefined);
    await this.drainer?.stop();
    await this.spool?.close();
    this.http.close();
    this.changed.notify();
  }

  private accepting(): boolean {
    return this.inFlight < this.maxInFlight && !(this.spool?.full ?? false);
  }

  private async writeBatch(
    body: string,
    count: number,
    precision: Precision,
    signal?: AbortSignal,
  ): Promise<void> {
    if (this.openError) throw this.openError;
    await this.acquireSlot(signal);
    try {
      const spool = this.spool;
      if (!spool) {
        await this.writeWithRetries(body, count, precision, signal);
        return;
      }
      if (spool.pendingRecords === 0) {
        const outcome = await this.writeOnce(body, precision, signal);
        if (this.accepted(outcome, count, 'direct')) return;
        this.startSpooling(outcome);
      }
      this.waiting += 1;
      try {
        await spool.appendWhenRoom(body, count, precision, signal);
      } finally {
        this.waiting -= 1;
      }
      this.options.stats?.recordSpooled(count);
    } finally {
      this.releaseSlot();
    }
  }

  /** Without a spool: retry network errors and 5xx with backoff, then give up (the source keeps its cursor). */
  private async writeWithRetries(
    body: string,
    count: number,
    precision: Precision,
    signal?: AbortSignal,
  ): Promise<void> {
    let problem = '';
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      if (signal?.aborted)
        throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
      const outcome = await this.writeOnce(body, precision, signal);
      if (this.accepted(outcome, count, 'direct')) return;
      problem = describeOutcome(outcome);
      if (attempt < this.maxAttempts) {
        const delay = backoffDelay(attempt, this.retry);
        this.options.logger.warn('InfluxDB write failed, retrying', {
          attempt,
          retryInMs: delay,
          problem,
          points: count,
        });
        await sleep(delay, signal);
      }
    }
    throw new InfluxUnavailableError(`InfluxDB write failed ${this.maxAttempts} times: ${problem}`);
  }

  private async writeOnce(
    body: string,
    precision: Precision,
    signal?: AbortSignal,
  ): Promise<WriteOutcome> {
    if (!this.schemaReady) {
      try {
        await this.ensureSchema(signal);
      } catch (err) {
        if (signal?.aborted) throw err;
        return { kind: 'unavailable', problem: describeError(err), ms: 0 };
      }
    }
    const outcome = await this.http.write(body, this.requestTimeoutMs, signal, precision);
    if (outcome.kind === 'missing_schema') this.schemaReady = false;
    return outcome;
  }

  /** Records a good write; throws on a 4xx; false for anything to try again or to spool. */
  private accepted(outcome: WriteOutcome, count: number, path: 'direct' | 'spool'): boolean {
    const { logger, stats } = this.options;
    if (outcome.kind === 'written') {
      if (outcome.droppedBeyondRetention > 0)
        logger.warn('InfluxDB dropped points outside the retention policy', {
          dropped: outcome.droppedBeyondRetention,
        });
      stats?.recordWrite(count - outcome.droppedBeyondRetention, outcome.ms, path);
      return true;
    }
    if (stats) stats.writeErrors += 1;
    if (outcome.kind === 'rejected') {
      logger.error('InfluxDB refused a write; this is a bug, not an outage', {
        status: outcome.status,
        body: outcome.body,
        points: count,
      });
      throw new InfluxRejectedWriteError(outcome.status, outcome.body);
    }
    return false;
  }

  private startSpooling(outcome: WriteOutcome): void {
    if (this.spoolingSince !== null) return;
    this.spoolingSince = Date.now();
    this.options.logger.warn('InfluxDB does not take writes; spooling batches to disk', {
      problem: describeOutcome(outcome),
    });
  }

  private async acquireSlot(signal?: AbortSignal): Promise<void> {
    if (this.inFlight >= this.maxInFlight) {
      this.waiting += 1;
      try {
        while (this.inFlight >= this.maxInFlight) await this.changed.wait(signal);
      } finally {
        this.waiting -= 1;
      }
    }
    this.inFlight += 1;
  }

  private releaseSlot(): void {
    this.inFlight -= 1;
    this.changed.notify();
  }

  private async openSpool(settings: SpoolSettings): Promise<void> {
    const { logger, stats } = this.options;
    const { spool, recovery } = await DiskSpool.open(settings.dir, {
      maxBytes: settings.maxBytes,
      ...(settings.segmentBytes ? { segmentBytes: settings.segmentBytes } : {}),
      logger,
    });
    this.spool = spool;
    if (recovery.records > 0 || recovery.droppedBytes > 0) {
      logger.info('disk spool holds batches from before; replaying them', {
        dir: settings.dir,
        ...recovery,
      });
      this.spoolingSince = Date.now();
    }
    if (recovery.droppedBytes > 0) stats?.recordSpoolDropped(recovery.droppedBytes);
    spool.freed.on(() => this.changed.notify());
    this.drainer = new SpoolDrainer(
      spool,
      {
        write: (body, precision, signal) =>
          this.http.write(body, this.requestTimeoutMs, signal, precision),
        ensureSchema: (signal) => this.ensureSchema(signal),
      },
      {
        retry: { initialMs: 250, maxMs: Math.max(this.retry.maxMs, 250) },
        logger,
        rejectedDir: join(settings.dir, 'rejected'),
        events: {
          written: (points, ms) => stats?.recordWrite(points, ms, 'spool'),
          failed: () => {
            if (stats) stats.writeErrors += 1;
          },
          deadLettered: (points) => stats?.recordSpoolRejected(points),
          drained: (records, ms) => {
            if (spool.pendingRecords > 0) return;
            logger.info('disk spool drained; writing to InfluxDB directly again', {
              records,
              drainMs: Math.round(ms),
              spooledForMs: this.spoolingSince === null ? null : Date.now() - this.spoolingSince,
            });
            this.spoolingSince = null;
          },
        },
      },
    );
    this.drainer.start();
    this.alarmTimer = setInterval(() => this.checkAlarm(), 5000);
    this.alarmTimer.unref();
  }

  /** Logs the spool alarm at most once a minute while the spool is over the alarm ratio. */
  private checkAlarm(now = Date.now()): void {
    if (now - this.lastAlarmAt < SPOOL_ALARM_EVERY_MS) return;
    const alarm = spoolAlarm(this.state().spool, this.alarmRatio, now);
    if (!alarm) return;
    this.lastAlarmAt = now;
    this.options.logger.error(alarm.msg, alarm.fields);
  }
}

export const SPOOL_ALARM_EVERY_MS = 60_000;

/** The alarm to log for the spool's state, or null while it is below the alarm ratio (pure). */
export function spoolAlarm(
  state: SinkState['spool'],
  ratio: number,
  now: number,
): { msg: string; fields: Record<string, unknown> } | null {
  if (!state || state.bytes < state.maxBytes * ratio) return null;
  return {
    msg: state.full
      ? 'ALARM: disk spool is full; sources are held back until InfluxDB takes writes again'
      : `ALARM: disk spool is over ${Math.round(ratio * 100)}% full`,
    fields: {
      bytes: state.bytes,
      maxBytes: state.maxBytes,
      usedPct: Math.round((state.bytes / state.maxBytes) * 1000) / 10,
      records: state.records,
      points: state.points,
      oldestAgeS:
        state.oldestSpooledAt === null ? null : Math.round((now - state.oldestSpooledAt) / 1000),
      problem: state.problem,
    },
  };
}

function describeOutcome(outcome: WriteOutcome): string {
  switch (outcome.kind) {
    case 'written':
      return 'written';
    case 'rejected':
      return `HTTP ${outcome.status} ${outcome.body}`;
    case 'missing_schema':
    case 'unavailable':
      return outcome.problem;
  }
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `${code}: ${err.message}` : err.message;
}
