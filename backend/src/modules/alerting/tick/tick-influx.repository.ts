import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { type InfluxAnswer, InfluxQueryError, mergeChunks } from './influxql.js';

/**
 * Statements of one tick in flight at once. InfluxDB runs each mostly on one core; one more than
 * the 2 cores of the machine of docs/performance.md keeps it busy while this process parses an
 * answer (2 → 3: about 15 % less time per tick at 100,000 assets).
 */
export const INFLUX_CONCURRENCY = 3;
const TIMEOUT_MS = 60_000;
/** Rows per chunk of an answer (answers are chunked: no `max-row-limit` cuts them short). */
const CHUNK_ROWS = 20_000;

/**
 * InfluxQL over HTTP for the tick path: times as epoch ms, answers chunked (and merged here), every
 * statement of a tick sent with bounded concurrency, each answer handed to the caller as soon as it
 * is parsed (so the next one is already being computed by InfluxDB while this process folds the
 * previous one in).
 */
@Injectable()
export class TickInfluxRepository {
  private readonly endpoint: URL;
  private readonly headers: Record<string, string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.endpoint = new URL('/query', config.influx.url);
    this.endpoint.searchParams.set('db', config.influx.database);
    this.endpoint.searchParams.set('epoch', 'ms');
    this.endpoint.searchParams.set('chunked', 'true');
    this.endpoint.searchParams.set('chunk_size', String(CHUNK_ROWS));
    this.headers = { 'content-type': 'application/x-www-form-urlencoded' };
    if (config.influx.username) {
      const credentials = `${config.influx.username}:${config.influx.password ?? ''}`;
      this.headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
  }

  /** Runs every statement (at most INFLUX_CONCURRENCY at a time); `each` gets each answer with its index. */
  async each(
    statements: readonly string[],
    each: (answer: InfluxAnswer, index: number) => void,
    concurrency = INFLUX_CONCURRENCY,
  ): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < statements.length) {
        const index = next++;
        each(await this.query(statements[index]!), index);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, statements.length) }, worker));
  }

  async query(statement: string): Promise<InfluxAnswer> {
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: this.headers,
      body: new URLSearchParams({ q: statement }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    let answer: InfluxAnswer;
    try {
      answer = mergeChunks(text);
    } catch {
      throw new InfluxQueryError(`InfluxDB answered ${response.status}: ${text.slice(0, 200)}`);
    }
    if (!response.ok && !answer.error)
      throw new InfluxQueryError(`InfluxDB answered ${response.status}`);
    return answer;
  }
}
