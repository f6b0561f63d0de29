import { UserSchema, type LoginResponse } from '@cityops/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The access-token renewal in apiRequest: fetch is mocked, localStorage is a Map shared like two
 * tabs of one browser share it, and every test loads fresh modules (no single-flight left over).
 */
const KEY = 'cityops.session';
const store = new Map<string, string>();
const localStorage = {
  getItem: (key: string) => store.get(key) ?? null,
  setItem: (key: string, value: string) => void store.set(key, value),
  removeItem: (key: string) => void store.delete(key),
};

const signedIn = (token: string, refreshToken?: string): LoginResponse => ({
  token,
  user: { username: 'li', role: 'operator' },
  ...(refreshToken ? { refreshToken, expiresAt: '2026-11-26T08:15:00.000Z' } : {}),
});

const json = (status: number, body: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
const refused = () =>
  json(401, {
    statusCode: 401,
    error: 'Unauthorized',
    message: 'A valid bearer token is required',
  });

type Handler = (path: string, init: RequestInit) => Response | Promise<Response>;
let fetchMock: ReturnType<typeof vi.fn<(input: string, init: RequestInit) => Promise<Response>>>;
const bearerOf = (init: RequestInit) =>
  (init.headers as Record<string, string>).Authorization?.replace('Bearer ', '');
const calls = (path: string) => fetchMock.mock.calls.filter(([input]) => input === path);

function serve(handler: Handler) {
  fetchMock = vi.fn(async (input: string, init: RequestInit) => handler(input, init));
  vi.stubGlobal('fetch', fetchMock);
}

async function load(initial: LoginResponse | null, { locks = true } = {}) {
  store.clear();
  if (initial) store.set(KEY, JSON.stringify(initial));
  vi.stubGlobal('window', { localStorage, addEventListener: () => undefined });
  if (locks)
    vi.stubGlobal('navigator', {
      locks: { request: (_name: string, task: () => Promise<unknown>) => task() },
    });
  vi.resetModules();
  const { apiRequest } = await import('./apiRequest');
  const { session } = await import('../auth/session');
  return { apiRequest, session, me: () => apiRequest('/api/auth/me', { schema: UserSchema }) };
}

const user = { username: 'li', role: 'operator' };

beforeEach(() => {
  vi.unstubAllGlobals();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('apiRequest: renewing the access token on a 401', () => {
  it('refreshes once for concurrent 401s (single-flight) and retries each call once with the new token', async () => {
    serve(async (path, init) => {
      if (path === '/api/auth/refresh') {
        expect(JSON.parse(init.body as string)).toEqual({ refreshToken: 'r1' });
        await new Promise((resolve) => setTimeout(resolve, 10));
        return json(200, signedIn('a2', 'r2'));
      }
      return bearerOf(init) === 'a2' ? json(200, user) : refused();
    });
    const { session, me } = await load(signedIn('a1', 'r1'));

    const answers = await Promise.all([me(), me(), me()]);

    expect(answers).toEqual([user, user, user]);
    expect(calls('/api/auth/refresh')).toHaveLength(1);
    expect(calls('/api/auth/me').map(([, init]) => bearerOf(init))).toEqual([
      'a1',
      'a1',
      'a1',
      'a2',
      'a2',
      'a2',
    ]);
    expect(session.get()).toMatchObject({ token: 'a2', refreshToken: 'r2' });
    expect(JSON.parse(store.get(KEY)!)).toMatchObject({ token: 'a2', refreshToken: 'r2' });
  });

  it('retries only once: a 401 with the fresh token ends the session', async () => {
    serve((path) => (path === '/api/auth/refresh' ? json(200, signedIn('a2', 'r2')) : refused()));
    const { session, me } = await load(signedIn('a1', 'r1'));

    await expect(me()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(calls('/api/auth/me')).toHaveLength(2);
    expect(calls('/api/auth/refresh')).toHaveLength(1);
    expect(session.get()).toBeNull();
    expect(store.has(KEY)).toBe(false);
  });

  it('clears the session when the refresh itself is refused (revoked or expired)', async () => {
    serve(() => refused());
    const { session, me } = await load(signedIn('a1', 'r1'));

    await expect(me()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(calls('/api/auth/me')).toHaveLength(1);
    expect(session.get()).toBeNull();
  });

  it('keeps the session and reports unreachable when the refresh cannot reach the backend', async () => {
    serve((path) => {
      if (path === '/api/auth/refresh') throw new TypeError('Failed to fetch');
      return refused();
    });
    const { session, me } = await load(signedIn('a1', 'r1'));

    await expect(me()).rejects.toMatchObject({ kind: 'unreachable' });
    expect(session.get()).toMatchObject({ token: 'a1', refreshToken: 'r1' });
    expect(store.has(KEY)).toBe(true);
  });

  it('keeps the session when a proxy answers 502 for the stopped backend during the refresh', async () => {
    serve((path) =>
      path === '/api/auth/refresh'
        ? new Response('<h1>Bad Gateway</h1>', { status: 502 })
        : refused(),
    );
    const { session, me } = await load(signedIn('a1', 'r1'));

    await expect(me()).rejects.toMatchObject({ kind: 'unreachable' });
    expect(session.get()?.token).toBe('a1');
  });

  it('adopts the pair another tab already rotated instead of ending the session (refresh 401, storage newer)', async () => {
    serve((path, init) => {
      if (path === '/api/auth/refresh') {
        // The other tab spent r1 a moment ago and stored its new pair.
        store.set(KEY, JSON.stringify(signedIn('b2', 'rb2')));
        return refused();
      }
      return bearerOf(init) === 'b2' ? json(200, user) : refused();
    });
    const { session, me } = await load(signedIn('a1', 'r1'));

    await expect(me()).resolves.toEqual(user);
    expect(session.get()).toMatchObject({ token: 'b2', refreshToken: 'rb2' });
    expect(calls('/api/auth/me').map(([, init]) => bearerOf(init))).toEqual(['a1', 'b2']);
  });

  it('without Web Locks, waits a moment for the other tab to store its pair before giving up', async () => {
    serve((path, init) => {
      if (path === '/api/auth/refresh') {
        setTimeout(() => store.set(KEY, JSON.stringify(signedIn('b2', 'rb2'))), 100);
        return refused();
      }
      return bearerOf(init) === 'b2' ? json(200, user) : refused();
    });
    const { session, me } = await load(signedIn('a1', 'r1'), { locks: false });

    await expect(me()).resolves.toEqual(user);
    expect(session.get()?.token).toBe('b2');
  });

  it('does not refresh when the session already holds a newer token: it just retries with it', async () => {
    const { session, me } = await load(signedIn('a1', 'r1'));
    serve((path, init) => {
      if (bearerOf(init) === 'a1') {
        session.set(signedIn('a2', 'r2')); // renewed meanwhile (another call, another tab)
        return refused();
      }
      return json(200, user);
    });

    await expect(me()).resolves.toEqual(user);
    expect(calls('/api/auth/refresh')).toHaveLength(0);
  });

  it('ends a display session (no refresh token) on a 401 without trying to refresh', async () => {
    serve(() => refused());
    const { session, me } = await load({
      token: 'display-secret',
      user: { username: 'wall', role: 'display' },
    });

    await expect(me()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(calls('/api/auth/refresh')).toHaveLength(0);
    expect(session.get()).toBeNull();
  });

  it('never renews for calls made without the session (login)', async () => {
    serve(() => refused());
    const { apiRequest, session } = await load(signedIn('a1', 'r1'));

    await expect(
      apiRequest('/api/auth/login', { method: 'POST', body: {}, auth: false, schema: UserSchema }),
    ).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(calls('/api/auth/refresh')).toHaveLength(0);
    expect(session.get()?.token).toBe('a1');
  });

  it('marks the user when the backend says a password change is required', async () => {
    serve(() =>
      json(403, { statusCode: 403, error: 'Forbidden', message: 'Password change required' }),
    );
    const { session, me } = await load(signedIn('a1', 'r1'));

    await expect(me()).rejects.toMatchObject({ kind: 'forbidden' });
    expect(session.get()?.user.mustChangePassword).toBe(true);
  });
});
