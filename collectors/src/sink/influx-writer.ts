import { INFLUX_RETENTION } from '@cityops/contracts';
import type { InfluxConnection } from '../config.js';
import { backoffDelay, isAbortError, sleep, type BackoffOptions } from '../lib/backoff.js';
import { chunk } from '../lib/chunk.js';
import type { Logger } from '../observability/logger.js';
import type { CollectorStats } from '../observability/stats.js';
import { toLine, type InfluxPoint } from './line-protocol.js';

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
  write(points: readonly InfluxPoint[], signal?: AbortSignal): Promise<void>;
}

export interface InfluxWriterOptions {
  retentionPolicy?: string;
  /** Lines per POST (InfluxDB recommends 5,000 to 10,000). */
  batchSize?: number;
  requestTimeoutMs?: number;
  /** Attempts per batch before giving up with InfluxUnavailableError. */
  maxAttempts?: number;
  retry?: BackoffOptions;
  logger: Logger;
  stats?: CollectorStats;
}

/** 1.x answers a partial write when points fall outside the retention policy; those points are gone by design. */
const BEYOND_RETENTION = /points beyond retention policy dropped=(\d+)/;
const MISSING_SCHEMA = /database not found|retention policy not found/;

/**
 * Writes points with a raw line-protocol POST to /write (precision=ms, rp=raw), in batches.
 * Network errors and 5xx are retried with backoff; a 4xx is logged and thrown. Writing the same
 * point twice is harmless: InfluxDB keeps one value per series and timestamp.
 */
export class InfluxWriter implements PointWriter {
  private readonly retentionPolicy: string;
  private readonly batchSize: number;
  private readonly requestTimeoutMs: number;
  private readonly maxAttempts: number;
  private readonly retry: BackoffOptions;
  private schemaReady = false;

  constructor(
    private readonly connection: InfluxConnection,
    private readonly options: InfluxWriterOptions,
  ) {
    this.retentionPolicy = options.retentionPolicy ?? INFLUX_RETENTION.raw.name;
    this.batchSize = Math.min(options.batchSize ?? 5000, 5000);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retry = options.retry ?? { initialMs: 500, maxMs: 8000 };
  }

  async write(points: readonly InfluxPoint[], signal?: AbortSignal): Promise<void> {
    const lines = points.map(toLine).filter((line): line is string => line !== null);
    for (const batch of chunk(lines, this.batchSize))
      await this.writeBatch(batch.join('\n'), batch.length, signal);
  }

  /**
   * Creates the database and the raw retention policy when missing, so the collectors can start before
   * the backend. Without admin rights this is skipped and left to whoever owns the database.
   */
  async ensureSchema(signal?: AbortSignal): Promise<void> {
    const db = this.connection.database;
    const show = await this.query(`SHOW RETENTION POLICIES ON ${quoteIdent(db)}`, signal);
    if (show.status === 401 || show.status === 403) {
      this.options.logger.warn('no rights to inspect the InfluxDB schema; assuming it exists', {
        database: db,
      });
      this.schemaReady = true;
      return;
    }
    const error = show.body.results?.[0]?.error;
    if (error && /database not found/.test(error)) {
      await this.queryOk(`CREATE DATABASE ${quoteIdent(db)}`, signal);
    } else if (error || show.status >= 300) {
      throw new InfluxUnavailableError(
        `SHOW RETENTION POLICIES failed: HTTP ${show.status} ${error ?? ''}`.trim(),
      );
    }
    const policies = error
      ? []
      : (show.body.results?.[0]?.series?.[0]?.values ?? []).map((row) => row[0]);
    if (!policies.includes(this.retentionPolicy)) {
      const { name, duration } = INFLUX_RETENTION.raw;
      const rp =
        this.retentionPolicy === name
          ? `DURATION ${duration} REPLICATION 1 DEFAULT`
          : 'DURATION INF REPLICATION 1';
      await this.queryOk(
        `CREATE RETENTION POLICY ${quoteIdent(this.retentionPolicy)} ON ${quoteIdent(db)} ${rp}`,
        signal,
      );
      this.options.logger.info('created InfluxDB retention policy', {
        database: db,
        retentionPolicy: this.retentionPolicy,
      });
    }
    this.schemaReady = true;
  }

