import type { INestApplication } from '@nestjs/common';
import {
  type AuditPage,
  JobName,
  type LoginResponse,
  QueueName,
  type Role,
  redisKeys,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { DATABASE, type Database } from '../../src/infra/database/database.js';
import { signToken } from '../../src/modules/auth/access-token.js';
import {
  BOARD_TICKET_TTL_SECONDS,
  signBoardTicket,
} from '../../src/modules/queues-board/board-ticket.js';
import {
  BOARD_CONTENT_SECURITY_POLICY,
  BOARD_REFUSALS,
} from '../../src/modules/queues-board/queues-board.js';
import { TestEnv, portOf } from './support/test-env.js';

const SECRET = 'integration-test-secret-that-is-long-enough-to-pass';
const PASSWORD = 'test-admin-password';
const COOKIE = 'cityops_queues_board';
const SESSION_ROUTE = '/api/admin/queues/session';

/** One API process on its own Redis prefix and PGlite; no workers, so queued jobs stay put. */
class BoardBackend {
  private constructor(
    readonly env: TestEnv,
    readonly app: INestApplication,
  ) {}

  static async start(extra: Record<string, string> = {}): Promise<BoardBackend> {
    const env = await TestEnv.create('pglite');
    const app = await createApiApp(
      env.config({ AUTH_SECRET: SECRET, WORKERS_IN_API: 'false', ...extra }),
    );
    await app.listen(0, '127.0.0.1');
    return new BoardBackend(env, app);
  }

  get base(): string {
    return `http://127.0.0.1:${portOf(this.app.getHttpServer())}`;
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.base}${path}`, { redirect: 'manual', ...init });
  }

  async login(username = 'admin', password = PASSWORD): Promise<LoginResponse> {
    const response = await this.fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as LoginResponse;
  }

  openSession(token: string | null, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(SESSION_ROUTE, {
      method: 'POST',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
  }

  /** Signs in as admin and opens the board: the ticket from the cookie, and the access token. */
  async ticket(): Promise<{ ticket: string; token: string; sessionId: string }> {
    const login = await this.login();
    const answer = await this.openSession(login.token);
    expect(answer.status).toBe(204);
    const ticket = /^cityops_queues_board=([^;]+)/.exec(
      answer.headers.get('set-cookie') ?? '',
    )?.[1];
    expect(ticket).toBeTruthy();
    const sessionId = JSON.parse(
      Buffer.from(ticket!.split('.')[0]!, 'base64url').toString('utf8'),
    ) as { sid: string };
    return { ticket: ticket!, token: login.token, sessionId: sessionId.sid };
  }

  board(path: string, ticket: string | null, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (ticket !== null) headers.set('cookie', `${COOKIE}=${ticket}`);
    return this.fetch(`/admin/queues${path}`, { ...init, headers });
  }

  async audit(action: string, token: string): Promise<AuditPage['items']> {
    const response = await this.fetch(`/api/audit?action=${encodeURIComponent(action)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as AuditPage).items;
  }

  queue(name: QueueName): Queue {
    return new Queue(name, {
      connection: this.env.redis(),
      prefix: redisKeys(this.env.redisPrefix).bull,
    });
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.env.dispose();
  }
}

/** A delayed notification job (an hour ahead: nothing runs it during the test). */
async function delayedJob(queue: Queue, id: string): Promise<string> {
  const job = await queue.add(
    JobName.DeliverNotification,
    { placeholder: id },
    { jobId: id, delay: 3_600_000 },
  );
  return job.id!;
}

const accessToken = (role: Role) => {
  const now = Math.floor(Date.now() / 1000);
  return signToken(
    { sid: `sid-${role}`, sub: `${role}-board`, role, iat: now, exp: now + 3600 },
    SECRET,
  );
};

