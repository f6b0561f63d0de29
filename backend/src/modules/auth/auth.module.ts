import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginAttemptsRepository } from './login-attempts.repository.js';
import { SessionRevocationsRepository } from './session-revocations.repository.js';
import { SessionsRepository } from './sessions.repository.js';
import { TokensController } from './tokens.controller.js';
import { TokensService } from './tokens.service.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/** Sign-in, sessions, the guard; user accounts and display/API tokens, managed by admins. */
@Module({
  imports: [AuditModule],
  controllers: [AuthController, UsersController, TokensController],
  providers: [
    AuthService,
    UsersRepository,
    UsersService,
    LoginAttemptsRepository,
    SessionsRepository,
    SessionRevocationsRepository,
    ApiTokensRepository,
    TokensService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, AuditModule],
})
export class AuthModule {}
