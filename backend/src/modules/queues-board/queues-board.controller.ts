import { Controller, ForbiddenException, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditRepository } from '../audit/audit.repository.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { type AuthenticatedUser, AuthService } from '../auth/auth.service.js';
import { BOARD_TICKET_TTL_SECONDS, signBoardTicket } from './board-ticket.js';
import { BOARD_COOKIE, QUEUES_BOARD_PATH } from './queues-board-paths.js';

export const SESSION_REQUIRED = 'The queue board opens from a signed-in session, not a token';

/**
 * POST /api/admin/queues/session: an admin, signed in with the bearer token the console holds,
 * gets the cookie that opens the queue board at /admin/queues in a browser tab (which cannot send
 * that header). The cookie holds a ticket bound to the caller's session: it dies with it.
 */
@Controller('admin/queues')
export class QueuesBoardController {
  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditRepository,
  ) {}

  @Post('session')
  @Roles('admin')
  @HttpCode(204)
  async openSession(
    @CurrentUser() user: AuthenticatedUser,
    @Ip() ip: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    if (user.via !== 'session' || !user.sessionId) throw new ForbiddenException(SESSION_REQUIRED);
    const exp = Math.floor(Date.now() / 1000) + BOARD_TICKET_TTL_SECONDS;
    const ticket = signBoardTicket(
      { sub: user.username, sid: user.sessionId, exp },
      this.auth.signingSecret(),
    );
    await this.audit.record({
      actor: user.username,
      action: 'queues.board_opened',
      ip,
      data: { session: user.sessionId, expiresAt: new Date(exp * 1000).toISOString() },
    });
    res.setHeader('Cache-Control', 'no-store');
    res.cookie(BOARD_COOKIE, ticket, {
      httpOnly: true,
      sameSite: 'strict',
      path: QUEUES_BOARD_PATH,
      secure: req.secure,
      maxAge: BOARD_TICKET_TTL_SECONDS * 1000,
    });
  }
}