describe('queue board - /admin/queues (read-only, the default)', () => {
  let b: BoardBackend;
  let notifications: Queue;

  beforeAll(async () => {
    b = await BoardBackend.start({ TRUST_PROXY: 'loopback' });
    notifications = b.queue(QueueName.Notifications);
  });

  afterAll(async () => {
    await notifications?.close();
    await b?.stop();
  });

  describe('the session route - POST /api/admin/queues/session', () => {
    it('gives a signed-in admin 204 and a short-lived HttpOnly, SameSite=Strict cookie for /admin/queues only', async () => {
      const login = await b.login();
      const answer = await b.openSession(login.token);
      expect(answer.status).toBe(204);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const cookie = answer.headers.get('set-cookie') ?? '';
      const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
      expect(cookie).toMatch(/^cityops_queues_board=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+;/);
      expect(attributes).toEqual(
        expect.arrayContaining([
          `max-age=${BOARD_TICKET_TTL_SECONDS}`,
          'path=/admin/queues',
          'httponly',
          'samesite=strict',
        ]),
      );
      expect(attributes).not.toContain('secure');
      const expires = Date.parse(attributes.find((a) => a.startsWith('expires='))!.slice(8));
      expect(expires - Date.now()).toBeLessThanOrEqual(BOARD_TICKET_TTL_SECONDS * 1000 + 2_000);

      const opened = await b.audit('queues.board_opened', login.token);
      expect(opened[0]).toMatchObject({ actor: 'admin', action: 'queues.board_opened' });
    });

    it('marks the cookie Secure when the request came over HTTPS (a trusted proxy said so)', async () => {
      const login = await b.login();
      const answer = await b.openSession(login.token, { 'x-forwarded-proto': 'https' });
      expect(answer.status).toBe(204);
      const attributes = (answer.headers.get('set-cookie') ?? '')
        .split(';')
        .map((a) => a.trim().toLowerCase());
      expect(attributes).toContain('secure');
    });

    it('refuses anonymous callers (401) and every other role (403)', async () => {
      const anonymous = await b.openSession(null);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('set-cookie')).toBeNull();
      for (const role of ['supervisor', 'operator', 'display'] as const) {
        const answer = await b.openSession(accessToken(role));
        expect(answer.status, role).toBe(403);
        expect(((await answer.json()) as { message: string }).message).toBe(
          `Role ${role} may not do this`,
        );
        expect(answer.headers.get('set-cookie')).toBeNull();
      }
    });

    it('refuses display and API tokens, whatever their role (403)', async () => {
      const { token } = await b.login();
      const made = async (body: Record<string, unknown>) => {
        const created = await b.fetch('/api/tokens', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(created.status).toBe(201);
        return ((await created.json()) as { token: string }).token;
      };
      for (const body of [
        { kind: 'display', name: 'wall' },
        { kind: 'api', name: 'bridge', role: 'supervisor', scopes: ['incidents:read'] },
      ]) {
        const answer = await b.openSession(await made(body));
        expect(answer.status, body.kind).toBe(403);
        expect(answer.headers.get('set-cookie')).toBeNull();
      }
    });

    it('refuses an admin token that belongs to no session', async () => {
      const now = Math.floor(Date.now() / 1000);
      const sessionless = signToken(
        { sub: 'admin', role: 'admin', iat: now, exp: now + 600 },
        SECRET,
      );
      // Tokens without a session cannot be revoked: the guard refuses them before the route.
      const answer = await b.openSession(sessionless);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('set-cookie')).toBeNull();
    });
  });

  describe('the board behind its cookie', () => {
    it('serves the board page, its assets and its API to an admin with the cookie, under its own policy', async () => {
      const { ticket } = await b.ticket();
      const page = await b.board('', ticket);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toBe(BOARD_CONTENT_SECURITY_POLICY);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-powered-by')).toBeNull();
      const html = await page.text();
      expect(html).toContain('<base href="/admin/queues/"');
      expect(html).toContain('<title>CityOps queues</title>');
      // No inline script the policy would block: the one <script> without src is a JSON data block.
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
      expect(inline.every((attrs) => /type="application\/json"/.test(attrs ?? ''))).toBe(true);

      const scripts = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
      expect(scripts.length).toBeGreaterThan(0);
      for (const src of [...scripts, /href="(static\/css\/[^"]+)"/.exec(html)![1]!]) {
        const asset = await b.board(`/${src}`, ticket);
        expect(asset.status, src).toBe(200);
      }
      // A client-side route of the board is the same page.
      expect((await b.board('/queue/notifications', ticket)).status).toBe(200);
    });

    it('lists the real queues with their job counts', async () => {
      const id = await delayedJob(notifications, 'board-count-1');
      const { ticket } = await b.ticket();
      const answer = await b.board('/api/queues', ticket);
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as {
        queues: { name: string; counts: Record<string, number>; readOnlyMode: boolean }[];
      };
      expect(body.queues.map((q) => q.name).sort()).toEqual(Object.values(QueueName).sort());
      const listed = body.queues.find((q) => q.name === QueueName.Notifications)!;
      expect(listed.counts.delayed).toBe(1);
      expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
      await notifications.remove(id);
    });

    it('answers 401 without a cookie: a page pointing to the sign-in, no board, no assets, no API', async () => {
      const page = await b.board('', null);
      expect(page.status).toBe(401);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('href="/login"');
      expect(html).toContain(BOARD_REFUSALS.noTicket);
      expect(html).not.toContain('static/js');
      expect(page.headers.get('content-security-policy')).toBe(BOARD_CONTENT_SECURITY_POLICY);

      const { ticket } = await b.ticket();
      const script = /<script[^>]*\bsrc="([^"]+)"/.exec(
        await (await b.board('', ticket)).text(),
      )![1];
      expect((await b.board(`/${script}`, null)).status).toBe(401);
      const api = await b.board('/api/queues', null);
      expect(api.status).toBe(401);
      expect(await api.json()).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: BOARD_REFUSALS.noTicket,
      });
    });

    it('refuses forged, tampered, expired, malformed and duplicated tickets (401)', async () => {
      const { ticket, sessionId } = await b.ticket();
      const now = Math.floor(Date.now() / 1000);
      const [body, signature] = ticket.split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
        sub: string;
        sid: string;
        exp: number;
      };
      const reSigned = (changes: Partial<typeof claims>) =>
        `${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${signature}`;
      const cases: [string, string][] = [
        ['another secret', signBoardTicket({ ...claims }, 'x'.repeat(48))],
        ['another user', reSigned({ sub: 'supervisor' })],
        ['a longer life', reSigned({ exp: claims.exp + 3600 })],
        ['expired', signBoardTicket({ ...claims, exp: now - 1 }, SECRET)],
        ['signed far ahead', signBoardTicket({ ...claims, exp: now + 86_400 }, SECRET)],
        ['no session', signBoardTicket({ ...claims, sid: 'crs_no-such-session' }, SECRET)],
        ['someone else on this session', signBoardTicket({ ...claims, sub: 'root' }, SECRET)],
        ['the access token', (await b.login()).token],
        ['truncated', ticket.slice(0, -5)],
        ['empty', ''],
        ['garbage', '%00%ff<script>'],
        ['huge', `${body}.${'A'.repeat(8_000)}`],
      ];
      for (const [label, value] of cases) {
        const answer = await b.board('/api/queues', value);
        expect(answer.status, label).toBe(401);
        expect(((await answer.json()) as { message: string }).message, label).toMatch(
          /invalid or expired|has ended/,
        );
      }
      // Two tickets, one of them good: refused rather than guessed.
      const twice = await b.fetch('/admin/queues/api/queues', {
        headers: { cookie: `${COOKIE}=${ticket}; ${COOKIE}=${ticket}` },
      });
      expect(twice.status).toBe(401);
      expect(((await twice.json()) as { message: string }).message).toBe(BOARD_REFUSALS.duplicated);
      // The good one, alone, still works: nothing above harmed it.
      expect((await b.board('/api/queues', ticket)).status).toBe(200);
      expect(sessionId).toBe(claims.sid);
    });

    it('stops working once the session that opened it signs out', async () => {
      const { ticket, token } = await b.ticket();
      expect((await b.board('/api/queues', ticket)).status).toBe(200);
      const logout = await b.fetch('/api/auth/logout', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(logout.status).toBe(204);
      const after = await b.board('/api/queues', ticket);
      expect(after.status).toBe(401);
      expect(((await after.json()) as { message: string }).message).toBe(BOARD_REFUSALS.ended);
      const page = await b.board('', ticket);
      expect(page.status).toBe(401);
      // The dead ticket is cleared from the browser.
      expect(page.headers.get('set-cookie')).toMatch(/^cityops_queues_board=;/);
    });

    it('checks on every request that the user is still an enabled admin', async () => {
      const { ticket } = await b.ticket();
      const db = b.app.get<Database>(DATABASE);
      try {
        await db.query(`UPDATE users SET role = 'operator' WHERE username = 'admin'`);
        const demoted = await b.board('/api/queues', ticket);
        expect(demoted.status).toBe(403);
        expect(((await demoted.json()) as { message: string }).message).toBe(
          BOARD_REFUSALS.notAdmin,
        );
        await db.query(
          `UPDATE users SET role = 'admin', disabled_at = now() WHERE username = 'admin'`,
        );
        expect((await b.board('/api/queues', ticket)).status).toBe(401);
      } finally {
        await db.query(
          `UPDATE users SET role = 'admin', disabled_at = NULL WHERE username = 'admin'`,
        );
      }
      expect((await b.board('/api/queues', ticket)).status).toBe(200);
    });

    it('refuses every change while read-only, before the board sees it', async () => {
      const id = await delayedJob(notifications, 'board-readonly-1');
      const { ticket, token } = await b.ticket();
      for (const [method, path] of [
        ['PUT', `/api/queues/notifications/${id}/promote`],
        ['PUT', `/api/queues/notifications/${id}/clean`],
        ['PUT', '/api/queues/notifications/clean/delayed'],
        ['PUT', '/api/queues/pause'],
        ['POST', '/api/queues/notifications/add'],
        ['DELETE', '/api/queues/notifications'],
      ] as const) {
        const answer = await b.board(path, ticket, { method });
        expect(answer.status, `${method} ${path}`).toBe(403);
        expect(((await answer.json()) as { message: string }).message).toBe(
          BOARD_REFUSALS.readOnly,
        );
      }
      expect(await notifications.getJobState(id)).toBe('delayed');
      expect(await notifications.isPaused()).toBe(false);
      expect(await b.audit('queues.job.*', token)).toEqual([]);
      await notifications.remove(id);
    });
  });
});

