import type { INestApplication } from '@nestjs/common';
import type {
  ApiError,
  ApiTokenList,
  CreatedToken,
  LoginResponse,
  User,
  UserAccountList,
  UserAccountResponse,
} from '@cityops/contracts';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { DATABASE, type Database } from '../../src/infra/database/database.js';
import { PASSWORD_CHANGE_REQUIRED, TOKEN_REQUIRED } from '../../src/modules/auth/auth.guard.js';
import { SESSION_ENDED } from '../../src/modules/auth/auth.controller.js';
import { ApiClient } from './support/api-client.js';
import { DATABASE_KINDS, TestEnv, eventually } from './support/test-env.js';

const SECRET = 'integration-test-secret-that-is-long-enough-to-pass';
const HEPING = '120101';
const HEXI = '120103';

/** Opens a live connection with a token; resolves once connected, or with the refusal's message. */
async function connectLive(baseUrl: string, token: string): Promise<Socket | string> {
  const socket = io(baseUrl, {
    path: '/socket.io',
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.disconnect();
      resolve(error.message);
    });
  });
}

describe.each(DATABASE_KINDS)('accounts, sessions and tokens (%s)', (databaseKind) => {
  let env: TestEnv;
  let app: INestApplication;
  let admin: ApiClient;
  let anonymous: ApiClient;
  const sockets: Socket[] = [];

  const signIn = async (username: string, password: string) => {
    const answer = await anonymous.post<LoginResponse & ApiError>('/api/auth/login', {
      username,
      password,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };
  const clientWith = (token: string) => {
    const client = ApiClient.of(app);
    client.token = token;
    return client;
  };
  const createUser = async (body: Record<string, unknown>) => {
    const answer = await admin.post<UserAccountResponse & ApiError>('/api/users', body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body;
  };
  const db = () => app.get<Database>(DATABASE);

  beforeAll(async () => {
    env = await TestEnv.create(databaseKind);
    app = await createApiApp(env.config({ AUTH_SECRET: SECRET }));
    await app.listen(0, '127.0.0.1');
    anonymous = ApiClient.of(app);
    admin = ApiClient.of(app);
    await admin.login('admin', 'test-admin-password');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await app?.close();
    await env?.dispose();
  });

  describe('sessions', () => {
    it('signs in with a short-lived access token and a refresh token that rotates', async () => {
      const first = await signIn('admin', 'test-admin-password');
      expect(first.refreshToken).toMatch(/^crs_/);
      const lifetime = Date.parse(first.expiresAt!) - Date.now();
      expect(lifetime).toBeGreaterThan(14 * 60_000);
      expect(lifetime).toBeLessThanOrEqual(15 * 60_000);

      const second = await anonymous.post<LoginResponse>('/api/auth/refresh', {
        refreshToken: first.refreshToken,
      });
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).toMatch(/^crs_/);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect((await clientWith(second.body.token).get('/api/incidents')).status).toBe(200);
      // The old access token still works until it ends: rotation does not revoke the session.
      expect((await clientWith(first.token).get('/api/incidents')).status).toBe(200);
    });

    it('refuses a refresh token used twice in a race, without ending the session', async () => {
      const first = await signIn('admin', 'test-admin-password');
      const next = await anonymous.post<LoginResponse>('/api/auth/refresh', {
        refreshToken: first.refreshToken,
      });
      const again = await anonymous.post<ApiError>('/api/auth/refresh', {
        refreshToken: first.refreshToken,
      });
      expect(again.status).toBe(401);
      expect(again.body.message).toBe(SESSION_ENDED);
      expect((await clientWith(next.body.token).get('/api/incidents')).status).toBe(200);
      const third = await anonymous.post('/api/auth/refresh', {
        refreshToken: next.body.refreshToken,
      });
      expect(third.status).toBe(200);
    });

    it('ends the whole session when an old refresh token comes back later (a stolen copy)', async () => {
      const first = await signIn('admin', 'test-admin-password');
      const next = await anonymous.post<LoginResponse>('/api/auth/refresh', {
        refreshToken: first.refreshToken,
      });
      // As if the rotation happened a minute ago, past the race allowance.
      await db().query(
        `UPDATE auth_sessions SET refreshed_at = now() - interval '60 seconds' WHERE id = $1`,
        [first.refreshToken!.split('_')[1]],
      );
      const replay = await anonymous.post('/api/auth/refresh', {
        refreshToken: first.refreshToken,
      });
      expect(replay.status).toBe(401);
      expect(
        (await anonymous.post('/api/auth/refresh', { refreshToken: next.body.refreshToken }))
          .status,
      ).toBe(401);
      const revoked = await clientWith(next.body.token).get<ApiError>('/api/incidents');
      expect(revoked.status).toBe(401);
      const audit = await db().query<{ action: string }>(
        `SELECT action FROM audit_log WHERE action = 'auth.refresh_reused'`,
      );
      expect(audit.length).toBeGreaterThanOrEqual(1);
    });

    it('logs out: the access token, the refresh token and the live connection all stop', async () => {
      const session = await signIn('admin', 'test-admin-password');
      const socket = await connectLive(admin.baseUrl, session.token);
      expect(typeof socket).not.toBe('string');
      sockets.push(socket as Socket);
      const client = clientWith(session.token);
      expect((await client.post('/api/auth/logout')).status).toBe(204);
      const after = await client.get<ApiError>('/api/incidents');
      expect(after.status).toBe(401);
      expect(after.body.message).toBe(TOKEN_REQUIRED);
      expect(
        (await anonymous.post('/api/auth/refresh', { refreshToken: session.refreshToken })).status,
      ).toBe(401);
      await eventually(async () => !(socket as Socket).connected, 5_000, 'live disconnect');
      expect(await connectLive(admin.baseUrl, session.token)).toBe('unauthorized');
      // Another session of the same user is untouched.
      expect((await admin.get('/api/incidents')).status).toBe(200);
    });

    it.each([
      ['a malformed token', 'crs_nope'],
      ['an access token', 'eyJhbGciOiJIUzI1NiJ9.e30.x'],
      ['a display token shape', `cdt_${'A'.repeat(20)}_${'a'.repeat(43)}`],
      ['an unknown session', `crs_${'A'.repeat(20)}_${'a'.repeat(43)}`],
    ])('refuses %s as a refresh token with 401', async (_, refreshToken) => {
      const answer = await anonymous.post<ApiError>('/api/auth/refresh', { refreshToken });
      expect(answer.status).toBe(401);
      expect(answer.body.message).toBe(SESSION_ENDED);
    });

    it('refuses a refresh body of the wrong shape with 400', async () => {
      for (const body of [{}, { refreshToken: 42 }, { refreshToken: 'x', extra: 1 }, []])
        expect((await anonymous.post('/api/auth/refresh', body)).status).toBe(400);
    });
  });

  describe('users and passwords', () => {
    it('creates a user with a generated password that must be changed before anything else', async () => {
      const created = await createUser({ username: 'op.heping', role: 'operator' });
      expect(created.user).toMatchObject({
        username: 'op.heping',
        role: 'operator',
        districts: null,
        mustChangePassword: true,
        disabled: false,
      });
      expect(created.generatedPassword).toMatch(/^.{12,}$/);

      const session = await signIn('op.heping', created.generatedPassword!);
      expect(session.user).toMatchObject({ username: 'op.heping', mustChangePassword: true });
      const operator = clientWith(session.token);
      const blocked = await operator.get<ApiError>('/api/incidents');
      expect(blocked.status).toBe(403);
      expect(blocked.body.message).toBe(PASSWORD_CHANGE_REQUIRED);
      expect((await operator.get<User>('/api/auth/me')).body).toMatchObject({
        mustChangePassword: true,
      });

      const weak = await operator.post<ApiError>('/api/auth/password', {
        currentPassword: created.generatedPassword,
        newPassword: 'short',
      });
      expect(weak.status).toBe(400);
      expect(weak.body.message).toMatch(/at least 10 characters/);
      const withName = await operator.post<ApiError>('/api/auth/password', {
        currentPassword: created.generatedPassword,
        newPassword: 'my-op.heping-password',
      });
      expect(withName.body.message).toMatch(/username/);
      const wrongCurrent = await operator.post<ApiError>('/api/auth/password', {
        currentPassword: 'not-it',
        newPassword: '海河 东路 12 号 night shift',
      });
      expect(wrongCurrent.status).toBe(400);
      expect(wrongCurrent.body.message).toBe('The current password is wrong');

      const changed = await operator.post<LoginResponse>('/api/auth/password', {
        currentPassword: created.generatedPassword,
        newPassword: '海河 东路 12 号 night shift',
      });
      expect(changed.status).toBe(200);
      expect(changed.body.user.mustChangePassword).toBe(false);
      expect((await clientWith(changed.body.token).get('/api/incidents')).status).toBe(200);
      // The session that had to change the password is over; the old password is refused.
      expect((await operator.get('/api/auth/me')).status).toBe(401);
      expect(
        (
          await anonymous.post('/api/auth/login', {
            username: 'op.heping',
            password: created.generatedPassword,
          })
        ).status,
      ).toBe(401);
      await signIn('op.heping', '海河 东路 12 号 night shift');
    });

    it('refuses duplicate usernames, bad roles, unknown districts and weak chosen passwords', async () => {
      await createUser({ username: 'sup1', role: 'supervisor', password: 'a-long-enough-pass' });
      const cases: [unknown, number][] = [
        [{ username: 'sup1', role: 'supervisor' }, 409],
        [{ username: 'x', role: 'root' }, 400],
        [{ username: 'x y', role: 'operator' }, 400],
        [{ username: "x'; DROP TABLE users; --", role: 'operator' }, 400],
        [{ username: 'x', role: 'operator', districts: ['999999'] }, 400],
        [{ username: 'x', role: 'operator', districts: [] }, 400],
        [{ username: 'x', role: 'operator', password: 'aaaaaaaaaaaa' }, 400],
        [{ username: 'x', role: 'operator', admin: true }, 400],
      ];
      for (const [body, status] of cases) {
        const answer = await admin.post<ApiError>('/api/users', body);
        expect(answer.status, JSON.stringify(body)).toBe(status);
        expect(answer.body.message).toBeTruthy();
      }
      const list = await admin.get<UserAccountList>('/api/users');
      expect(list.body.items.map((u) => u.username)).toEqual(
        expect.arrayContaining(['admin', 'op.heping', 'sup1']),
      );
      expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password_hash|passwordHash/);
    });

    it('a change of role signs the user out everywhere; disabling refuses sign-in like a wrong password', async () => {
      await createUser({ username: 'op2', role: 'operator', password: 'second-shift-pass' });
      const session = await signIn('op2', 'second-shift-pass');
      const promoted = await admin.request<UserAccountResponse>('PATCH', '/api/users/op2', {
        role: 'supervisor',
      });
      expect(promoted.status).toBe(200);
      expect(promoted.body.user.role).toBe('supervisor');
      expect((await clientWith(session.token).get('/api/incidents')).status).toBe(401);
      expect(
        (await anonymous.post('/api/auth/refresh', { refreshToken: session.refreshToken })).status,
      ).toBe(401);
      expect((await signIn('op2', 'second-shift-pass')).user.role).toBe('supervisor');

      await admin.request('PATCH', '/api/users/op2', { disabled: true });
      const refused = await anonymous.post<ApiError>('/api/auth/login', {
        username: 'op2',
        password: 'second-shift-pass',
      });
      const wrong = await anonymous.post<ApiError>('/api/auth/login', {
        username: 'op2',
        password: 'wrong-password',
      });
      expect(refused).toEqual(wrong);
      await admin.request('PATCH', '/api/users/op2', { disabled: false });
      await signIn('op2', 'second-shift-pass');
    });

    it('resets a password: a new generated one, to be changed, every session ended', async () => {
      await createUser({ username: 'op3', role: 'operator', password: 'third-shift-pass' });
      const session = await signIn('op3', 'third-shift-pass');
      const reset = await admin.request<UserAccountResponse>('PATCH', '/api/users/op3', {
        resetPassword: true,
      });
      expect(reset.body.generatedPassword).toBeTruthy();
      expect(reset.body.user.mustChangePassword).toBe(true);
      expect((await clientWith(session.token).get('/api/incidents')).status).toBe(401);
      expect((await signIn('op3', reset.body.generatedPassword!)).user.mustChangePassword).toBe(
        true,
      );
    });

    it('keeps an admin from locking themselves out, and answers 404 for an unknown user', async () => {
      expect((await admin.request('PATCH', '/api/users/admin', { disabled: true })).status).toBe(
        400,
      );
      expect((await admin.request('PATCH', '/api/users/admin', { role: 'operator' })).status).toBe(
        400,
      );
      expect((await admin.request('PATCH', '/api/users/nobody', { disabled: true })).status).toBe(
        404,
      );
      expect((await admin.request('PATCH', '/api/users/admin', {})).status).toBe(400);
    });

    it('records user changes with before and after in the audit trail', async () => {
      const rows = await db().query<{ action: string; target: string; data: unknown }>(
        `SELECT action, target, data FROM audit_log WHERE target = 'op2' AND action = 'user.updated' ORDER BY id`,
      );
      expect(rows[0]?.data).toMatchObject({
        before: { role: 'operator' },
        after: { role: 'supervisor' },
        signedOut: 1,
      });
      const actions = (
        await db().query<{ action: string }>('SELECT DISTINCT action FROM audit_log')
      ).map((r) => r.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'user.created',
          'user.updated',
          'user.password_reset',
          'auth.password_changed',
          'auth.logout',
        ]),
      );
    });
  });

  describe('display and API tokens', () => {
    it('a display token reads what the wall needs, changes nothing, and is revoked at once', async () => {
      const created = await admin.post<CreatedToken>('/api/tokens', {
        kind: 'display',
        name: '指挥中心大屏 1',
      });
      expect(created.status).toBe(201);
      expect(created.body.token).toMatch(/^cdt_/);
      expect(created.body.item).toMatchObject({ kind: 'display', role: 'display', scopes: [] });
      const wall = clientWith(created.body.token);
      expect((await wall.get<User>('/api/auth/me')).body).toMatchObject({ role: 'display' });
      expect((await wall.get('/api/incidents')).status).toBe(200);
      expect((await wall.get('/api/assets')).status).toBe(200);
      expect((await wall.post('/api/silences', {})).status).toBe(403);
      expect((await wall.get('/api/users')).status).toBe(403);
      expect((await wall.post('/api/auth/logout')).status).toBe(403);
      const socket = await connectLive(admin.baseUrl, created.body.token);
      expect(typeof socket).not.toBe('string');
      sockets.push(socket as Socket);

      const listed = await admin.get<ApiTokenList>('/api/tokens');
      const item = listed.body.items.find((t) => t.id === created.body.item.id)!;
      expect(item.lastSeenAt).not.toBeNull();
      expect(item.lastSeenIp).toBeTruthy();
      // The secret (after `cdt_<id>_`) is shown once, at creation, and never listed.
      expect(JSON.stringify(listed.body)).not.toContain(created.body.token.slice(25));

      expect((await admin.request('DELETE', `/api/tokens/${item.id}`)).status).toBe(204);
      expect((await wall.get('/api/incidents')).status).toBe(401);
      await eventually(async () => !(socket as Socket).connected, 5_000, 'live disconnect');
      expect(await connectLive(admin.baseUrl, created.body.token)).toBe('unauthorized');
      expect((await admin.request('DELETE', `/api/tokens/${item.id}`)).status).toBe(204);
      expect((await admin.request('DELETE', '/api/tokens/no-such-token')).status).toBe(404);
    });

    it('an API token reaches only its scopes, with its role', async () => {
      const created = await admin.post<CreatedToken>('/api/tokens', {
        kind: 'api',
        name: '12345 hotline bridge',
        scopes: ['incidents:read', 'cases:read'],
      });
      expect(created.status).toBe(201);
      expect(created.body.item).toMatchObject({ role: 'operator' });
      const bridge = clientWith(created.body.token);
      expect((await bridge.get('/api/incidents')).status).toBe(200);
      expect((await bridge.get('/api/cases')).status).toBe(200);
      const noScope = await bridge.get<ApiError>('/api/assets');
      expect(noScope.status).toBe(403);
      expect(noScope.body.message).toBe('This API token lacks the scope assets:read');
      const write = await bridge.post<ApiError>(
        '/api/incidents/0a000000-0000-4000-8000-0000000000aa/acknowledge',
      );
      expect(write.status).toBe(403);
      expect(write.body.message).toBe('This API token lacks the scope incidents:write');
      expect((await bridge.get('/api/users')).status).toBe(403);
      expect((await bridge.get<ApiError>('/api/auth/me')).body.message).toBe(
        'API tokens may not call this route',
      );
    });

    it('refuses an expired, tampered or malformed token', async () => {
      const created = await admin.post<CreatedToken>('/api/tokens', {
        kind: 'api',
        name: 'expiring',
        scopes: ['incidents:read'],
        expiresInDays: 1,
      });
      const token = created.body.token;
      const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      expect((await clientWith(tampered).get('/api/incidents')).status).toBe(401);
      expect((await clientWith(token).get('/api/incidents')).status).toBe(200);
      await db().query(
        `UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [created.body.item.id],
      );
      expect((await clientWith(token).get('/api/incidents')).status).toBe(401);
      for (const body of [
        { kind: 'api', name: 'no scopes' },
        { kind: 'api', name: 'bad scope', scopes: ['users:write'] },
        { kind: 'display', name: 'scoped wall', scopes: ['incidents:read'] },
        { kind: 'api', name: 'admin token', scopes: ['incidents:read'], role: 'admin' },
        { kind: 'root', name: 'x' },
        { kind: 'display', name: '' },
        { kind: 'display', name: 'x', expiresInDays: -1 },
      ])
        expect((await admin.post('/api/tokens', body)).status, JSON.stringify(body)).toBe(400);
    });

    it('records token changes in the audit trail, without the secret', async () => {
      const rows = await db().query<{ action: string; data: unknown }>(
        `SELECT action, data FROM audit_log WHERE action LIKE 'token.%' ORDER BY id`,
      );
      expect(rows.map((r) => r.action)).toEqual(
        expect.arrayContaining(['token.created', 'token.revoked']),
      );
      expect(JSON.stringify(rows)).not.toMatch(/cdt_|cat_/);
    });
  });

  describe('district scoping', () => {
    it('stores the districts and puts them in the signed-in user', async () => {
      await createUser({
        username: 'op.hexi',
        role: 'operator',
        districts: [HEXI, HEPING],
        password: 'hexi-pass-long-enough',
      });
      const session = await signIn('op.hexi', 'hexi-pass-long-enough');
      expect(session.user.districts).toEqual([HEXI, HEPING]);
      expect((await clientWith(session.token).get<User>('/api/auth/me')).body.districts).toEqual([
        HEXI,
        HEPING,
      ]);
    });
  });
});
