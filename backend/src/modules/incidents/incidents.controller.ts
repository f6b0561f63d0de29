import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Ip,
  Logger,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import {
  CITY_TIME_ZONE,
  INCIDENT_CSV_HEADER,
  type Incident,
  IncidentActionBodySchema,
  IncidentAssignBodySchema,
  IncidentCommentBodySchema,
  type IncidentExportQuery,
  IncidentExportQuerySchema,
  type IncidentListQuery,
  IncidentListQuerySchema,
  type IncidentPage,
  type IncidentStats,
  type IncidentStatsQuery,
  IncidentStatsQuerySchema,
  type IncidentWithTimeline,
} from '@cityops/contracts';
import { streamCsvDownload } from '../../infra/http/csv-writer.js';
import { ZodBody, ZodQuery } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { assertInScope, scopedDistricts } from '../auth/district-scope.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { incidentCsvFields } from './incident-csv.js';
import { IncidentsService } from './incidents.service.js';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException('id must be a UUID'),
});

@Controller('incidents')
export class IncidentsController {
  private readonly logger = new Logger(IncidentsController.name);

  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  list(
    @Query(ZodQuery(IncidentListQuerySchema)) query: IncidentListQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<IncidentPage> {
    return this.incidents.list({ ...query, district: scopedDistricts(user, query.district) });
  }

  /** Declared before `:id`, so "stats" is never taken for an incident id. */
  @Get('stats')
  stats(
    @Query(ZodQuery(IncidentStatsQuerySchema)) query: IncidentStatsQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<IncidentStats> {
    return this.incidents.stats({ ...query, district: scopedDistricts(user, query.district) });
  }

  /**
   * The list's filters as a CSV download, newest first: UTF-8 with a BOM (spreadsheets then read
   * Chinese correctly), formulas defused, at most `limit` rows; the X-Export-* headers say how many
   * rows were written, how many matched, and whether the file was cut. Declared before `:id`.
   */
  @Get('export.csv')
  @Roles('admin', 'supervisor', 'operator')
  async exportCsv(
    @Query(ZodQuery(IncidentExportQuerySchema)) query: IncidentExportQuery,
    @CurrentUser() user: AuthenticatedUser,
    @Res() res: Response,
  ): Promise<void> {
    const { limit, ...asked } = query;
    const filter = { ...asked, district: scopedDistricts(user, asked.district) };
    await streamCsvDownload(
      res,
      {
        name: 'incidents',
        header: INCIDENT_CSV_HEADER,
        total: await this.incidents.count(filter),
        limit,
        pages: this.incidents.exportPages(filter, limit),
        fields: (incident) => incidentCsvFields(incident, CITY_TIME_ZONE),
      },
      this.logger,
    );
  }

  @Get(':id')
  async get(
    @Param('id', uuid) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<IncidentWithTimeline> {
    const incident = await this.incidents.get(id);
    assertInScope(user, incident.district, `No incident ${id}`);
    return incident;
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  async acknowledge(
    @Param('id', uuid) id: string,
    @Body(ZodBody(IncidentActionBodySchema)) body: { note?: string },
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Incident> {
    await this.incidents.assertInScope(id, user);
    return this.incidents.acknowledge(id, user.username, body.note, ip);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(
    @Param('id', uuid) id: string,
    @Body(ZodBody(IncidentActionBodySchema)) body: { note?: string },
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Incident> {
    await this.incidents.assertInScope(id, user);
    return this.incidents.resolve(id, user.username, body.note, ip);
  }

  @Post(':id/comments')
  @HttpCode(201)
  async comment(
    @Param('id', uuid) id: string,
    @Body(ZodBody(IncidentCommentBodySchema)) body: { text: string },
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Incident> {
    await this.incidents.assertInScope(id, user);
    return this.incidents.comment(id, user.username, body.text, ip);
  }

  @Post(':id/assign')
  @HttpCode(200)
  async assign(
    @Param('id', uuid) id: string,
    @Body(ZodBody(IncidentAssignBodySchema)) body: { assignee: string; note?: string },
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Incident> {
    await this.incidents.assertInScope(id, user);
    return this.incidents.assign(id, user.username, body.assignee, body.note, ip);
  }
}
