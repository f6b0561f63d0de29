import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import {
  CaseCategorySchema,
  type CaseDto,
  CaseIdSchema,
  CaseStatusSchema,
  commaListOf,
} from '@cityops/contracts';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../infra/http/keyset-cursor.js';
import { ZodQuery } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { scopedDistricts } from '../auth/district-scope.js';
import { CasesRepository } from './cases.repository.js';

const CaseQuerySchema = z
  .object({
    status: commaListOf(CaseStatusSchema).optional(),
    category: commaListOf(CaseCategorySchema).optional(),
    district: commaListOf(z.string().regex(/^\d{6}$/, 'district is a 6-digit code')).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(300).optional(),
  })
  .strict();

/** GET /api/cases: sanitation cases, newest reported first, each with `overdue`. */
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesRepository) {}

  @Get()
  async list(
    @Query(ZodQuery(CaseQuerySchema)) query: z.infer<typeof CaseQuerySchema>,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ items: CaseDto[]; next: string | null }> {
    const { cursor, ...asked } = query;
    const filter = { ...asked, district: scopedDistricts(user, asked.district) };
    const after = cursor ? decodeCursor(cursor, (id) => CaseIdSchema.safeParse(id).success) : null;
    if (cursor && !after)
      throw new BadRequestException('cursor is not valid; start again without it');
    const items = await this.cases.list({ ...filter, limit: query.limit + 1 }, after, new Date());
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page,
      next:
        items.length > query.limit && last
          ? encodeCursor({ at: last.reportedAt, id: last.id })
          : null,
    };
  }
}
