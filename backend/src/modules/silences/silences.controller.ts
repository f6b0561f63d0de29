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
  Put,
  Query,
} from '@nestjs/common';
import {
  type Silence,
  type SilenceBody,
  SilenceBodySchema,
  type SilenceList,
  type SilenceListQuery,
  SilenceListQuerySchema,
} from '@cityops/contracts';
import { ZodBody, ZodQuery } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { SilencesService } from './silences.service.js';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException('id must be a UUID'),
});

/**
 * Silences (maintenance windows). Every role reads. Supervisors and admins create, edit and expire;
 * operators (the dispatch desk) create and expire short ones (a crew calling in a repair at night)
 * but do not edit; display screens only read.
 */
@Controller('silences')
export class SilencesController {
  constructor(private readonly silences: SilencesService) {}

  @Get()
  list(@Query(ZodQuery(SilenceListQuerySchema)) query: SilenceListQuery): Promise<SilenceList> {
    return this.silences.list(query);
  }

  @Get(':id')
  get(@Param('id', uuid) id: string): Promise<Silence> {
    return this.silences.get(id);
  }

  @Post()
  @HttpCode(201)
  @Roles('admin', 'supervisor', 'operator')
  create(
    @Body(ZodBody(SilenceBodySchema)) body: SilenceBody,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Silence> {
    return this.silences.create(body, { username: user.username, role: user.role, ip });
  }

  @Put(':id')
  @Roles('admin', 'supervisor')
  update(
    @Param('id', uuid) id: string,
    @Body(ZodBody(SilenceBodySchema)) body: SilenceBody,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Silence> {
    return this.silences.update(id, body, { username: user.username, role: user.role, ip });
  }

  @Post(':id/expire')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'operator')
  expire(
    @Param('id', uuid) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Silence> {
    return this.silences.expire(id, { username: user.username, role: user.role, ip });
  }
}
