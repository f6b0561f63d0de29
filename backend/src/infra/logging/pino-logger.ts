import type { LogLevel, LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { redactSecrets } from '../../config/secret-values.js';
import { currentRequestId } from '../http/request-context.js';

/** Which process wrote a line (the `service` field). */
export type LogService = 'api' | 'worker';

/** Nest's levels as pino names them: `log` is info, `verbose` is trace. */
export const PINO_LEVELS: Record<LogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export interface PinoLoggerOptions {
  /** The most detailed Nest level written (LOG_LEVEL): `log` writes fatal to info. */
  level: LogLevel;
  service: LogService;
  /** Configured secret values (config/secret-values.ts): masked wherever they appear in a line. */
  secrets: readonly string[];
  /** Where lines go; stdout (synchronously, so nothing is lost at exit) unless given. */
  destination?: DestinationStream;
}

type Fields = Record<string, unknown>;

/** A stack trace as Nest passes it to error(): text with "at file:line:column" lines. */
const isStack = (value: unknown): value is string =>
  typeof value === 'string' && /\n[ \t]+at .+:\d+:\d+/.test(value);

const isPlainObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Nest's LoggerService over pino: one JSON line per entry,
 * `{"level":"info","time":"…","pid":…,"service":"api","context":"…","msg":"…"}`, plus `requestId`
 * while handling an HTTP request (request-context.ts), `err` for an Error and `stack` for the stack
 * Nest hands to error(). The configured secrets are masked in the finished line, whatever field
 * carries them: a second line of defence behind code that never logs them (docs/security.md).
 */
export class PinoLogger implements LoggerService {
  private readonly logger: Logger;

  constructor(options: PinoLoggerOptions) {
    const masks = maskedForms(options.secrets);
    this.logger = pino(
      {
        level: PINO_LEVELS[options.level],
        base: { pid: process.pid, service: options.service },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        serializers: { err: pino.stdSerializers.err },
        mixin: () => {
          const requestId = currentRequestId();
          return requestId ? { requestId } : {};
        },
        hooks: masks.length ? { streamWrite: (line) => redactSecrets(line, masks) } : {},
      },
      options.destination ?? pino.destination({ dest: 1, sync: true }),
    );
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params, false);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params, false);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params, false);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params, false);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, true);
  }

  /** Nest passes the enabled levels; pino keeps the most detailed of them as its threshold. */
  setLogLevels(levels: LogLevel[]): void {
    const order: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const lowest = order.find((level) => levels.includes(level));
    this.logger.level = lowest ? PINO_LEVELS[lowest] : 'silent';
  }

  /**
   * Nest's calling convention: `(message, ...params, context?)`, the context being a trailing
   * string; error() and fatal() may carry a stack string before it. Other strings and numbers join
   * the message, plain objects become fields, an Error becomes `err`.
   */
  private write(level: Level, message: unknown, params: unknown[], withStack: boolean): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const rest = [...params];
    const fields: Fields = {};
    const last = rest.at(-1);
    if (typeof last === 'string' && !isStack(last)) {
      fields.context = last;
      rest.pop();
    }
    const texts: string[] = [];
    const add = (value: unknown) => {
      if (value === undefined) return;
      if (value instanceof Error) fields.err = value;
      else if (withStack && isStack(value)) fields.stack = value;
      else if (isPlainObject(value)) mergeFields(fields, value);
      else texts.push(typeof value === 'string' ? value : String(value));
    };
    if (message instanceof Error) {
      fields.err = message;
      texts.push(message.message);
    } else if (isPlainObject(message)) {
      mergeFields(fields, message);
    } else {
      add(message);
    }
    rest.forEach(add);
    this.logger[level](fields, texts.join(' '));
  }
}

/** Fields the logger writes itself: a caller's object may not overwrite or repeat them. */
const RESERVED = new Set(['level', 'time', 'pid', 'service', 'msg', 'context', 'requestId']);

function mergeFields(fields: Fields, extra: Fields): void {
  for (const [key, value] of Object.entries(extra)) if (!RESERVED.has(key)) fields[key] = value;
}

/**
 * The spellings a secret takes in a JSON line: as written, and with the escapes JSON.stringify
 * adds for quotes, backslashes and control characters. Longest first, so that no shorter secret
 * masks part of a longer one first.
 */
function maskedForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}
