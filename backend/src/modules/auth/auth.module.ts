import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditRepository } from './audit.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginAttemptsRepository } from './login-attempts.repository.js';
import { UsersRepository } from './users.repository.js';

@Module({
  controllers: [AuthController],
  providers: [
    AuthService,
    UsersRepository,
    AuditRepository,
    LoginAttemptsRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, AuditRepository],
})
export class AuthModule {}
