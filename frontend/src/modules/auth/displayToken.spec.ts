import { afterEach, describe, expect, it, vi } from 'vitest';
import { wallLink } from '../admin/wallLink';
import { parseDisplayFragment } from './parseDisplayFragment';

describe('parseDisplayFragment', () => {
  it('reads the token of a wall link', () => {
    expect(parseDisplayFragment('#display=dsp_abc.123')).toBe('dsp_abc.123');
  });

  it('ignores other fragments and empty tokens', () => {
    expect(parseDisplayFragment('')).toBeNull();
    expect(parseDisplayFragment('#')).toBeNull();
    expect(parseDisplayFragment('#display=')).toBeNull();
    expect(parseDisplayFragment('#incident=42')).toBeNull();
    expect(parseDisplayFragment('display=abc')).toBeNull();
  });

  it('reads back what the admin page writes into the wall link', () => {
    const link = new URL(wallLink('https://ops.example.cn', 'a+b/c=='));
    expect(link.pathname).toBe('/wall');
    expect(link.search).toBe('');
    expect(parseDisplayFragment(link.hash)).toBe('a+b/c==');
  });
});

describe('takeDisplayToken', () => {
  afterEach(() => vi.resetModules());

  it('takes the token once and removes the fragment from the address with replaceState', async () => {
    const { takeDisplayToken } = await import('./takeDisplayToken');
    const location = { hash: '#display=secret', pathname: '/wall', search: '?x=1' };
    const history = { state: { idx: 0 }, replaceState: vi.fn() };

    expect(takeDisplayToken(location, history)).toBe('secret');
    expect(history.replaceState).toHaveBeenCalledWith({ idx: 0 }, '', '/wall?x=1');
    // StrictMode runs initialisers twice: the second call gives the same answer.
    expect(takeDisplayToken({ ...location, hash: '' }, history)).toBe('secret');
    expect(history.replaceState).toHaveBeenCalledTimes(1);
  });

  it('leaves any other address alone', async () => {
    const { takeDisplayToken } = await import('./takeDisplayToken');
    const history = { state: null, replaceState: vi.fn() };
    expect(takeDisplayToken({ hash: '', pathname: '/wall', search: '' }, history)).toBeNull();
    expect(history.replaceState).not.toHaveBeenCalled();
  });
});

describe('adoptDisplayToken', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks GET /api/auth/me with the token and stores it as a session without refresh token', async () => {
    const fetchMock = vi.fn(
      async (_path: string, _init: RequestInit) =>
        new Response(JSON.stringify({ username: 'wall-1', role: 'display', districts: null }), {
          status: 200,
        }),
    );
    vi.stubGlobal('fetch', fetchMock);
    vi.resetModules();
    const { adoptDisplayToken } = await import('./adoptDisplayToken');
    const { session } = await import('./session');

    await adoptDisplayToken('dsp-secret');

    const [path, init] = fetchMock.mock.calls[0]!;
    expect(path).toBe('/api/auth/me');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer dsp-secret');
    expect(session.get()).toEqual({
      token: 'dsp-secret',
      user: { username: 'wall-1', role: 'display', districts: null },
    });
  });

  it('stores nothing for a revoked token, and does not clear a session in place', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ statusCode: 401, error: 'Unauthorized', message: 'no' }), {
            status: 401,
          }),
      ),
    );
    vi.resetModules();
    const { adoptDisplayToken } = await import('./adoptDisplayToken');
    const { session } = await import('./session');
    session.set({ token: 'a1', user: { username: 'li', role: 'admin' } });

    await expect(adoptDisplayToken('revoked')).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(session.get()?.token).toBe('a1');
  });
});
