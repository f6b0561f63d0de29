import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { ApiError } from '@cityops/contracts';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { signToken } from '../../src/modules/auth/access-token.js';
import { TestEnv, portOf } from './support/test-env.js';

const SECRET = 'integration-test-secret-that-is-long-enough-to-pass';
const ALLOWED_ORIGIN = 'https://ops.example.test';
const UUID = '0a000000-0000-4000-8000-0000000000aa';

/** One backend with a (tiny) built console, its HTTP base and an admin token. */
class Backend {
  private constructor(
    readonly env: TestEnv,
    readonly app: INestApplication,
  ) {}

  static async start(extra: Record<string, string> = {}): Promise<Backend> {
    const env = await TestEnv.create('pglite');
    const consoleDir = join(env.dataDir, 'console');
    mkdirSync(consoleDir);
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    const app = await createApiApp(
      env.config({ AUTH_SECRET: SECRET, CONSOLE_DIR: consoleDir, ...extra }),
    );
    await app.listen(0, '127.0.0.1');
    return new Backend(env, app);
  }

  get base(): string {
    return `http://127.0.0.1:${portOf(this.app.getHttpServer())}`;
  }

  get token(): string {
    const now = Math.floor(Date.now() / 1000);
    return signToken(
      { sid: 'test-session', sub: 'admin', role: 'admin', iat: now, exp: now + 3600 },
      SECRET,
    );
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.base}${path}`, init);
  }

  /** Connects to Socket.IO as a page from `origin` would (undefined: no Origin, as Node clients). */
  async liveFrom(origin: string | undefined): Promise<string> {
    const socket = io(this.base, {
      path: '/socket.io',
      auth: { token: this.token },
      transports: ['websocket'],
      reconnection: false,
      ...(origin ? { extraHeaders: { origin } } : {}),
    });
    try {
      return await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', () => resolve('refused'));
      });
    } finally {
      socket.disconnect();
    }
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.env.dispose();
  }
}

const directive = (policy: string | null, name: string) =>
  policy
    ?.split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

describe('security headers, CORS and body limits', () => {
  let plain: Backend;
  let configured: Backend;

  beforeAll(async () => {
    plain = await Backend.start();
    configured = await Backend.start({
      CORS_ORIGINS: `${ALLOWED_ORIGIN},http://localhost:5173`,
      MAPBOX_TOKEN: 'pk.test-token',
      HSTS_MAX_AGE_SECONDS: '600',
    });
  });

  afterAll(async () => {
    await plain?.stop();
    await configured?.stop();
  });

  describe('headers on every answer', () => {
    it.each([
      ['the console', '/', 200],
      ['a console route', '/wall', 200],
      ['an API answer', '/api/health', 200],
      ['an API error', '/api/incidents', 401],
      ['an unknown API route', '/api/no-such-thing', 404],
      ['the metrics', '/metrics', 200],
    ])('sets them on %s', async (_, path, status) => {
      const response = await plain.fetch(path);
      expect(response.status).toBe(status);
      const h = response.headers;
      expect(h.get('content-security-policy')).toBe(
        "default-src 'self'; script-src 'self'; worker-src 'self' blob:; img-src 'self' data: blob:; " +
          "style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; frame-ancestors 'none'; " +
          "object-src 'none'; base-uri 'self'; form-action 'self'",
      );
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('referrer-policy')).toBe('no-referrer');
      expect(h.get('x-frame-options')).toBe('DENY');
      expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(h.get('x-powered-by')).toBeNull();
      expect(h.get('strict-transport-security')).toBeNull();
    });

    it('keeps the stricter policy of the acknowledge page', async () => {
      const response = await plain.fetch('/ack/malformed');
      expect(response.status).toBe(400);
      expect(directive(response.headers.get('content-security-policy'), 'default-src')).toBe(
        "default-src 'none'",
      );
    });

    it("lets the console reach Mapbox's hosts only when a Mapbox token is configured", async () => {
      const policy = (await configured.fetch('/')).headers.get('content-security-policy');
      expect(directive(policy, 'connect-src')).toBe(
        "connect-src 'self' ws: wss: https://*.mapbox.com",
      );
      expect(directive(policy, 'script-src')).toBe("script-src 'self'");
    });

    it('sends Strict-Transport-Security only over HTTPS, as a trusted proxy reports it', async () => {
      const https = await configured.fetch('/api/health', {
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(https.headers.get('strict-transport-security')).toBe('max-age=600');
      expect((await configured.fetch('/api/health')).headers.get('strict-transport-security')).toBe(
        null,
      );
      // The default max-age (180 days) on the other backend; loopback is a trusted proxy by default.
      const viaLoopback = await plain.fetch('/api/health', {
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(viaLoopback.headers.get('strict-transport-security')).toBe('max-age=15552000');
    });
  });

  describe('CORS', () => {
    const preflight = (backend: Backend, origin: string) =>
      backend.fetch('/api/incidents', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });

    it('answers no page from another origin by default (same-origin only)', async () => {
      const get = await plain.fetch('/api/health', { headers: { origin: ALLOWED_ORIGIN } });
      expect(get.status).toBe(200);
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
      const options = await preflight(plain, ALLOWED_ORIGIN);
      expect(options.headers.get('access-control-allow-origin')).toBeNull();
      expect(options.headers.get('access-control-allow-methods')).toBeNull();
    });

    it('answers the configured origins, and only them', async () => {
      const get = await configured.fetch('/api/incidents', {
        headers: { origin: ALLOWED_ORIGIN, authorization: `Bearer ${configured.token}` },
      });
      expect(get.status).toBe(200);
      expect(get.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(get.headers.get('vary')).toMatch(/origin/i);
      expect(get.headers.get('access-control-allow-credentials')).toBeNull();

      const options = await preflight(configured, ALLOWED_ORIGIN);
      expect(options.status).toBe(204);
      expect(options.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(options.headers.get('access-control-allow-methods')).toContain('POST');
      expect(options.headers.get('access-control-allow-headers')).toMatch(/authorization/i);

      const other = await configured.fetch('/api/health', {
        headers: { origin: 'https://evil.example' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const otherPreflight = await preflight(configured, 'https://evil.example');
      expect(otherPreflight.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('lets a live connection in from the own origin and the configured ones, not from another site', async () => {
      expect(await plain.liveFrom(undefined)).toBe('connected');
      expect(await plain.liveFrom(plain.base)).toBe('connected');
      expect(await plain.liveFrom('https://evil.example')).toBe('refused');
      expect(await plain.liveFrom(ALLOWED_ORIGIN)).toBe('refused');
      expect(await configured.liveFrom(ALLOWED_ORIGIN)).toBe('connected');
      expect(await configured.liveFrom('https://evil.example')).toBe('refused');
    });
  });

  describe('body limits', () => {
    it('refuses JSON over 1 MiB with 413 in the API error shape, naming the limit', async () => {
      const response = await plain.fetch(`/api/incidents/${UUID}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${plain.token}` },
        body: JSON.stringify({ text: 'x'.repeat(1_100_000) }),
      });
      expect(response.status).toBe(413);
      expect((await response.json()) as ApiError).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'Request body too large',
        details: ['the limit for this request is 1 MiB'],
      });
      expect(response.headers.get('content-security-policy')).not.toBeNull();
    });

    it('takes an asset import over 1 MiB', async () => {
      const name = '换热站'.repeat(60); // 540 bytes of UTF-8
      const rows = Array.from(
        { length: 2_000 },
        (_, i) => `SEC-${String(i).padStart(4, '0')},heating,heat_station,${name},,117.2,39.12,`,
      );
      const body = `id,domain,kind,name,district,lng,lat,parentId\n${rows.join('\n')}\n`;
      expect(Buffer.byteLength(body)).toBeGreaterThan(1_100_000);
      const response = await plain.fetch('/api/assets/import', {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${plain.token}` },
        body,
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { imported: number }).imported).toBe(2_000);
    });
  });
});