describe('queue board - with QUEUES_BOARD_ACTIONS=true', () => {
  let b: BoardBackend;
  let notifications: Queue;

  beforeAll(async () => {
    b = await BoardBackend.start({ QUEUES_BOARD_ACTIONS: 'true' });
    notifications = b.queue(QueueName.Notifications);
  });

  afterAll(async () => {
    await notifications?.close();
    await b?.stop();
  });

  it('promotes and removes jobs, each written to the audit trail first with the admin as actor', async () => {
    const promoted = await delayedJob(notifications, 'board-action-1');
    const removed = await delayedJob(notifications, 'board-action-2');
    const { ticket, token } = await b.ticket();
    const origin = { origin: b.base };

    const promote = await b.board(`/api/queues/notifications/${promoted}/promote`, ticket, {
      method: 'PUT',
      headers: origin,
    });
    expect(promote.status).toBe(204);
    expect(await notifications.getJobState(promoted)).toBe('waiting');

    const clean = await b.board(`/api/queues/notifications/${removed}/clean`, ticket, {
      method: 'PUT',
      headers: origin,
    });
    expect(clean.status).toBe(204);
    expect(await notifications.getJob(removed)).toBeUndefined();

    const entries = await b.audit('queues.job.*', token);
    expect(entries.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['admin', 'queues.job.clean', `queue:notifications/${removed}`],
      ['admin', 'queues.job.promote', `queue:notifications/${promoted}`],
    ]);
    expect(entries[1]!.data).toMatchObject({
      method: 'PUT',
      route: '/api/queues/:queueName/:jobId/promote',
    });
    expect(entries[1]!.ip).toBeTruthy();

    const listed = (await (await b.board('/api/queues', ticket)).json()) as {
      queues: { readOnlyMode: boolean; allowRetries: boolean }[];
    };
    expect(listed.queues.every((q) => !q.readOnlyMode && q.allowRetries)).toBe(true);
    await notifications.obliterate({ force: true });
  });

  it('refuses a change sent from another origin, and audits nothing for it', async () => {
    const id = await delayedJob(notifications, 'board-action-3');
    const { ticket, token } = await b.ticket();
    const before = (await b.audit('queues.*', token)).length;
    for (const origin of ['https://evil.example', 'null', 'not a url']) {
      const answer = await b.board(`/api/queues/notifications/${id}/promote`, ticket, {
        method: 'PUT',
        headers: { origin },
      });
      expect(answer.status, origin).toBe(403);
      expect(((await answer.json()) as { message: string }).message).toBe(
        BOARD_REFUSALS.crossOrigin,
      );
    }
    expect(await notifications.getJobState(id)).toBe('delayed');
    expect(await b.audit('queues.*', token)).toHaveLength(before);
  });

  it('audits an action on a queue that does not exist, and the board answers 404', async () => {
    const { ticket, token } = await b.ticket();
    const answer = await b.board('/api/queues/no-such-queue/retry/failed', ticket, {
      method: 'PUT',
      headers: { origin: b.base },
    });
    expect(answer.status).toBe(404);
    const [entry] = await b.audit('queues.queue.retry', token);
    expect(entry).toMatchObject({
      actor: 'admin',
      target: 'queue:no-such-queue',
      data: { params: { queueName: 'no-such-queue', queueStatus: 'failed' } },
    });
  });
});
