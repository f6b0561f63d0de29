import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Ip,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  type Incident,
  IncidentActionBodySchema,
  IncidentAssignBodySchema,
  IncidentCommentBodySchema,
  type IncidentListQuery,
  IncidentListQuerySchema,
  type IncidentPage,
  type IncidentStats,
  type IncidentStatsQuery,
  IncidentStatsQuerySchema,
  type IncidentWithTimeline,
} from '@cityops/contracts';
import { ZodBody, ZodQuery } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { IncidentsService } from './incidents.service.js';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException('id must be a UUID'),
});

@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  list(@Query(ZodQuery(IncidentListQuerySchema)) query: IncidentListQuery): Promise<IncidentPage> {
    return this.incidents.list(query);
  }

  /** Declared before `:id`, so "stats" is never taken for an incident id. */
  @Get('stats')
  stats(
    @Query(ZodQuery(IncidentStatsQuerySchema)) query: IncidentStatsQuery,
  ): Promise<IncidentStats> {
    return this.incidents.stats(query);
  }

  @Get(':id')
  get(@Param('id', uuid) id: string): Promise<IncidentWithTimeline> {
    return this.incidents.get(id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(
    @Param('id', uuid) id: string,
    @Body(ZodBody(IncidentActionBodySchema)) body: { note?: string },
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Incident> {
    return this.incidents.acknowledge(id, user.username, body.note, ip);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @Param('id', uuid) id: string,
    @Body(ZodBody(IncidentActionBodySchema)) body: { note?: string },
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Incident> {
    return this.incidents.resolve(id, user.username, body.note, ip);
  }

  @Post(':id/comments')
  @HttpCode(201)
  comment(
    @Param('id', uuid) id: string,
    @Body(ZodBody(IncidentCommentBodySchema)) body: { text: string },
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Incident> {
    return this.incidents.comment(id, user.username, body.text, ip);
  }

  @Post(':id/assign')
  @HttpCode(200)
  assign(
    @Param('id', uuid) id: string,
    @Body(ZodBody(IncidentAssignBodySchema)) body: { assignee: string; note?: string },
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Incident> {
    return this.incidents.assign(id, user.username, body.assignee, body.note, ip);
  }
}
