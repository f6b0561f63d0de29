import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/**
 * Validates and converts a body or query with a contracts schema; 400 lists what is wrong.
 * Two things the schemas let through but PostgreSQL cannot take are refused too, so that they
 * fail the request (400) rather than the query that uses them (500): a NUL character anywhere, and
 * an ISO time in the year 0000 (there is no year 0; `z.iso.datetime()` accepts it).
 */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    const result = this.schema.safeParse(value ?? {});
    if (!result.success)
      throw new BadRequestException({
        message: 'Invalid request',
        details: result.error.issues
          .slice(0, 20)
          .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`),
      });
    // After the schema, so its own, more precise messages come first (a title's control characters).
    const unstorable = unstorablePaths(value);
    if (unstorable.length)
      throw new BadRequestException({
        message: 'Invalid request',
        details: unstorable
          .slice(0, 20)
          .map(({ path, problem }) => `${path || '(body)'}: ${problem}`),
      });
    return result.data;
  }
}

const NUL = 'must not contain NUL';
const YEAR_ZERO = /^0000-\d\d-\d\dT/;

/** Where a string (value or key) holds U+0000 or is a time in the year 0000, as dotted paths. */
export function unstorablePaths(
  value: unknown,
  path = '',
  depth = 0,
): { path: string; problem: string }[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return [{ path, problem: NUL }];
    if (YEAR_ZERO.test(value)) return [{ path, problem: 'there is no year 0000' }];
    return [];
  }
  if (depth > 64 || value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const at = path ? `${path}.${key}` : key;
    return [
      ...(key.includes('\u0000') ? [{ path: at, problem: NUL }] : []),
      ...unstorablePaths(inner, at, depth + 1),
    ];
  });
}

export const ZodBody = <T extends z.ZodType>(schema: T) => new ZodValidationPipe(schema);
export const ZodQuery = ZodBody;
