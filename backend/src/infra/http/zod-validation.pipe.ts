import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Validates and converts a body or query with a contracts schema; 400 lists what is wrong. */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    throw new BadRequestException({
      message: 'Invalid request',
      details: result.error.issues
        .slice(0, 20)
        .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`),
    });
  }
}

export const ZodBody = <T extends z.ZodType>(schema: T) => new ZodValidationPipe(schema);
export const ZodQuery = ZodBody;
