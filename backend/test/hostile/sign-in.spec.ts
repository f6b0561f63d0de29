import { createHmac } from 'node:crypto';
import {
  HostileTally,
  hostileJsonValues,
  hostileStrings,
  injectionStrings,
  mutateRecord,
} from '@cityops/hostile';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/modules/auth/access-token.js';
import { HOSTILE_SECRET, HostileBackend, jsonText } from './support/backend.js';
import { Findings } from './support/findings.js';

const WRONG = 'Wrong username or password';

/** `count` items spread evenly over `items`. */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

/**
 * Sign-in bodies and the live connection's handshake: no crash, a refusal with a reason. The
 * throttling limits are raised (distinct usernames alone would still trip the per-address limit of
 * 50), and the real admin can sign in afterwards.
 */
describe('hostile sign-in - POST /api/auth/login and the Socket.IO handshake', () => {
  let b: HostileBackend;
  const findings = new Findings();
  const tally = new HostileTally();

  beforeAll(async () => {
    b = await HostileBackend.start({ LOGIN_MAX_FAILURES: '1000', LOGIN_IP_MAX_FAILURES: '100000' });
  });

  afterAll(async () => {
    console.log(tally.report());
    await b?.stop();
  });

  it('refuses hostile login bodies with 400 or the one generic 401, never a 5xx or a token', async () => {
    const texts = spread(
      hostileStrings().filter(
        (s): s is { label: string; value: string } =>
          typeof s.value === 'string' && s.value.length <= 64 * 1024,
      ),
      24,
    );
    const bodies: [string, unknown][] = [
      // Each attempt that reaches the password check costs one scrypt (~0.1 s): a spread of them.
      ...spread(
        mutateRecord({ username: 'nobody-x', password: 'some-wrong-password' }, { count: 10 }),
        40,
      ).map((m): [string, unknown] => [m.label, m.value]),
      ...hostileJsonValues().map((v): [string, unknown] => [`body ${v.label}`, v.value]),
      ...texts.map((s, i): [string, unknown] => [
        `username ${s.label}`,
        { username: `${s.value}${i}`, password: 'wrong-password' },
      ]),
      ...texts.map((s): [string, unknown] => [
        `password ${s.label}`,
        { username: 'admin', password: s.value },
      ]),
      ...spread(injectionStrings(), 20).map((s): [string, unknown] => [
        `username ${s}`,
        { username: s, password: "' OR 1=1 --" },
      ]),
      ['admin with injection password', { username: 'admin', password: "x' OR '1'='1" }],
      ['admin with an array password', { username: 'admin', password: ['test-admin-password'] }],
      ['admin with an object password', { username: 'admin', password: { $ne: null } }],
      ['admin in another case', { username: 'ADMIN', password: 'test-admin-password' }],
      ['admin padded', { username: ' admin\u0000', password: 'test-admin-password' }],
    ];
    for (const [label, body] of bodies) {
      tally.add('login body');
      const answer = await b.send('POST', '/api/auth/login', {
        body: jsonText(body),
        contentType: 'application/json',
      });
      if (
        findings.check('login', label, answer) &&
        answer.status === 401 &&
        (answer.json as { message?: string }).message !== WRONG
      )
        findings.fail('login', label, `401 says more than "${WRONG}": ${answer.text}`);
    }
    expect(findings.list()).toEqual([]);
    // The admin was not locked out by the hostile passwords tried for it.
    await b.client().login('admin', 'test-admin-password');
  });

  it('refuses hostile auth tokens at the Socket.IO handshake and keeps serving', async () => {
    const now = Math.floor(Date.now() / 1000);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const unsigned = (claims: unknown) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    const hs256 = (header: unknown, claims: unknown, secret: string) => {
      const head = `${b64(header)}.${b64(claims)}`;
      return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
    };
    const admin = { sid: 's', sub: 'admin', role: 'admin' as const, iat: now, exp: now + 3600 };
    const tokens: [string, unknown][] = [
      // (The client's own encoder recurses: nesting thousands deep overflows it before sending.)
      ...hostileJsonValues()
        .filter((v) => !/deep/.test(v.label))
        .map((v): [string, unknown] => [`token ${v.label}`, v.value]),
      ...hostileStrings().map((v): [string, unknown] => [`token ${v.label}`, v.value]),
      ...injectionStrings().map((s): [string, unknown] => [`token ${s}`, s]),
      ['alg none', unsigned(admin)],
      ['another secret', signToken(admin, 'x'.repeat(40))],
      ['expired', signToken({ ...admin, iat: now - 7200, exp: now - 3600 }, HOSTILE_SECRET)],
      [
        'no session',
        signToken(
          { sub: 'admin', role: 'admin', iat: now, exp: now + 3600 } as never,
          HOSTILE_SECRET,
        ),
      ],
      [
        'HS512 header with the right secret',
        hs256({ alg: 'HS512', typ: 'JWT' }, admin, HOSTILE_SECRET),
      ],
      ['claims not JSON', `${signToken(admin, HOSTILE_SECRET).split('.')[0]}.bm90IGpzb24.sig`],
      ['refresh token shape', 'crs_0123456789abcdef_0123456789abcdef0123456789abcdef'],
      ['display token shape', 'cdt_0123456789abcdef_0123456789abcdef0123456789abcdef'],
      ['API token shape', `cat_${'a'.repeat(300)}_${'b'.repeat(300)}`],
      ['Bearer prefix', `Bearer ${signToken(admin, 'y'.repeat(40))}`],
    ];
    for (const [label, token] of tokens) {
      tally.add('Socket.IO handshake');
      const socket = io(b.baseUrl, {
        path: '/socket.io',
        auth: { token } as Record<string, unknown>,
        transports: ['websocket'],
        reconnection: false,
        timeout: 5_000,
      });
      try {
        const outcome = await new Promise<string>((resolve) => {
          socket.once('connect', () => resolve('connected'));
          socket.once('connect_error', (error) => resolve(error.message));
          // Over Socket.IO's 1 MB message limit the server just closes the connection.
          socket.io.once('close', () => resolve('closed by the server'));
          setTimeout(() => resolve('no answer within 5 s'), 5_000);
        });
        if (!['unauthorized', 'closed by the server'].includes(outcome))
          findings.fail('Socket.IO handshake', label, outcome);
      } finally {
        socket.disconnect();
      }
    }
    expect(findings.list()).toEqual([]);
    // A genuine token still connects.
    const socket = io(b.baseUrl, {
      path: '/socket.io',
      auth: { token: b.token() },
      transports: ['websocket'],
      reconnection: false,
    });
    try {
      const outcome = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (error) => resolve(error.message));
      });
      expect(outcome).toBe('connected');
    } finally {
      socket.disconnect();
    }
    expect(await b.ready()).toBe(200);
  });

  it('prints how many inputs it tried per entry point', () => {
    expect(tally.count('login body')).toBeGreaterThanOrEqual(120);
    expect(tally.count('Socket.IO handshake')).toBeGreaterThanOrEqual(90);
  });
});
