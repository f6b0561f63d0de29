import { Controller, Get, Query } from '@nestjs/common';
import { type QuarantineEntry, RejectionReasonSchema } from '@cityops/contracts';
import { z } from 'zod';
import { ZodQuery } from '../../infra/http/zod-validation.pipe.js';
import { Roles } from '../auth/auth.decorators.js';
import { QuarantineRepository } from './quarantine.repository.js';

const QuarantineQuerySchema = z
  .object({
    source: z.string().max(100).optional(),
    reason: RejectionReasonSchema.optional(),
    sensorId: z.string().max(200).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'cursor is the id to continue before')
      .optional(),
  })
  .strict();

@Controller('quarantine')
export class QuarantineController {
  constructor(private readonly quarantine: QuarantineRepository) {}

  /** Rejected input with its reason, newest first: {items, next}. */
  @Get()
  @Roles('admin', 'supervisor', 'operator')
  async list(
    @Query(ZodQuery(QuarantineQuerySchema)) query: z.infer<typeof QuarantineQuerySchema>,
  ): Promise<{ items: QuarantineEntry[]; next: string | null }> {
    const { cursor, ...filter } = query;
    const items = await this.quarantine.list({
      ...filter,
      limit: query.limit + 1,
      ...(cursor ? { beforeId: Number(cursor) } : {}),
    });
    const page = items.slice(0, query.limit);
    return { items: page, next: items.length > query.limit ? page[page.length - 1]!.id : null };
  }
}
