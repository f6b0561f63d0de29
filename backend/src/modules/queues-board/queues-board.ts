import { Inject, Injectable, Logger } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { BeforeHookResult, HookContext } from '@bull-board/api/dist/types.js';
import { ExpressAdapter } from '@bull-board/express';
import { QueueName } from '@cityops/contracts';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { JobQueue } from '../../infra/queue/job-queue.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuthService } from '../auth/auth.service.js';
import { SessionRevocationsRepository } from '../auth/session-revocations.repository.js';
import { BoardAccessRepository } from './board-access.repository.js';
import { boardActionName, boardActionTarget } from './board-actions.js';
import { cookieValues, verifyBoardTicket } from './board-ticket.js';
import { BOARD_COOKIE, QUEUES_BOARD_PATH } from './queues-board-paths.js';

/**
 * The board's own Content-Security-Policy, stricter than the console's: its scripts and styles
 * from itself (its page has inline styles and a JSON data block, no inline script), no WebSocket,
 * no workers. Its Google Fonts stylesheet link is refused: the board falls back to local fonts.
 */
export const BOARD_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export const BOARD_REFUSALS = {
  noTicket: 'No queue board ticket: open the board from the console (Admin, Queues)',
  duplicated: 'More than one queue board ticket was sent',
  invalid: 'The queue board ticket is invalid or expired: open the board again from the console',
  ended: 'The session that opened the queue board has ended: sign in to the console again',
  notAdmin: 'Only admins may use the queue board',
  readOnly: 'The queue board is read-only (QUEUES_BOARD_ACTIONS is off)',
  crossOrigin: 'Changes to the queues must come from the board itself',
} as const;

const READ_METHODS = ['GET', 'HEAD'];
/** A request body larger than this is audited by its size only. */
const AUDITED_BODY_BYTES = 4_096;

interface BoardActor {
  username: string;
  session: string;
  ip: string | null;
}

/**
 * Bull Board over the queues of JobQueue (the same Redis connection and prefix), at /admin/queues,
 * behind a check on every request: a valid board ticket (queues-board.controller.ts) whose session
 * is still open and whose user is still an enabled admin. Without QUEUES_BOARD_ACTIONS the board is
 * read-only (and every write request is refused before it); with it, each change is written to the
 * audit trail before it runs, with the admin as actor.
 */
@Injectable()
export class QueuesBoard {
  private readonly logger = new Logger(QueuesBoard.name);
  /** The checked caller of a board request, keyed by its headers object (what board hooks see). */
  private readonly actors = new WeakMap<object, BoardActor>();

