import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardTab } from './openQueuesBoard';

async function load() {
  vi.resetModules();
  const { openQueuesBoard } = await import('./openQueuesBoard');
  const { session } = await import('../modules/auth/session');
  session.set({ token: 'a1', refreshToken: 'r1', user: { username: 'admin', role: 'admin' } });
  return { openQueuesBoard };
}

function fakeTab() {
  const tab = { opener: 'console' as unknown, location: { href: '' }, close: vi.fn() };
  return { tab, open: vi.fn((): BoardTab => tab) };
}

afterEach(() => vi.unstubAllGlobals());

describe('openQueuesBoard', () => {
  it('opens a tab, sets the cookie with the session token, then sends the tab to /admin/queues', async () => {
    const fetchMock = vi.fn(
      async (_path: string, _init: RequestInit) => new Response(null, { status: 204 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const { openQueuesBoard } = await load();
    const { tab, open } = fakeTab();

    await openQueuesBoard(open);

    expect(open).toHaveBeenCalledTimes(1);
    const [path, init] = fetchMock.mock.calls[0]!;
    expect(path).toBe('/api/admin/queues/session');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer a1');
    expect(tab.location.href).toBe('/admin/queues');
    expect(tab.opener).toBeNull();
    expect(tab.close).not.toHaveBeenCalled();
  });

  it('closes the empty tab and throws when the backend refuses', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({ statusCode: 403, message: 'Role operator may not do this' }),
            {
              status: 403,
              headers: { 'content-type': 'application/json' },
            },
          ),
      ),
    );
    const { openQueuesBoard } = await load();
    const { tab, open } = fakeTab();

    await expect(openQueuesBoard(open)).rejects.toMatchObject({ kind: 'forbidden' });
    expect(tab.close).toHaveBeenCalledTimes(1);
    expect(tab.location.href).toBe('');
  });

  it('asks nothing of the backend when the browser blocks the tab', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const { openQueuesBoard } = await load();

    await expect(openQueuesBoard(() => null)).rejects.toThrow(/blocked/);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
