import { ConsoleLogger, type ConsoleLoggerOptions, type LogLevel } from '@nestjs/common';
import { redactSecrets } from '../../config/secret-values.js';
import { currentRequestId } from '../http/request-context.js';

type JsonLogOptions = {
  context: string;
  logLevel: LogLevel;
  writeStreamType?: 'stdout' | 'stderr';
  errorStack?: unknown;
  params?: Record<string, unknown>;
  error?: Error;
};

/**
 * Nest's JSON console logger, with the configured secrets (config/secret-values.ts) masked in
 * every record: a second line of defence behind code that never logs them (docs/security.md).
 * A line written while handling an HTTP request carries its `requestId` (X-Request-Id).
 */
export class RedactingConsoleLogger extends ConsoleLogger {
  private readonly secrets: readonly string[];

  constructor(options: ConsoleLoggerOptions, secrets: readonly string[]) {
    super({ ...options, json: true });
    this.secrets = secrets;
  }

  protected override getJsonLogObject(message: unknown, options: JsonLogOptions) {
    const requestId = currentRequestId();
    const base = super.getJsonLogObject(message, options);
    const record = requestId ? { ...base, requestId } : base;
    return this.secrets.length ? (this.redactDeep(record) as typeof record) : record;
  }

  private redactDeep(value: unknown): unknown {
    if (typeof value === 'string') return redactSecrets(value, this.secrets);
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v));
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactDeep(v)]));
    return value;
  }
}
