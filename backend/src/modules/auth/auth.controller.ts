import { Body, Controller, HttpCode, Ip, Post, UnauthorizedException } from '@nestjs/common';
import { type LoginResponse, LoginRequestSchema } from '@cityops/contracts';
import { ZodBody } from '../../infra/http/zod-validation.pipe.js';
import { Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';

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
    const result = await this.auth.login(body.username, body.password, ip);
    if (!result) throw new UnauthorizedException('Wrong username or password');
    return result;
  }
}
