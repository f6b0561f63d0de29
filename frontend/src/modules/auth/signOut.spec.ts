import { afterEach, describe, expect, it, vi } from 'vitest';

async function load() {
  vi.resetModules();
  const { signOut } = await import('./signOut');
  const { session } = await import('./session');
  session.set({ token: 'a1', refreshToken: 'r1', user: { username: 'li', role: 'operator' } });
  return { signOut, session };
}

afterEach(() => vi.unstubAllGlobals());

describe('signOut', () => {
  it('revokes the session with POST /api/auth/logout, then clears it', async () => {
    const fetchMock = vi.fn(
      async (_path: string, _init: RequestInit) => new Response(null, { status: 204 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const { signOut, session } = await load();

    await signOut();

    const [path, init] = fetchMock.mock.calls[0]!;
    expect(path).toBe('/api/auth/logout');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer a1');
    expect(session.get()).toBeNull();
  });

  it('clears the session even when the backend cannot be reached or refuses', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const first = await load();
    await first.signOut();
    expect(first.session.get()).toBeNull();

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{}', { status: 401 })),
    );
    const second = await load();
    await second.signOut();
    expect(second.session.get()).toBeNull();
  });
});
