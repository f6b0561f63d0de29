import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Ip,
  Post,
  UnauthorizedException,
} from '@nestjs/common';
import {
  type LoginResponse,
  LoginRequestSchema,
  type PasswordChangeRequest,
  PasswordChangeRequestSchema,
  type RefreshRequest,
  RefreshRequestSchema,
  type User,
} from '@cityops/contracts';
import { TooManyRequestsException } from '../../infra/http/too-many-requests.exception.js';
import { ZodBody } from '../../infra/http/zod-validation.pipe.js';
import { CurrentUser, PasswordChangeExempt, Public } from './auth.decorators.js';
import { type AuthenticatedUser, AuthService } from './auth.service.js';

/** One answer for an unknown user, a wrong password and a locked username alike. */
export const LOGIN_REFUSED = 'Wrong username or password';
export const LOGIN_THROTTLED = 'Too many failed sign-ins from this address; try again later';
export const SESSION_ENDED = 'The session has ended; sign in again';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(
    @Body(ZodBody(LoginRequestSchema)) body: { username: string; password: string },
    @Ip() ip: string,
  ): Promise<LoginResponse> {
    const outcome = await this.auth.login(body.username, body.password, ip);
    if (outcome.kind === 'throttled')
      throw new TooManyRequestsException(LOGIN_THROTTLED, outcome.retryAfterSeconds);
    if (outcome.kind === 'refused') throw new UnauthorizedException(LOGIN_REFUSED);
    return outcome.response;
  }

  /** The refresh token is the credential here, so the route is public. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  async refresh(
    @Body(ZodBody(RefreshRequestSchema)) body: RefreshRequest,
    @Ip() ip: string,
  ): Promise<LoginResponse> {
    const response = await this.auth.refresh(body.refreshToken, ip);
    if (!response) throw new UnauthorizedException(SESSION_ENDED);
    return response;
  }

  @Post('logout')
  @HttpCode(204)
  @PasswordChangeExempt()
  async logout(@CurrentUser() user: AuthenticatedUser, @Ip() ip: string): Promise<void> {
    await this.auth.logout(user, ip);
  }

  @Post('password')
  @HttpCode(200)
  @PasswordChangeExempt()
  async changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body(ZodBody(PasswordChangeRequestSchema)) body: PasswordChangeRequest,
    @Ip() ip: string,
  ): Promise<LoginResponse> {
    if (user.via !== 'session')
      throw new BadRequestException('Only a signed-in person can change a password');
    const outcome = await this.auth.changePassword(
      user,
      body.currentPassword,
      body.newPassword,
      ip,
    );
    if (outcome.kind === 'wrong_password')
      throw new BadRequestException('The current password is wrong');
    if (outcome.kind === 'refused')
      throw new BadRequestException({
        message: `The new password ${outcome.problems.join('; ')}`,
        details: outcome.problems,
      });
    return outcome.response;
  }

  /** Who the token stands for (a wall opened with a display token asks this first). */
  @Get('me')
  @PasswordChangeExempt()
  me(@CurrentUser() user: AuthenticatedUser): User {
    return {
      username: user.username,
      role: user.role,
      districts: user.districts,
      mustChangePassword: user.mustChangePassword ?? false,
    };
  }
}
