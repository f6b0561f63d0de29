import type { INestApplication } from '@nestjs/common';
import type { Role } from '@cityops/contracts';
import { createApiApp } from '../../../src/bootstrap.js';
import { DATABASE, type Database } from '../../../src/infra/database/database.js';
import { signToken } from '../../../src/modules/auth/access-token.js';
import { ApiClient } from '../../integration/support/api-client.js';
import { TestEnv, portOf } from '../../integration/support/test-env.js';

export const HOSTILE_SECRET = 'hostile-corpus-secret-that-is-long-enough-to-pass';

/** One answer, read whatever it is: status, raw text, the JSON it parses to (or undefined). */
export interface RawAnswer {
  status: number;
  text: string;
  json: unknown;
  contentType: string;
}

export interface SendOptions {
  body?: string | Uint8Array;
  contentType?: string;
  token?: string | null;
  headers?: Record<string, string>;
}

/**
 * One real backend (API with its workers) on this file's own slice of Redis, InfluxDB and
 * PostgreSQL, as the integration tests start it. Requests go out raw (bytes, any content type),
 * since the corpus is mostly what a well-behaved client would never send.
 */
export class HostileBackend {
  private sessions = 0;

  private constructor(
    readonly env: TestEnv,
    readonly app: INestApplication,
    readonly baseUrl: string,
  ) {}

  static async start(extraEnv: Record<string, string> = {}): Promise<HostileBackend> {
    const env = await TestEnv.create('postgres');
    const app = await createApiApp(
      env.config({ AUTH_SECRET: HOSTILE_SECRET, LOG_LEVEL: 'error', ...extraEnv }),
    );
    await app.listen(0, '127.0.0.1');
    return new HostileBackend(env, app, `http://127.0.0.1:${portOf(app.getHttpServer())}`);
  }

  get db(): Database {
    return this.app.get<Database>(DATABASE);
  }

  /**
   * An access token for `username` in a session of its own (sessions are checked only for
   * revocation): a hostile call to logout ends only that one.
   */
  token(role: Role = 'admin', username = role === 'admin' ? 'admin' : `${role}-hostile`): string {
    const now = Math.floor(Date.now() / 1000);
    this.sessions += 1;
    return signToken(
      { sid: `hostile-${this.sessions}`, sub: username, role, iat: now, exp: now + 3600 },
      HOSTILE_SECRET,
    );
  }

  /** The typed JSON client of the integration tests, signed in as `role`. */
  client(role: Role = 'admin'): ApiClient {
    const client = ApiClient.of(this.app);
    client.token = this.token(role);
    return client;
  }

  async send(method: string, path: string, options: SendOptions = {}): Promise<RawAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined && options.contentType)
      headers['content-type'] = options.contentType;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body,
      redirect: 'manual',
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      text,
      json,
      contentType: response.headers.get('content-type') ?? '',
    };
  }

  /** GET /api/health/ready: the process and its services still answer. */
  async ready(): Promise<number> {
    return (await this.send('GET', '/api/health/ready')).status;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.env?.dispose();
  }
}

/**
 * JSON text of any value, also one nested deeper than JSON.stringify's recursion allows (the
 * corpus's depth-5000 arrays): those are written without recursion.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === 'object' && item !== null && RAW.has(item)) {
      out.push((item as { raw: string }).raw);
    } else if (Array.isArray(item)) {
      out.push('[');
      stack.push(raw(']'));
      item
        .slice()
        .reverse()
        .forEach((element, i) => {
          stack.push(element);
          if (i < item.length - 1) stack.push(raw(','));
        });
    } else if (typeof item === 'object' && item !== null) {
      const entries = Object.entries(item);
      out.push('{');
      stack.push(raw('}'));
      entries.reverse().forEach(([key, inner], i) => {
        stack.push(inner);
        stack.push(raw(`${JSON.stringify(key)}:`));
        if (i < entries.length - 1) stack.push(raw(','));
      });
    } else out.push(JSON.stringify(item) ?? 'null');
  }
  return out.join('');
}

const RAW = new WeakSet<object>();
function raw(text: string): { raw: string } {
  const marker = { raw: text };
  RAW.add(marker);
  return marker;
}
