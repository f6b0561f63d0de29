import type { INestApplication } from '@nestjs/common';
import type { ApiError } from '@cityops/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { DATABASE, type Database } from '../../src/infra/database/database.js';
import { hashPassword } from '../../src/modules/auth/password.js';
import { UsersRepository } from '../../src/modules/auth/users.repository.js';
import { TestEnv, eventually, portOf } from './support/test-env.js';

const SECRET = 'integration-test-secret-that-is-long-enough-to-pass';
const LOCKOUT_SECONDS = 3;
const IP_MAX_FAILURES = 8;

interface Answer {
  status: number;
  body: ApiError & { token?: string };
  retryAfter: string | null;
}

describe('sign-in throttling - /api/auth/login (POST)', () => {
  let env: TestEnv;
  // Two API replicas on one database and one Redis: the counters are shared.
  let apps: INestApplication[] = [];

  /** A sign-in through replica `replica`, as the client at `address` (X-Forwarded-For from loopback). */
  const login = async (
    username: string,
    password: string,
    address: string,
    replica = 0,
  ): Promise<Answer> => {
    const response = await fetch(
      `http://127.0.0.1:${portOf(apps[replica]!.getHttpServer())}/api/auth/login`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ username, password }),
      },
    );
    return {
      status: response.status,
      body: (await response.json()) as Answer['body'],
      retryAfter: response.headers.get('retry-after'),
    };
  };

  const audit = async (action: string) =>
    apps[0]!.get<Database>(DATABASE).query<{
      actor: string;
      target: string | null;
      ip: string | null;
      data: unknown;
    }>('SELECT actor, target, ip, data FROM audit_log WHERE action = $1 ORDER BY id', [action]);

  const data = (row: { data: unknown }) =>
    (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>;

  beforeAll(async () => {
    env = await TestEnv.create('postgres');
    const config = env.config({
      AUTH_SECRET: SECRET,
      WORKERS_IN_API: 'false',
      LOGIN_MAX_FAILURES: '3',
      LOGIN_FAILURE_WINDOW_SECONDS: '60',
      LOGIN_LOCKOUT_SECONDS: String(LOCKOUT_SECONDS),
      LOGIN_IP_MAX_FAILURES: String(IP_MAX_FAILURES),
    });
    for (let i = 0; i < 2; i++) {
      const app = await createApiApp(config);
      await app.listen(0, '127.0.0.1');
      apps.push(app);
    }
    await apps[0]!.get(UsersRepository).insertIfAbsent({
      username: 'op1',
      passwordHash: await hashPassword('op1-right-password'),
      role: 'operator',
      mustChangePassword: false,
    });
  });

  beforeEach(async () => {
    const redis = env.redis();
    const keys = await redis.keys(`${env.redisPrefix}:auth:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await apps[0]!
      .get<Database>(DATABASE)
      .query("DELETE FROM audit_log WHERE action LIKE 'auth.%'");
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    apps = [];
    await env?.dispose();
  });

  it('locks a username after 3 failures across replicas, answering exactly as for a wrong password or an unknown user', async () => {
    expect((await login('op1', 'guess-1', '10.0.0.1', 0)).status).toBe(401);
    expect((await login('op1', 'guess-2', '10.0.0.2', 1)).status).toBe(401);
    expect((await login('op1', 'guess-3', '10.0.0.3', 0)).status).toBe(401);

    const locked = await login('op1', 'op1-right-password', '10.0.0.4', 1);
    const wrong = await login('admin', 'wrong-password', '10.0.0.5', 0);
    const unknown = await login('ghost', 'whatever', '10.0.0.6', 1);
    expect(locked.status).toBe(401);
    expect(locked).toEqual(wrong);
    expect(unknown).toEqual(wrong);
    expect(locked.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Wrong username or password',
    });

    const failed = await audit('auth.login_failed');
    expect(failed.map((r) => [r.actor, data(r).reason, r.ip])).toEqual([
      ['op1', 'wrong_password', '10.0.0.1'],
      ['op1', 'wrong_password', '10.0.0.2'],
      ['op1', 'wrong_password', '10.0.0.3'],
      ['op1', 'locked', '10.0.0.4'],
      ['admin', 'wrong_password', '10.0.0.5'],
      ['ghost', 'unknown_user', '10.0.0.6'],
    ]);
    const lockouts = await audit('auth.locked');
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ actor: 'system', target: 'op1', ip: '10.0.0.3' });
    expect(data(lockouts[0]!)).toEqual({ failures: 3, lockSeconds: LOCKOUT_SECONDS });

    // The lock ends by itself. Each probe from its own address: a probe while still locked counts
    // as a failure for its address, and a fast machine would otherwise reach the address limit.
    let probe = 0;
    const after = await eventually(
      async () => {
        const answer = await login('op1', 'op1-right-password', `10.0.1.${++probe}`, 0);
        return answer.status === 200 ? answer : null;
      },
      LOCKOUT_SECONDS * 1000 + 10_000,
      'the lock to end',
    );
    expect(after.body.token).toEqual(expect.any(String));
    expect((await audit('auth.login')).map((r) => r.actor)).toEqual(['op1']);
  });

  it('starts the count again after a successful sign-in', async () => {
    for (let round = 0; round < 2; round++) {
      expect((await login('op1', 'guess-a', '10.0.1.1', round)).status).toBe(401);
      expect((await login('op1', 'guess-b', '10.0.1.2', round)).status).toBe(401);
      expect((await login('op1', 'op1-right-password', '10.0.1.3', round)).status).toBe(200);
    }
    expect(await audit('auth.locked')).toEqual([]);
  });

  it('answers 429 with Retry-After to an address after 8 failures, whatever the usernames, and only to it', async () => {
    for (let i = 0; i < IP_MAX_FAILURES; i++) {
      expect((await login(`user-${i}`, 'guess', '10.9.9.9', i % 2)).status).toBe(401);
    }
    const throttled = await login('op1', 'op1-right-password', '10.9.9.9', 0);
    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too many failed sign-ins from this address; try again later',
    });
    const seconds = Number(throttled.retryAfter);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    expect((await login('op1', 'op1-right-password', '10.9.9.10', 1)).status).toBe(200);

    const events = await audit('auth.throttled');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'system', target: '10.9.9.9' });
    expect(data(events[0]!)).toEqual({ failures: IP_MAX_FAILURES, windowSeconds: 60 });

    // The counters are Redis keys that expire with their window.
    const redis = env.redis();
    const ttl = await redis.ttl(`${env.redisPrefix}:auth:failures:addr:10.9.9.9`);
    redis.disconnect();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('does not count a malformed request as a failed sign-in', async () => {
    const port = portOf(apps[0]!.getHttpServer());
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.2.1' },
        body: JSON.stringify({ username: 'op1' }),
      });
      expect(response.status).toBe(400);
    }
    expect((await login('op1', 'op1-right-password', '10.0.2.1')).status).toBe(200);
  });
});
