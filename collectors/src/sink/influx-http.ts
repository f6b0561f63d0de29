import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { InfluxConnection } from '../config.js';
import type { Precision } from './spool/record.js';

/** What became of one POST /write. */
export type WriteOutcome =
  | { kind: 'written'; ms: number; droppedBeyondRetention: number }
  /** 4xx other than a missing database: a bug in what we send, a field-type conflict or bad credentials. */
  | { kind: 'rejected'; status: number; body: string; ms: number }
  /** The database or retention policy is missing (created again by ensureSchema). */
  | { kind: 'missing_schema'; problem: string; ms: number }
  /** No answer, a network error, a timeout or a 5xx: try again later. */
  | { kind: 'unavailable'; problem: string; ms: number };

export interface InfluxQueryResponse {
  error?: string;
  results?: {
    error?: string;
    series?: { name?: string; columns?: string[]; values?: unknown[][] }[];
  }[];
}

/** 1.x answers a partial write when points fall outside the retention policy; those points are gone by design. */
const BEYOND_RETENTION = /points beyond retention policy dropped=(\d+)/;
const MISSING_SCHEMA = /database not found|retention policy not found/;

/** Classifies an answer to POST /write (pure; unit-tested). */
export function classifyWriteAnswer(status: number, body: string, ms: number): WriteOutcome {
  if (status >= 200 && status < 300) return { kind: 'written', ms, droppedBeyondRetention: 0 };
  const dropped = BEYOND_RETENTION.exec(body);
  if (status === 400 && dropped)
    return { kind: 'written', ms, droppedBeyondRetention: Number(dropped[1]) };
  if (MISSING_SCHEMA.test(body)) return { kind: 'missing_schema', problem: body, ms };
  if (status >= 500 || status === 408 || status === 429)
    return { kind: 'unavailable', problem: `HTTP ${status} ${body}`.trim(), ms };
  return { kind: 'rejected', status, body, ms };
}

/**
 * The InfluxDB 1.x HTTP API, on node:http with keep-alive (about half the CPU per request of fetch,
 * which matters at 100k+ points/s). Never throws for an unreachable server: a write answers
 * `unavailable` and the caller decides between retrying and spooling.
 */
export class InfluxHttp {
  private readonly base: URL;
  private readonly agent: HttpAgent;
  private readonly request: typeof httpRequest;
  private readonly authorization: string | undefined;

  constructor(
    private readonly connection: InfluxConnection,
    readonly retentionPolicy: string,
    maxSockets = 16,
  ) {
    this.base = new URL(connection.url.endsWith('/') ? connection.url : `${connection.url}/`);
    const https = this.base.protocol === 'https:';
    this.agent = https
      ? new HttpsAgent({ keepAlive: true, maxSockets })
      : new HttpAgent({ keepAlive: true, maxSockets });
    this.request = https ? httpsRequest : httpRequest;
    const { username, password } = connection;
    this.authorization = username
      ? `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`
      : undefined;
  }

  get database(): string {
    return this.connection.database;
  }

  /** POST /write?db=&rp=&precision= with a line-protocol body. */
  async write(
    body: string | Buffer,
    timeoutMs: number,
    signal?: AbortSignal,
    precision: Precision = 'ms',
  ): Promise<WriteOutcome> {
    const params = new URLSearchParams({
      db: this.connection.database,
      rp: this.retentionPolicy,
      precision,
    });
    const started = performance.now();
    try {
      const res = await this.send(
        'write',
        params,
        body,
        'text/plain; charset=utf-8',
        timeoutMs,
        signal,
      );
      return classifyWriteAnswer(res.status, res.body.slice(0, 1000), performance.now() - started);
    } catch (err) {
      if (signal?.aborted) throw err;
      return {
        kind: 'unavailable',
        problem: describe(err, timeoutMs),
        ms: performance.now() - started,
      };
    }
  }

  /** POST /query; throws on network errors and timeouts. */
  async query(
    q: string,
    timeoutMs = 10_000,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: InfluxQueryResponse }> {
    const res = await this.send(
      'query',
      new URLSearchParams({ db: this.connection.database }),
      new URLSearchParams({ q }).toString(),
      'application/x-www-form-urlencoded',
      timeoutMs,
      signal,
    );
    try {
      return { status: res.status, body: JSON.parse(res.body) as InfluxQueryResponse };
    } catch {
      return { status: res.status, body: { error: res.body.slice(0, 500) } };
    }
  }

  /** GET /ping answers 204 when InfluxDB is up. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    try {
      const res = await this.send('ping', new URLSearchParams(), null, undefined, timeoutMs);
      return res.status === 204;
    } catch {
      return false;
    }
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * One request. A kept-alive socket the server closed meanwhile fails at once with ECONNRESET or
   * EPIPE; such a request is sent again once on a fresh socket (as Node's http docs advise), so an
   * idle connection dropped by InfluxDB or a proxy does not send a batch to the spool.
   */
  private async send(
    path: string,
    params: URLSearchParams,
    body: string | Buffer | null,
    contentType: string | undefined,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: string }> {
    try {
      return await this.sendOnce(path, params, body, contentType, timeoutMs, signal);
    } catch (err) {
      if (!(err instanceof StaleSocketError)) throw err;
      return this.sendOnce(path, params, body, contentType, timeoutMs, signal);
    }
  }

  private sendOnce(
    path: string,
    params: URLSearchParams,
    body: string | Buffer | null,
    contentType: string | undefined,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: string }> {
    const url = new URL(path, this.base);
    url.search = params.toString();
    const headers: Record<string, string | number> = {};
    if (this.authorization) headers.authorization = this.authorization;
    if (contentType) headers['content-type'] = contentType;
    if (body !== null)
      headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        return;
      }
      const req = this.request(url, {
        method: body === null ? 'GET' : 'POST',
        headers,
        agent: this.agent,
      });
      const timer = setTimeout(() => req.destroy(new TimeoutError(timeoutMs)), timeoutMs);
      const onAbort = () =>
        req.destroy(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      let answered = false;
      req.on('error', (err) => {
        done();
        const code = (err as NodeJS.ErrnoException).code;
        if (!answered && req.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE'))
          reject(new StaleSocketError(err.message));
        else reject(err);
      });
      req.on('response', (res: IncomingMessage) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => {
          done();
          reject(err);
        });
        res.on('end', () => {
          done();
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      req.end(body ?? undefined);
    });
  }
}

class StaleSocketError extends Error {
  override readonly name = 'StaleSocketError';
}

class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

function describe(err: unknown, timeoutMs: number): string {
  if (err instanceof TimeoutError) return `no answer within ${timeoutMs} ms`;
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `${code}: ${err.message}` : err.message;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
