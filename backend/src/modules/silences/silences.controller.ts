import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
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
import { assertInScope, inScope } from '../auth/district-scope.js';
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
  async list(
    @Query(ZodQuery(SilenceListQuerySchema)) query: SilenceListQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SilenceList> {
    const list = await this.silences.list(query);
    // A district-limited account sees (and makes) the silences that name one of its districts.
    return { ...list, items: list.items.filter((s) => inScope(user, s.matchers.district)) };
  }

  @Get(':id')
  async get(
    @Param('id', uuid) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Silence> {
    const silence = await this.silences.get(id);
    assertInScope(user, silence.matchers.district, `No silence ${id}`);
    return silence;
  }

  /** 404 unless the silence (when `id` is given, also the stored one) names the caller's district. */
  private async assertSilenceInScope(
    user: AuthenticatedUser,
    id: string | null,
    body: SilenceBody | null,
  ): Promise<void> {
    if (!user.districts) return;
    if (id)
      assertInScope(user, (await this.silences.get(id)).matchers.district, `No silence ${id}`);
    if (body && !inScope(user, body.matchers.district))
      throw new ForbiddenException(
        `matchers.district must be one of your districts (${user.districts.join(', ')})`,
      );
  }

  @Post()
  @HttpCode(201)
  @Roles('admin', 'supervisor', 'operator')
  async create(
    @Body(ZodBody(SilenceBodySchema)) body: SilenceBody,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Silence> {
    await this.assertSilenceInScope(user, null, body);
    return this.silences.create(body, { username: user.username, role: user.role, ip });
  }

  @Put(':id')
  @Roles('admin', 'supervisor')
  async update(
    @Param('id', uuid) id: string,
    @Body(ZodBody(SilenceBodySchema)) body: SilenceBody,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Silence> {
    await this.assertSilenceInScope(user, id, body);
    return this.silences.update(id, body, { username: user.username, role: user.role, ip });
  }

  @Post(':id/expire')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'operator')
  async expire(
    @Param('id', uuid) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<Silence> {
    await this.assertSilenceInScope(user, id, null);
    return this.silences.expire(id, { username: user.username, role: user.role, ip });
  }
}
