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
  type MaintenanceItem,
  type MaintenanceList,
  type MaintenanceListQuery,
  MaintenanceListQuerySchema,
  MaintenanceResolveBodySchema,
} from '@cityops/contracts';
import { ZodBody, ZodQuery } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import { inScope } from '../auth/district-scope.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { QualityService } from './quality.service.js';

/** Maintenance items the sensor-quality gate opened. Every role reads; admins, supervisors and operators resolve. */
@Controller('maintenance')
export class MaintenanceController {
  constructor(private readonly quality: QualityService) {}

  @Get()
  async list(
    @Query(ZodQuery(MaintenanceListQuerySchema)) query: MaintenanceListQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<MaintenanceList> {
    const list = await this.quality.list(query);
    return { ...list, items: list.items.filter((item) => inScope(user, item.district)) };
  }

  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(
    @Param(
      'id',
      new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') }),
    )
    id: string,
    @Body(ZodBody(MaintenanceResolveBodySchema)) body: { note: string },
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<MaintenanceItem> {
    await this.quality.assertInScope(id, user);
    return this.quality.resolve(id, user.username, body.note, ip);
  }
}
