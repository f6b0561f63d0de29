import { type ArgumentMetadata, BadRequestException, type PipeTransform } from '@nestjs/common';

/**
 * Refuses a path parameter holding U+0000 (`/api/users/a%00b`) with 400 before any handler uses
 * it: PostgreSQL cannot compare text with a NUL in it, so the lookup would fail with a 500.
 * Bodies and query strings get the same check in ZodValidationPipe.
 */
export class NoNulParamPipe implements PipeTransform<unknown, unknown> {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'param' && typeof value === 'string' && value.includes('\u0000'))
      throw new BadRequestException({
        message: 'Invalid request',
        details: [`${metadata.data ?? 'path'}: must not contain NUL`],
      });
    return value;
  }
}
