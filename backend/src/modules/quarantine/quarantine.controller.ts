import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { csvRow } from '../../infra/http/csv-writer.js';
import { type QuarantineEntry, RejectionReasonSchema } from '@cityops/contracts';
import { z } from 'zod';
import { ZodQuery } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { assertCityWide } from '../auth/district-scope.js';
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

const EXPORT_LIMIT = 100_000;

@Controller('quarantine')
export class QuarantineController {
  constructor(private readonly quarantine: QuarantineRepository) {}

  /** Rejected input with its reason, newest first: {items, next}. */
  @Get()
  @Roles('admin', 'supervisor', 'operator')
  async list(
    @Query(ZodQuery(QuarantineQuerySchema)) query: z.infer<typeof QuarantineQuerySchema>,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ items: QuarantineEntry[]; next: string | null }> {
    assertCityWide(user, 'The quarantine');
    const { cursor, ...filter } = query;
    const items = await this.quarantine.list({
      ...filter,
      limit: query.limit + 1,
      ...(cursor ? { beforeId: Number(cursor) } : {}),
    });
    const page = items.slice(0, query.limit);
    return { items: page, next: items.length > query.limit ? page[page.length - 1]!.id : null };
  }

  /** The same filters as a CSV download (newest first, at most EXPORT_LIMIT rows). */
  @Get('export')
  @Roles('admin', 'supervisor', 'operator')
  async export(
    @Query(ZodQuery(QuarantineQuerySchema)) query: z.infer<typeof QuarantineQuerySchema>,
    @CurrentUser() user: AuthenticatedUser,
    @Res() res: Response,
  ): Promise<void> {
    assertCityWide(user, 'The quarantine');
    const { cursor, limit: _limit, ...filter } = query;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="quarantine.csv"');
    res.write(
      `\uFEFF${csvRow(['id', 'receivedAt', 'source', 'reason', 'detail', 'sensorId', 'metric', 'payload'])}`,
    );
    let beforeId = cursor ? Number(cursor) : undefined;
    for (let written = 0; written < EXPORT_LIMIT;) {
      const page = await this.quarantine.list({
        ...filter,
        limit: 1000,
        ...(beforeId !== undefined ? { beforeId } : {}),
      });
      for (const e of page)
        res.write(
          csvRow([
            e.id,
            e.receivedAt,
            e.source,
            e.reason,
            e.detail,
            e.sensorId,
            e.metric,
            e.payload,
          ]),
        );
      written += page.length;
      if (page.length < 1000) break;
      beforeId = Number(page[page.length - 1]!.id);
    }
    res.end();
  }
}
