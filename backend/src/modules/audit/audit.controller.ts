import { BadRequestException, Controller, Get, Logger, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  AUDIT_CSV_HEADER,
  type AuditEntry,
  type AuditExportQuery,
  AuditExportQuerySchema,
  type AuditFilter,
  type AuditPage,
  type AuditQuery,
  AuditQuerySchema,
  CITY_TIME_ZONE,
} from '@cityops/contracts';
import { streamCsvDownload } from '../../infra/http/csv-writer.js';
import { type KeysetCursor, decodeCursor, encodeCursor } from '../../infra/http/keyset-cursor.js';
import { ZodQuery } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { assertCityWide } from '../auth/district-scope.js';
import { localDateTime } from '../incidents/incident-csv.js';
import { AuditQueryRepository, isAuditId, isAuditKeyTime } from './audit-query.repository.js';

const EXPORT_PAGE_SIZE = 1000;

/**
 * The audit trail for supervisors and admins: read and export, nothing else. There is no route
 * that edits or deletes an entry (PUT, PATCH, DELETE answer 404): the trail is append-only, written
 * only by the modules whose actions it records (AuditRepository).
 */
@Controller('audit')
@Roles('admin', 'supervisor')
export class AuditController {
  private readonly logger = new Logger(AuditController.name);

  constructor(private readonly audit: AuditQueryRepository) {}

  /** Entries matching the filters, newest first along (at, id), a page at a time. */
  @Get()
  async list(
    @Query(ZodQuery(AuditQuerySchema)) query: AuditQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AuditPage> {
    assertCityWide(user, 'The audit trail');
    const { limit, cursor, ...filter } = query;
    const decoded = cursor ? decodeCursor(cursor, isAuditId) : null;
    const after = decoded && isAuditKeyTime(decoded.at) ? decoded : null;
    if (cursor && !after)
      throw new BadRequestException('cursor is not valid; start again without it');
    const rows = await this.audit.list(filter, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => r.entry),
      next: rows.length > limit && last ? encodeCursor(last.key) : null,
    };
  }

  /**
   * The list's filters as a CSV download, newest first: UTF-8 with a BOM, formulas defused (a
   * failed sign-in's actor is whatever was typed), at most `limit` rows; the X-Export-* headers say
   * how many rows were written, how many matched, and whether the file was cut.
   */
  @Get('export.csv')
  async exportCsv(
    @Query(ZodQuery(AuditExportQuerySchema)) query: AuditExportQuery,
    @CurrentUser() user: AuthenticatedUser,
    @Res() res: Response,
  ): Promise<void> {
    assertCityWide(user, 'The audit trail');
    const { limit, ...filter } = query;
    await streamCsvDownload(
      res,
      {
        name: 'audit',
        header: AUDIT_CSV_HEADER,
        total: await this.audit.count(filter),
        limit,
        pages: this.exportPages(filter, limit),
        fields: auditCsvFields,
      },
      this.logger,
    );
  }

  /** The matching entries in keyset pages (consistent while new entries arrive), at most `limit`. */
  private async *exportPages(filter: AuditFilter, limit: number): AsyncGenerator<AuditEntry[]> {
    let after: KeysetCursor | null = null;
    let left = limit;
    while (left > 0) {
      const size = Math.min(EXPORT_PAGE_SIZE, left);
      const rows = await this.audit.list(filter, size, after);
      if (rows.length > 0) yield rows.map((r) => r.entry);
      if (rows.length < size) return;
      left -= rows.length;
      after = rows[rows.length - 1]!.key;
    }
  }
}

/** One entry as the fields of an export row, in the order of AUDIT_CSV_HEADER (`csvRow` defuses formulas). */
export function auditCsvFields(entry: AuditEntry): (string | null)[] {
  const fields: Record<(typeof AUDIT_CSV_HEADER)[number], string | null> = {
    id: entry.id,
    at: localDateTime(entry.at, CITY_TIME_ZONE),
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    ip: entry.ip,
    data: JSON.stringify(entry.data),
  };
  return AUDIT_CSV_HEADER.map((column) => fields[column]);
}
