import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Ip,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  OncallFeedQuerySchema,
  type OncallNow,
  type OncallNowQuery,
  OncallNowQuerySchema,
  type OncallRoute,
  type OncallRouteCreate,
  OncallRouteCreateSchema,
  type OncallRouteList,
  type OncallRouteUpdate,
  OncallRouteUpdateSchema,
  type OncallSchedule,
  type OncallScheduleCreate,
  OncallScheduleCreateSchema,
  type OncallScheduleList,
  type OncallScheduleListQuery,
  OncallScheduleListQuerySchema,
  type OncallScheduleUpdate,
  OncallScheduleUpdateSchema,
  type OncallSpanList,
  type OncallSpansQuery,
  OncallSpansQuerySchema,
  type OncallTeam,
  type OncallTeamCreate,
  OncallTeamCreateSchema,
  type OncallTeamList,
  type OncallTeamUpdate,
  OncallTeamUpdateSchema,
} from '@cityops/contracts';
import type { Response } from 'express';
import { ZodBody, ZodQuery } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { ONCALL_READERS, ONCALL_WRITERS, actorOf, oncallId } from './oncall-http.js';
import { OncallService } from './oncall.service.js';

/**
 * On-call (docs/oncall.md): admins and supervisors configure teams, schedules and routes; the
 * dispatch desk reads them and asks who is on call; display screens get nothing (phone numbers).
 * The calendar feed is public and authorised by its own per-member token.
 */
@Controller('oncall')
export class OncallController {
  constructor(private readonly oncall: OncallService) {}

  // Teams

  @Get('teams')
  @Roles(...ONCALL_READERS)
  async listTeams(@CurrentUser() user: AuthenticatedUser): Promise<OncallTeamList> {
    return { items: await this.oncall.listTeams(user.role) };
  }

  @Get('teams/:id')
  @Roles(...ONCALL_READERS)
  getTeam(
    @Param('id', oncallId) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<OncallTeam> {
    return this.oncall.getTeam(id, user.role);
  }

  @Post('teams')
  @HttpCode(201)
  @Roles(...ONCALL_WRITERS)
  createTeam(
    @Body(ZodBody(OncallTeamCreateSchema)) body: OncallTeamCreate,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<OncallTeam> {
    return this.oncall.createTeam(body, actorOf(user, ip));
  }

  @Put('teams/:id')
  @Roles(...ONCALL_WRITERS)
  updateTeam(
    @Param('id', oncallId) id: string,
    @Body(ZodBody(OncallTeamUpdateSchema)) body: OncallTeamUpdate,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<OncallTeam> {
    return this.oncall.updateTeam(id, body, actorOf(user, ip));
  }

  @Delete('teams/:id')
  @HttpCode(204)
  @Roles(...ONCALL_WRITERS)
  async deleteTeam(
    @Param('id', oncallId) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<void> {
    await this.oncall.deleteTeam(id, actorOf(user, ip));
  }

  // Schedules

  @Get('schedules')
  @Roles(...ONCALL_READERS)
  async listSchedules(
    @Query(ZodQuery(OncallScheduleListQuerySchema)) query: OncallScheduleListQuery,
  ): Promise<OncallScheduleList> {
    return { items: await this.oncall.listSchedules(query.team) };
  }

  @Get('schedules/:id')
  @Roles(...ONCALL_READERS)
  getSchedule(@Param('id', oncallId) id: string): Promise<OncallSchedule> {
    return this.oncall.getSchedule(id);
  }

  @Get('schedules/:id/spans')
  @Roles(...ONCALL_READERS)
  async spans(
    @Param('id', oncallId) id: string,
    @Query(ZodQuery(OncallSpansQuerySchema)) query: OncallSpansQuery,
  ): Promise<OncallSpanList> {
    return { items: await this.oncall.spans(id, query.from, query.to) };
  }

  @Post('schedules')
  @HttpCode(201)
  @Roles(...ONCALL_WRITERS)
  createSchedule(
    @Body(ZodBody(OncallScheduleCreateSchema)) body: OncallScheduleCreate,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<OncallSchedule> {
    return this.oncall.createSchedule(body, actorOf(user, ip));
  }

  @Put('schedules/:id')
  @Roles(...ONCALL_WRITERS)
  updateSchedule(
    @Param('id', oncallId) id: string,
    @Body(ZodBody(OncallScheduleUpdateSchema)) body: OncallScheduleUpdate,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<OncallSchedule> {
    return this.oncall.updateSchedule(id, body, actorOf(user, ip));
  }

  @Delete('schedules/:id')
  @HttpCode(204)
  @Roles(...ONCALL_WRITERS)
  async deleteSchedule(
    @Param('id', oncallId) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<void> {
    await this.oncall.deleteSchedule(id, actorOf(user, ip));
  }

  // Routes

  @Get('routes')
  @Roles(...ONCALL_READERS)
  async listRoutes(): Promise<OncallRouteList> {
    return { items: await this.oncall.listRoutes() };
  }

  @Get('routes/:id')
  @Roles(...ONCALL_READERS)
  getRoute(@Param('id', oncallId) id: string): Promise<OncallRoute> {
    return this.oncall.getRoute(id);
  }

  @Post('routes')
  @HttpCode(201)
  @Roles(...ONCALL_WRITERS)
  createRoute(
    @Body(ZodBody(OncallRouteCreateSchema)) body: OncallRouteCreate,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<OncallRoute> {
    return this.oncall.createRoute(body, actorOf(user, ip));
  }

  @Put('routes/:id')
  @Roles(...ONCALL_WRITERS)
  updateRoute(
    @Param('id', oncallId) id: string,
    @Body(ZodBody(OncallRouteUpdateSchema)) body: OncallRouteUpdate,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<OncallRoute> {
    return this.oncall.updateRoute(id, body, actorOf(user, ip));
  }

  @Delete('routes/:id')
  @HttpCode(204)
  @Roles(...ONCALL_WRITERS)
  async deleteRoute(
    @Param('id', oncallId) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<void> {
    await this.oncall.deleteRoute(id, actorOf(user, ip));
  }

  // Who is on call

  @Get('now')
  @Roles(...ONCALL_READERS)
  now(
    @Query(ZodQuery(OncallNowQuerySchema)) query: OncallNowQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<OncallNow> {
    return this.oncall.now(query.team, query.at ? new Date(query.at) : new Date(), user.role);
  }

  /** `<member>.ics?token=…`: for calendar apps, which cannot send a bearer token. */
  @Get('ical/:file')
  @Public()
  async calendar(
    @Param('file') file: string,
    @Query(ZodQuery(OncallFeedQuerySchema)) query: { token: string },
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const match = /^([a-z0-9][a-z0-9-]{1,62})\.ics$/.exec(file);
    if (!match) throw new NotFoundException('No such calendar');
    const body = await this.oncall.calendar(match[1]!, query.token);
    // Set only on success: an error keeps the JSON error shape and type.
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Cache-Control', 'private, max-age=300');
    return body;
  }
}
