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
} from '@nestjs/common';
import {
  type WatchEndBody,
  WatchEndBodySchema,
  type WatchList,
  type WatchMode,
  type WatchStartBody,
  WatchStartBodySchema,
} from '@cityops/contracts';
import { ZodBody } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { inScope } from '../auth/district-scope.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { WatchService } from './watch.service.js';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException('id must be a UUID'),
});

/** Watch mode (docs/watch-mode.md): every role reads; supervisors and admins start and end. */
/** A district-limited supervisor starts and ends watches of their districts only, never the city's. */
function assertWatchScope(user: AuthenticatedUser, scope: string): void {
  if (!inScope(user, scope === 'city' ? null : scope))
    throw new ForbiddenException(
      `A watch of ${scope} is outside your districts (${user.districts!.join(', ')})`,
    );
}

@Controller('watch')
export class WatchController {
  constructor(private readonly watch: WatchService) {}

  @Get()
  list(): Promise<WatchList> {
    return this.watch.list();
  }

  @Get(':id')
  get(@Param('id', uuid) id: string): Promise<WatchMode> {
    return this.watch.get(id);
  }

  @Post()
  @Roles('admin', 'supervisor')
  @HttpCode(201)
  start(
    @Body(ZodBody(WatchStartBodySchema)) body: WatchStartBody,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<WatchMode> {
    assertWatchScope(user, body.scope);
    return this.watch.start(body, user.username, ip);
  }

  @Post(':id/end')
  @Roles('admin', 'supervisor')
  @HttpCode(200)
  async end(
    @Param('id', uuid) id: string,
    @Body(ZodBody(WatchEndBodySchema)) body: WatchEndBody,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<WatchMode> {
    assertWatchScope(user, (await this.watch.get(id)).scope);
    return this.watch.end(id, body.note, user.username, ip);
  }
}
