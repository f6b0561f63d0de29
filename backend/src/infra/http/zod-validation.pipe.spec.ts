import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ZodValidationPipe, unstorablePaths } from './zod-validation.pipe.js';

const pipe = new ZodValidationPipe(
  z.object({ name: z.string(), from: z.iso.datetime({ offset: true }).optional() }).strict(),
);

const anything = new ZodValidationPipe(z.unknown());

const detailsOf = (value: unknown, through: ZodValidationPipe<z.ZodType> = pipe): string[] => {
  try {
    through.transform(value);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { details: string[] }).details;
  }
  throw new Error('accepted');
};

describe('ZodValidationPipe', () => {
  it('passes a valid value through the schema', () => {
    expect(pipe.transform({ name: 'a', from: '2026-11-26T08:00:00+08:00' })).toEqual({
      name: 'a',
      from: '2026-11-26T08:00:00+08:00',
    });
  });

  it('refuses NUL in a value or a key, naming where (PostgreSQL cannot store it)', () => {
    expect(detailsOf({ name: 'a\u0000b' })).toEqual(['name: must not contain NUL']);
    expect(detailsOf({ name: 'a', nested: { 'k\u0000': 1 } }, anything)).toEqual([
      'nested.k\u0000: must not contain NUL',
    ]);
    expect(detailsOf('\u0000', anything)).toEqual(['(body): must not contain NUL']);
  });

  it('gives the schema’s own message first when the schema refuses the value too', () => {
    expect(detailsOf({ name: 1, other: 'a\u0000' })).toEqual([
      'name: Invalid input: expected string, received number',
      '(body): Unrecognized key: "other"',
    ]);
  });

  it('refuses a time in the year 0000, which the ISO schema accepts and PostgreSQL does not', () => {
    expect(z.iso.datetime({ offset: true }).safeParse('0000-01-01T00:00:00Z').success).toBe(true);
    expect(detailsOf({ name: 'a', from: '0000-01-01T00:00:00Z' })).toEqual([
      'from: there is no year 0000',
    ]);
  });

  it('lists what the schema refuses', () => {
    expect(detailsOf({ name: 1 })).toEqual([
      'name: Invalid input: expected string, received number',
    ]);
  });

  it('finds nothing to refuse in ordinary values', () => {
    expect(unstorablePaths({ a: ['x', { b: '0001-01-01T00:00:00Z' }], c: 1, d: null })).toEqual([]);
  });
});