  private async writeBatch(body: string, count: number, signal?: AbortSignal): Promise<void> {
    const { logger, stats } = this.options;
    let lastProblem = '';
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      if (signal?.aborted)
        throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
      const started = performance.now();
      try {
        if (!this.schemaReady) await this.ensureSchema(signal);
        const res = await fetch(
          this.endpoint('/write', {
            db: this.connection.database,
            rp: this.retentionPolicy,
            precision: 'ms',
          }),
          {
            method: 'POST',
            headers: { ...this.authHeader(), 'content-type': 'text/plain; charset=utf-8' },
            body,
            signal: this.requestSignal(signal),
          },
        );
        const text = res.ok ? '' : (await res.text()).slice(0, 1000);
        if (res.ok) {
          stats?.recordWrite(count, performance.now() - started);
          return;
        }
        const dropped = BEYOND_RETENTION.exec(text);
        if (res.status === 400 && dropped) {
          logger.warn('InfluxDB dropped points outside the retention policy', {
            dropped: Number(dropped[1]),
          });
          stats?.recordWrite(count - Number(dropped[1]), performance.now() - started);
          return;
        }
        if (MISSING_SCHEMA.test(text)) this.schemaReady = false;
        if (res.status < 500 && !MISSING_SCHEMA.test(text)) {
          if (stats) stats.writeErrors += 1;
          logger.error('InfluxDB refused a write; this is a bug, not an outage', {
            status: res.status,
            body: text,
            points: count,
          });
          throw new InfluxRejectedWriteError(res.status, text);
        }
        lastProblem = `HTTP ${res.status} ${text}`;
      } catch (err) {
        if (err instanceof InfluxRejectedWriteError) throw err;
        if (signal?.aborted) throw err;
        lastProblem = isAbortError(err)
          ? `no answer within ${this.requestTimeoutMs} ms`
          : describe(err);
      }
      if (stats) stats.writeErrors += 1;
      if (attempt < this.maxAttempts) {
        const delay = backoffDelay(attempt, this.retry);
        logger.warn('InfluxDB write failed, retrying', {
          attempt,
          retryInMs: delay,
          problem: lastProblem,
          points: count,
        });
        await sleep(delay, signal);
      }
    }
    throw new InfluxUnavailableError(
      `InfluxDB write failed ${this.maxAttempts} times: ${lastProblem}`,
    );
  }

  private async query(
    q: string,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: InfluxQueryResponse }> {
    const res = await fetch(this.endpoint('/query', {}), {
      method: 'POST',
      headers: { ...this.authHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ q }).toString(),
      signal: this.requestSignal(signal),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) as InfluxQueryResponse };
    } catch {
      return { status: res.status, body: { error: text.slice(0, 500) } };
    }
  }

  private async queryOk(q: string, signal?: AbortSignal): Promise<void> {
    const { status, body } = await this.query(q, signal);
    const error = body.error ?? body.results?.[0]?.error;
    if (status >= 300 || error)
      throw new InfluxUnavailableError(
        `${q.split(' ').slice(0, 3).join(' ')} failed: HTTP ${status} ${error ?? ''}`.trim(),
      );
  }

  private endpoint(path: string, params: Record<string, string>): string {
    const url = new URL(`${this.connection.url}${path}`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url.toString();
  }

  private authHeader(): Record<string, string> {
    const { username, password } = this.connection;
    if (!username) return {};
    return {
      authorization: `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`,
    };
  }

  private requestSignal(signal?: AbortSignal): AbortSignal {
    const timeout = AbortSignal.timeout(this.requestTimeoutMs);
    return signal ? AbortSignal.any([timeout, signal]) : timeout;
  }
}

interface InfluxQueryResponse {
  error?: string;
  results?: { error?: string; series?: { values?: unknown[][] }[] }[];
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}
