import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post } from '@nestjs/common';
import {
  type CreateTokenRequest,
  CreateTokenRequestSchema,
  type CreatedToken,
} from '@cityops/contracts';
import { ZodBody } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser, Roles } from './auth.decorators.js';
import type { AuthenticatedUser } from './auth.service.js';
import { TokensService } from './tokens.service.js';

@Controller('tokens')
@Roles('admin')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  list() {
    return this.tokens.list();
  }

  @Post()
  create(
    @Body(ZodBody(CreateTokenRequestSchema)) body: CreateTokenRequest,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<CreatedToken> {
    return this.tokens.create(body, user.username, ip);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<void> {
    return this.tokens.revoke(id, user.username, ip);
  }
}