  constructor(
    private readonly jobs: JobQueue,
    private readonly auth: AuthService,
    private readonly access: BoardAccessRepository,
    private readonly revocations: SessionRevocationsRepository,
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get actionsEnabled(): boolean {
    return this.config.QUEUES_BOARD_ACTIONS;
  }

  /** The Express handler to mount at QUEUES_BOARD_PATH. */
  handler(): Router {
    const adapter = new ExpressAdapter();
    adapter.setBasePath(QUEUES_BOARD_PATH);
    const readOnly = !this.actionsEnabled;
    createBullBoard({
      queues: Object.values(QueueName).map(
        (name) =>
          new BullMQAdapter(this.jobs.queue(name), {
            readOnlyMode: readOnly,
            allowRetries: !readOnly,
          }),
      ),
      serverAdapter: adapter,
      options: {
        uiConfig: {
          boardTitle: 'CityOps queues',
          hideDocsLink: true,
          miscLinks: [{ text: 'Console', url: '/console' }],
        },
        handlerHooks: { before: (context) => this.beforeBoardApi(context) },
      },
    });
    const board = adapter.getRouter() as express.Express;
    board.disable('x-powered-by');
    const router = express.Router();
    router.use((req: Request, res: Response, next: NextFunction) => {
      this.guard(req, res, next).catch(next);
    });
    router.use(board);
    return router;
  }

  private async guard(req: Request, res: Response, next: NextFunction): Promise<void> {
    res.setHeader('Content-Security-Policy', BOARD_CONTENT_SECURITY_POLICY);
    res.setHeader('Cache-Control', 'no-store');
    const tickets = cookieValues(req.headers.cookie, BOARD_COOKIE);
    if (tickets.length === 0) return refuse(req, res, 401, BOARD_REFUSALS.noTicket);
    if (tickets.length > 1) return refuse(req, res, 401, BOARD_REFUSALS.duplicated);
    const claims = verifyBoardTicket(
      tickets[0]!,
      this.auth.signingSecret(),
      Math.floor(Date.now() / 1000),
    );
    if (!claims) return refuse(req, res, 401, BOARD_REFUSALS.invalid, true);
    // Redis first: a logout reaches every replica there at once; then the session and user rows.
    const state = (await this.revocations.isRevoked(claims.sid))
      ? null
      : await this.access.sessionState(claims.sid);
    if (!state || state.ended || state.disabled || state.username !== claims.sub)
      return refuse(req, res, 401, BOARD_REFUSALS.ended, true);
    if (state.role !== 'admin' || state.mustChangePassword)
      return refuse(req, res, 403, BOARD_REFUSALS.notAdmin);
    if (!READ_METHODS.includes(req.method)) {
      if (!this.actionsEnabled) return refuse(req, res, 403, BOARD_REFUSALS.readOnly);
      if (!sameOrigin(req)) return refuse(req, res, 403, BOARD_REFUSALS.crossOrigin);
    }
    this.actors.set(req.headers, { username: claims.sub, session: claims.sid, ip: req.ip ?? null });
    next();
  }

  /**
   * Runs before every board API handler: a change is audited first, and refused (500, nothing
   * done) when the audit trail cannot take it.
   */
  private async beforeBoardApi(context: HookContext): Promise<BeforeHookResult> {
    if (READ_METHODS.includes(context.method.toUpperCase())) return;
    const actor = this.actors.get(context.request.headers);
    if (!actor) return { allow: false, status: 403, message: BOARD_REFUSALS.notAdmin };
    const { params, query, body } = context.request;
    const bodyText = body === undefined ? '' : JSON.stringify(body);
    try {
      await this.audit.record({
        actor: actor.username,
        action: boardActionName(context.route),
        target: boardActionTarget(params),
        ip: actor.ip,
        data: {
          method: context.method.toUpperCase(),
          route: context.route,
          params,
          ...(Object.keys(query).length ? { query } : {}),
          ...(bodyText && bodyText !== '{}'
            ? Buffer.byteLength(bodyText) <= AUDITED_BODY_BYTES
              ? { body }
              : { bodyBytes: Buffer.byteLength(bodyText) }
            : {}),
          session: actor.session,
        },
      });
    } catch (error) {
      this.logger.error(
        `a queue board action was refused: the audit trail failed: ${String(error)}`,
      );
      throw error;
    }
  }
}

/**
 * A browser sends Origin with every write; when it does, it must be this host. (SameSite=Strict
 * already keeps the cookie off other sites' requests; this also refuses a sibling origin's.)
 */
function sameOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  return new URL(origin).host === req.headers.host;
}

/**
 * 401/403 without serving any of the board: JSON in the API's error shape for the board's API, a
 * short page pointing to the console's sign-in for everything else (page loads, assets).
 */
function refuse(
  req: Request,
  res: Response,
  status: 401 | 403,
  message: string,
  clearTicket = false,
): void {
  if (clearTicket)
    res.clearCookie(BOARD_COOKIE, { path: QUEUES_BOARD_PATH, httpOnly: true, sameSite: 'strict' });
  const error = status === 401 ? 'Unauthorized' : 'Forbidden';
  if (req.path.startsWith('/api/')) {
    res.status(status).json({ statusCode: status, error, message });
    return;
  }
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>${error}: queue board</title>` +
        `<p>${message}.</p><p>请登录控制台，在“管理”菜单中打开“队列”。</p><p><a href="/login">Sign in to the console 登录控制台</a></p></html>`,
    );
}
