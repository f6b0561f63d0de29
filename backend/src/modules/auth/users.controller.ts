import { Body, Controller, Get, Ip, Param, Patch, Post } from '@nestjs/common';
import {
  type CreateUserRequest,
  CreateUserRequestSchema,
  type UpdateUserRequest,
  UpdateUserRequestSchema,
  type UserAccountResponse,
} from '@cityops/contracts';
import { ZodBody } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser, Roles } from './auth.decorators.js';
import type { AuthenticatedUser } from './auth.service.js';
import { UsersService } from './users.service.js';

@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list() {
    return this.users.list();
  }

  @Post()
  create(
    @Body(ZodBody(CreateUserRequestSchema)) body: CreateUserRequest,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<UserAccountResponse> {
    return this.users.create(body, user.username, ip);
  }

  @Patch(':username')
  update(
    @Param('username') username: string,
    @Body(ZodBody(UpdateUserRequestSchema)) body: UpdateUserRequest,
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
  ): Promise<UserAccountResponse> {
    return this.users.update(username, body, user.username, ip);
  }
}
