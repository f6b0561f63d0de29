import { ConsoleLogger, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { secretValuesOf } from '../../config/secret-values.js';
import { requestContext } from '../http/request-context.js';
import { PinoLogger, type PinoLoggerOptions } from './pino-logger.js';

/** A logger writing into an array of parsed lines (and the raw text, for the secret search). */
function capture(options: Partial<PinoLoggerOptions> = {}) {
  const raw: string[] = [];
  const logger = new PinoLogger({
    level: 'log',
    service: 'api',
    secrets: [],
    destination: { write: (line: string) => void raw.push(line) },
    ...options,
  });
  const lines = () => raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, raw, lines };
}

/** Runs fn inside the request context the HTTP middleware opens for a request with this id. */
function insideRequest(requestId: string, fn: () => void): void {
  const headers = { 'x-request-id': requestId };
  const res = { setHeader: () => undefined } as unknown as Response;
  requestContext()({ headers } as unknown as Request, res, fn as NextFunction);
}

describe('PinoLogger', () => {
  afterEach(() => Logger.overrideLogger(new ConsoleLogger()));

  it('writes one JSON line per entry with level, time, pid, service, context and msg', () => {
    const { logger, raw, lines } = capture({ service: 'worker' });
    logger.log('worker started, consuming telemetry', 'Worker');
    expect(raw).toHaveLength(1);
    expect(raw[0]!.endsWith('\n')).toBe(true);
    const [line] = lines();
    expect(line).toMatchObject({
      level: 'info',
      pid: process.pid,
      service: 'worker',
      context: 'Worker',
      msg: 'worker started, consuming telemetry',
    });
    expect(Date.parse(String(line!.time))).toBeGreaterThan(Date.now() - 60_000);
    expect(line).not.toHaveProperty('requestId');
    expect(line).not.toHaveProperty('hostname');
  });

  it('maps Nest levels to pino levels and writes nothing below LOG_LEVEL', () => {
    const { logger, lines } = capture({ level: 'warn' });
    logger.verbose('v', 'Ctx');
    logger.debug('d', 'Ctx');
    logger.log('l', 'Ctx');
    logger.warn('w', 'Ctx');
    logger.error('e', undefined, 'Ctx');
    logger.fatal('f', 'Ctx');
    expect(lines().map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'w'],
      ['error', 'e'],
      ['fatal', 'f'],
    ]);

    const verbose = capture({ level: 'verbose' });
    verbose.logger.verbose('v');
    verbose.logger.debug('d');
    verbose.logger.log('l');
    expect(verbose.lines().map((l) => l.level)).toEqual(['trace', 'debug', 'info']);

    const errorsOnly = capture({ level: 'error' });
    errorsOnly.logger.warn('w');
    errorsOnly.logger.error('e');
    expect(errorsOnly.lines().map((l) => l.msg)).toEqual(['e']);
  });

  it('follows setLogLevels as Nest passes them', () => {
    const { logger, lines } = capture({ level: 'verbose' });
    logger.setLogLevels(['error', 'warn']);
    logger.log('hidden');
    logger.warn('shown');
    logger.setLogLevels([]);
    logger.error('hidden too');
    expect(lines().map((l) => l.msg)).toEqual(['shown']);
  });

  it('names the request it was written in, and no request outside one', () => {
    const { logger, lines } = capture();
    insideRequest('ingress-0123456789', () => logger.warn('inside', 'Http'));
    logger.warn('outside', 'Http');
    expect(lines().map((l) => [l.msg, l.requestId])).toEqual([
      ['inside', 'ingress-0123456789'],
      ['outside', undefined],
    ]);
  });

  it('keeps the request id across an await inside the request', async () => {
    const { logger, lines } = capture();
    await new Promise<void>((resolve) =>
      insideRequest('req-after-await-42', () => {
        void (async () => {
          await new Promise((r) => setTimeout(r, 5));
          logger.log('later', 'Http');
          resolve();
        })();
      }),
    );
    expect(lines()[0]).toMatchObject({ msg: 'later', requestId: 'req-after-await-42' });
  });

  it('serialises an Error as err, and a stack Nest passes to error() as stack', () => {
    const { logger, lines } = capture();
    const error = new Error('connection refused');
    logger.error(error, 'Redis');
    logger.error('job failed', error.stack, 'Worker');
    logger.error('no stack', undefined, 'Worker');
    const [first, second, third] = lines();
    expect(first).toMatchObject({ level: 'error', context: 'Redis', msg: 'connection refused' });
    expect(first!.err).toMatchObject({ type: 'Error', message: 'connection refused' });
    expect(String((first!.err as { stack: string }).stack)).toContain('pino-logger.spec.ts');
    expect(second).toMatchObject({ msg: 'job failed', context: 'Worker' });
    expect(String(second!.stack)).toContain('at ');
    expect(third).toEqual(expect.objectContaining({ msg: 'no stack', context: 'Worker' }));
    expect(third).not.toHaveProperty('stack');
  });

  it('takes plain objects as fields without letting them replace its own', () => {
    const { logger, lines } = capture();
    logger.log('counted', { jobs: 3, level: 'fatal', msg: 'forged', pid: 1 }, 'Queues');
    expect(lines()[0]).toMatchObject({
      level: 'info',
      msg: 'counted',
      jobs: 3,
      pid: process.pid,
      context: 'Queues',
    });
  });

  it('masks every configured secret wherever it appears in a line, escaped forms included', () => {
    const env = {
      AUTH_SECRET: 'AUTHSECRET-"quoted"\\-0123456789abcdef',
      ADMIN_PASSWORD: 'ADMINPASSWORD-8e2d51c7',
      SMS_GATEWAY_AUTH: 'Bearer SMSGATEWAY-3c7f0e9d',
      DATABASE_URL: 'postgres://cityops:DBPASS%2Fw0rd@db.internal:5432/cityops',
    };
    const secrets = secretValuesOf(env);
    const { logger, raw, lines } = capture({ secrets, level: 'verbose' });
    insideRequest('mask-test-0001', () => {
      logger.log(`signed in with ${env.ADMIN_PASSWORD}`, 'Auth');
      logger.warn(`database at ${env.DATABASE_URL} refused`, 'Db');
      logger.error(new Error(`bad key ${env.AUTH_SECRET}`), 'Auth');
      logger.debug('sms', { header: env.SMS_GATEWAY_AUTH, token: 'SMSGATEWAY-3c7f0e9d' }, 'Sms');
      logger.verbose('decoded DBPASS/w0rd too', 'Db');
      logger.error('failed', `Error: ${env.AUTH_SECRET}\n    at x (file.js:1:2)`, 'Ctx');
    });
    const text = raw.join('');
    for (const value of [
      'ADMINPASSWORD-8e2d51c7',
      'AUTHSECRET-',
      'SMSGATEWAY-3c7f0e9d',
      'DBPASS%2Fw0rd',
      'DBPASS/w0rd',
    ])
      expect(text).not.toContain(value);
    // Still one valid JSON object per line, the masked text in place of each secret.
    expect(lines()).toHaveLength(6);
    expect(lines()[0]!.msg).toBe('signed in with [redacted]');
    expect(lines()[1]!.msg).toBe(
      'database at postgres://cityops:[redacted]@db.internal:5432/cityops refused',
    );
    expect(lines()[3]).toMatchObject({ header: '[redacted]', token: '[redacted]' });
  });

  it('is the logger Nest loggers write through once installed', () => {
    const { logger, lines } = capture();
    Logger.overrideLogger(logger);
    new Logger('AuthService').warn('a username was locked for 900 s');
    new Logger('ExceptionsHandler').error('boom', new Error('boom').stack);
    expect(lines().map((l) => [l.level, l.context, l.msg])).toEqual([
      ['warn', 'AuthService', 'a username was locked for 900 s'],
      ['error', 'ExceptionsHandler', 'boom'],
    ]);
    expect(lines()[1]!.stack).toContain('at ');
  });
});
