import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../lib/logger.js';
import { SeedAssetsError, seedAssets, splitCsv } from './seed-assets.js';

interface Seen {
  method?: string;
  url?: string;
  contentType?: string;
  authorization?: string;
  body: string;
}

/** A stand-in for the backend's two endpoints; the first `unavailable` logins answer 503 as if it were still starting. */
async function fakeBackend(
  unavailable: number,
  password = 'secret',
): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  let logins = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        body,
      });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/auth/login') {
        logins += 1;
        if (logins <= unavailable) return res.writeHead(503).end('{}');
        const ok = (JSON.parse(body) as { password: string }).password === password;
        return ok
          ? res.end(JSON.stringify({ token: 'T0K', user: { username: 'admin', role: 'admin' } }))
          : res.writeHead(401).end('{"message":"bad credentials"}');
      }
      res.end(JSON.stringify({ imported: body.trim().split('\n').length - 1, rejected: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('seedAssets', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  const csv =
    'id,domain,kind,name,district,lng,lat,parentId\nHS-0001,heating,heat_source,x,120101,117.2,39.12,\n';

  it('waits for the backend, logs in and uploads the CSV with the bearer token', async () => {
    const backend = await fakeBackend(2);
    server = backend.server;
    const result = await seedAssets({
      backendUrl: backend.url,
      username: 'admin',
      password: 'secret',
      csv,
      waitMs: 5000,
      retryEveryMs: 10,
      logger: silentLogger,
    });
    expect(result).toEqual({ imported: 1, rejected: [] });
    const upload = backend.seen.find((s) => s.url === '/api/assets/import')!;
    expect(upload).toMatchObject({
      method: 'POST',
      contentType: 'text/csv',
      authorization: 'Bearer T0K',
      body: csv,
    });
    expect(backend.seen.filter((s) => s.url === '/api/auth/login')).toHaveLength(3);
  });

  it('fails at once with a clear error when the login is refused', async () => {
    const backend = await fakeBackend(0);
    server = backend.server;
    await expect(
      seedAssets({
        backendUrl: backend.url,
        username: 'admin',
        password: 'wrong',
        csv,
        waitMs: 5000,
        logger: silentLogger,
      }),
    ).rejects.toThrow(/login refused \(HTTP 401\)/);
  });

  it('gives up after the wait when nothing answers', async () => {
    await expect(
      seedAssets({
        backendUrl: 'http://127.0.0.1:9',
        username: 'a',
        password: 'b',
        csv,
        waitMs: 50,
        retryEveryMs: 10,
        logger: silentLogger,
      }),
    ).rejects.toBeInstanceOf(SeedAssetsError);
  });

  it('uploads a big city in pieces under the backend limit and adds up the answers', async () => {
    const backend = await fakeBackend(0);
    server = backend.server;
    const rows = Array.from(
      { length: 5 },
      (_, i) => `IS-000${i + 1},heating,indoor_sensor,x,120101,117.2,39.12,`,
    );
    const big = `id,domain,kind,name,district,lng,lat,parentId\n${rows.join('\n')}\n`;
    const result = await seedAssets({
      backendUrl: backend.url,
      username: 'admin',
      password: 'secret',
      csv: big,
      chunkRows: 2,
      waitMs: 1000,
      logger: silentLogger,
    });
    expect(result).toEqual({ imported: 5, rejected: [] });
    const uploads = backend.seen.filter((s) => s.url === '/api/assets/import');
    expect(uploads.map((u) => u.body.trim().split('\n').length - 1)).toEqual([2, 2, 1]);
    for (const upload of uploads)
      expect(upload.body.split('\n')[0]).toBe('id,domain,kind,name,district,lng,lat,parentId');
  });
});

describe('splitCsv', () => {
  it('keeps a small CSV whole and repeats the header in each piece of a big one', () => {
    expect(splitCsv('h\na\nb\n', 5)).toEqual(['h\na\nb\n']);
    expect(splitCsv('h\na\nb\nc\n', 2)).toEqual(['h\na\nb\n', 'h\nc\n']);
    expect(splitCsv('h\n', 2)).toEqual(['h\n']);
  });
});
