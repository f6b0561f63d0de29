import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';
import type { ApiError, Role } from '@cityops/contracts';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../../src/app.module.js';
import { createApiApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/app-config.js';
import { signToken } from '../../src/modules/auth/access-token.js';
import {
  MATRIX_CALLERS,
  type MatrixCaller,
  type RouteEntry,
  allows,
  controllersOf,
  routesOf,
} from '../../src/modules/auth/access-matrix.js';
import { TOKEN_REQUIRED } from '../../src/modules/auth/auth.guard.js';
import { LIVE_ROLES } from '../../src/modules/live/live.gateway.js';
import { ApiClient } from './support/api-client.js';
import { TestEnv } from './support/test-env.js';

const SECRET = 'integration-test-secret-that-is-long-enough-to-pass';

/**
 * The routes of docs/access-matrix.md (the same module-tree walk as its unit test), known before
 * the app starts so that each cell is its own test.
 */
const ROUTES = routesOf(
  controllersOf(AppModule.register({ config: loadConfig({}), api: true, workers: true })),
);

/**
 * Syntactically valid values for path parameters, naming nothing that exists: an allowed call
 * passes the guard and then gets 400 or 404, never a change. A UUID is also a valid slug (on-call
 * and rule ids). Credentials in the URL are malformed, so their own check answers 400, not 401/403.
 */
const DUMMY_PARAMS: Record<string, string> = {
  id: '0a000000-0000-4000-8000-0000000000aa',
  sensorId: 'NO-SUCH-SENSOR',
  file: 'no-such-member.ics',
  token: 'malformed',
  username: 'no-such-user',
};

function concretePath(route: RouteEntry): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = DUMMY_PARAMS[name];
    if (value === undefined)
      throw new Error(`${route.handler}: add a dummy value for :${name} to DUMMY_PARAMS`);
    return value;
  });
}

const CELLS = ROUTES.flatMap((route) =>
  MATRIX_CALLERS.map((caller) => ({
    label: `${route.method} ${route.path}`,
    route,
    caller,
    allowed: allows(route.access, caller),
  })),
);

describe('access matrix - every route × every role', () => {
  let env: TestEnv;
  let app: INestApplication;
  const clients = new Map<MatrixCaller, ApiClient>();

  const tokenOf = (role: Role) => {
    const now = Math.floor(Date.now() / 1000);
    return signToken(
      { sid: 'test-session', sub: `${role}-matrix`, role, iat: now, exp: now + 3600 },
      SECRET,
    );
  };

  beforeAll(async () => {
    // The guard does not depend on the database kind; PostgreSQL, as in production.
    env = await TestEnv.create('postgres');
    app = await createApiApp(env.config({ AUTH_SECRET: SECRET }));
    await app.listen(0, '127.0.0.1');
    for (const caller of MATRIX_CALLERS) {
      const client = ApiClient.of(app);
      client.token = caller === 'anonymous' ? null : tokenOf(caller);
      clients.set(caller, client);
    }
  });

  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  it('covers exactly the routes the running app mounts, at the paths its router serves', () => {
    const discovered = new DiscoveryService(app.get(ModulesContainer))
      .getControllers()
      .map((wrapper) => wrapper.metatype as Parameters<typeof routesOf>[0][number]);
    const live = routesOf(discovered);
    expect(live.map((r) => [r.method, r.path, r.access])).toEqual(
      ROUTES.map((r) => [r.method, r.path, r.access]),
    );
    const router = (
      app.getHttpAdapter().getInstance() as {
        router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
      }
    ).router.stack.flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`)
        : [],
    );
    for (const route of ROUTES) expect(router).toContain(`${route.method} ${route.path}`);
  });

  it.each(CELLS)('$label as $caller: allowed $allowed', async ({ route, caller, allowed }) => {
    const answer = await clients.get(caller)!.request<ApiError>(route.method, concretePath(route));
    if (allowed) {
      expect([401, 403], JSON.stringify(answer.body)).not.toContain(answer.status);
      // Past the guard into the handler: a 404 may name the dummy id, never the route itself.
      expect(String(answer.body?.message ?? '')).not.toMatch(/^Cannot [A-Z]+ \//);
    } else if (caller === 'anonymous') {
      expect(answer.status).toBe(401);
      expect(answer.body.message).toBe(TOKEN_REQUIRED);
    } else {
      expect(answer.status).toBe(403);
      expect(answer.body.message).toBe(`Role ${caller} may not do this`);
    }
  });

  describe('live connection - /socket.io', () => {
    it.each(MATRIX_CALLERS)('as %s', async (caller) => {
      const allowed = caller !== 'anonymous' && LIVE_ROLES.includes(caller);
      const socket: Socket = io(clients.get(caller)!.baseUrl, {
        path: '/socket.io',
        auth: caller === 'anonymous' ? {} : { token: tokenOf(caller) },
        transports: ['websocket'],
        reconnection: false,
      });
      try {
        const outcome = await new Promise<string>((resolve) => {
          socket.once('connect', () => resolve('connected'));
          socket.once('connect_error', (error) => resolve(error.message));
        });
        expect(outcome).toBe(allowed ? 'connected' : 'unauthorized');
      } finally {
        socket.disconnect();
      }
    });

    it('refuses a token signed with another secret', async () => {
      const now = Math.floor(Date.now() / 1000);
      const forged = signToken(
        { sid: 'test-session', sub: 'x', role: 'admin', iat: now, exp: now + 3600 },
        'y'.repeat(40),
      );
      const socket = io(clients.get('admin')!.baseUrl, {
        path: '/socket.io',
        auth: { token: forged },
        transports: ['websocket'],
        reconnection: false,
      });
      try {
        const outcome = await new Promise<string>((resolve) => {
          socket.once('connect', () => resolve('connected'));
          socket.once('connect_error', (error) => resolve(error.message));
        });
        expect(outcome).toBe('unauthorized');
      } finally {
        socket.disconnect();
      }
    });
  });
});
