import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  Param,
  ParseUUIDPipe,
  type PipeTransform,
  Post,
  Res,
} from '@nestjs/common';
import {
  type Backtest,
  type BacktestDraftRequest,
  BacktestDraftRequestSchema,
  type BacktestRequest,
  BacktestRequestSchema,
  RuleIdSchema,
} from '@cityops/contracts';
import type { Response } from 'express';
import { ZodBody } from '../../../infra/http/zod-validation.pipe.js';
import { CurrentUser, Roles } from '../../auth/auth.decorators.js';
import { inScope } from '../../auth/district-scope.js';
import type { AuthenticatedUser } from '../../auth/auth.service.js';
import { BacktestService } from './backtest.service.js';

class RuleIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    const parsed = RuleIdSchema.safeParse(value);
    if (!parsed.success) throw new BadRequestException(parsed.error.issues[0]!.message);
    return parsed.data;
  }
}

/**
 * Backtests for admins and supervisors. POST answers a `Backtest`: 200 and done for a short window,
 * 202 and running for a long one (poll GET /api/backtests/:id).
 */
/** A district-limited supervisor backtests over one of their districts, never the whole city. */
function assertBacktestScope(user: AuthenticatedUser, district: string | undefined): void {
  if (!inScope(user, district ?? null))
    throw new ForbiddenException(
      `Give district, one of yours (${user.districts!.join(', ')}): your account is limited to them`,
    );
}

@Controller()
export class BacktestController {
  constructor(private readonly backtests: BacktestService) {}

  @Post('rules/backtest')
  @Roles('admin', 'supervisor')
  async draft(
    @Body(ZodBody(BacktestDraftRequestSchema)) body: BacktestDraftRequest,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Backtest> {
    const { rule, ...request } = body;
    assertBacktestScope(user, request.district);
    const { status, backtest } = await this.backtests.forDraft(rule, request, user.username);
    response.status(status);
    return backtest;
  }

  @Post('rules/:id/backtest')
  @Roles('admin', 'supervisor')
  async stored(
    @Param('id', new RuleIdPipe()) id: string,
    @Body(ZodBody(BacktestRequestSchema)) body: BacktestRequest,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Backtest> {
    assertBacktestScope(user, body.district);
    const { status, backtest } = await this.backtests.forStoredRule(id, body, user.username);
    response.status(status);
    return backtest;
  }

  @Get('backtests/:id')
  @Roles('admin', 'supervisor')
  get(
    @Param(
      'id',
      new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') }),
    )
    id: string,
  ): Promise<Backtest> {
    return this.backtests.get(id);
  }
}
