import { Body, Controller, HttpCode, Ip, Post, UnauthorizedException } from '@nestjs/common';
import { type LoginResponse, LoginRequestSchema } from '@cityops/contracts';
import { TooManyRequestsException } from '../../infra/http/too-many-requests.exception.js';
import { ZodBody } from '../../infra/http/zod-validation.pipe.js';
import { Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';

/** One answer for an unknown user, a wrong password and a locked username alike. */
export const LOGIN_REFUSED = 'Wrong username or password';
export const LOGIN_THROTTLED = 'Too many failed sign-ins from this address; try again later';

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
}
