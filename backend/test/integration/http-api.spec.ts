import type { INestApplication } from '@nestjs/common';
import type { ApiError, AssetCollection, AssetImportResult } from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { signToken } from '../../src/modules/auth/access-token.js';
import { ApiClient } from './support/api-client.js';
import { TestEnv } from './support/test-env.js';

const SECRET = 'integration-test-secret-that-is-long-enough-to-pass';
const HEADER = 'id,domain,kind,name,district,lng,lat,parentId';

describe('REST API contract under bad input', () => {
  let env: TestEnv;
  let app: INestApplication;
  let api: ApiClient;
  let anonymous: ApiClient;

  beforeAll(async () => {
    env = await TestEnv.create('pglite');
    app = await createApiApp(env.config({ AUTH_SECRET: SECRET }));
    await app.listen(0, '127.0.0.1');
    api = ApiClient.of(app);
    anonymous = ApiClient.of(app);
    await api.login('admin', 'test-admin-password');
  });

  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  describe('login - /api/auth/login (POST)', () => {
    it('gives the same answer for a wrong password and an unknown user', async () => {
      const wrong = await anonymous.post<ApiError>('/api/auth/login', {
        username: 'admin',
        password: 'nope',
      });
      const unknown = await anonymous.post<ApiError>('/api/auth/login', {
        username: 'ghost',
        password: 'nope',
      });
      expect(wrong.status).toBe(401);
      expect(unknown).toEqual(wrong);
    });

    it.each([
      ['malformed JSON', '{"username":"admin"', 'Malformed JSON body'],
      ['a missing password', JSON.stringify({ username: 'admin' }), 'Invalid request'],
      [
        'an unknown field',
        JSON.stringify({ username: 'admin', password: 'x', role: 'admin' }),
        'Invalid request',
      ],
      [
        'a number for the username',
        JSON.stringify({ username: 42, password: 'x' }),
        'Invalid request',
      ],
      ['a JSON array', '[]', 'Invalid request'],
    ])('answers 400 to %s', async (_, body, message) => {
      const { status, body: answer } = await anonymous.post<ApiError>('/api/auth/login', body);
      expect(status).toBe(400);
      expect(answer).toMatchObject({ statusCode: 400, error: 'Bad Request', message });
    });

    it('refuses a body over 1 MB with 413 and keeps serving', async () => {
      const { status, body } = await anonymous.post<ApiError>(
        '/api/auth/login',
        JSON.stringify({ username: 'x'.repeat(1_100_000), password: 'x' }),
      );
      expect(status).toBe(413);
      expect(body.message).toBe('Request body too large');
      expect((await anonymous.get('/api/health')).status).toBe(200);
    });
  });

  describe('request ids - X-Request-Id', () => {
    it('answers every request with an id, keeping a well-formed one from the proxy in front', async () => {
      const fresh = await fetch(`${anonymous.baseUrl}/api/health`);
      expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const kept = await fetch(`${anonymous.baseUrl}/api/health`, {
        headers: { 'x-request-id': 'ingress-0123456789' },
      });
      expect(kept.headers.get('x-request-id')).toBe('ingress-0123456789');
      const replaced = await fetch(`${anonymous.baseUrl}/api/health`, {
        headers: { 'x-request-id': 'bad id with spaces' },
      });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('bearer tokens', () => {
    const now = Math.floor(Date.now() / 1000);
    it.each([
      ['no token', null],
      ['a garbage token', 'garbage'],
      [
        'an expired token',
        signToken(
          { sid: 'test-session', sub: 'admin', role: 'admin', iat: now - 7200, exp: now - 3600 },
          SECRET,
        ),
      ],
      [
        'a token signed with another secret',
        signToken(
          { sid: 'test-session', sub: 'admin', role: 'admin', iat: now, exp: now + 3600 },
          'x'.repeat(40),
        ),
      ],
    ])('answers 401 to %s', async (_, token) => {
      const client = ApiClient.of(app);
      client.token = token;
      const { status, body } = await client.get<ApiError>('/api/incidents');
      expect(status).toBe(401);
      expect(body.error).toBe('Unauthorized');
    });

    it('lets a display screen read but not act', async () => {
      const display = ApiClient.of(app);
      display.token = signToken(
        { sid: 'test-session', sub: 'wall-1', role: 'display', iat: now, exp: now + 3600 },
        SECRET,
      );
      expect((await display.get('/api/incidents')).status).toBe(200);
      expect(
        (await display.post('/api/incidents/0a000000-0000-4000-8000-000000000001/acknowledge', {}))
          .status,
      ).toBe(403);
      expect((await display.post('/api/assets/import', `${HEADER}\n`, 'text/csv')).status).toBe(
        403,
      );
    });

    it('keeps asset import for admins', async () => {
      const operator = ApiClient.of(app);
      operator.token = signToken(
        { sid: 'test-session', sub: 'op', role: 'operator', iat: now, exp: now + 3600 },
        SECRET,
      );
      expect((await operator.post('/api/assets/import', `${HEADER}\n`, 'text/csv')).status).toBe(
        403,
      );
    });
  });

  describe('asset import - /api/assets/import (POST)', () => {
    it('imports good rows, reports bad ones by line, and updates an id imported again', async () => {
      const first = await api.post<AssetImportResult>(
        '/api/assets/import',
        `\uFEFF${HEADER}\r\nST-0001,heating,heat_station,"南京路换热站, 一期",,117.196,39.118,\r\nST-0002,heating,heat_station,(0;0),,0,0,\r\nST-0003,heating,heat_station,dup,,117.2,39.12,\r\nST-0003,heating,heat_station,dup,,117.2,39.12,\r\n`,
        'text/csv',
      );
      expect(first.status).toBe(200);
      expect(first.body.imported).toBe(2);
      expect(first.body.rejected.map((r) => r.line)).toEqual([3, 5]);

      const again = await api.post<AssetImportResult>(
        '/api/assets/import',
        `${HEADER}\nST-0001,heating,heat_station,<script>alert(1)</script>,,117.196,39.118,\n`,
        'text/csv',
      );
      expect(again.body).toEqual({ imported: 1, rejected: [] });
      const { body } = await api.get<AssetCollection>('/api/assets');
      expect(body.features.filter((f) => f.id === 'ST-0001')).toHaveLength(1);
      expect(body.features.find((f) => f.id === 'ST-0001')!.properties.name).toBe(
        '<script>alert(1)</script>',
      );
    });

    it('imports GeoJSON points', async () => {
      const { body } = await api.post<AssetImportResult>(
        '/api/assets/import',
        {
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [117.2, 39.13] },
              properties: {
                id: 'WL-0001',
                domain: 'waterlogging',
                kind: 'underpass',
                name: '解放桥下穿',
              },
            },
          ],
        },
        'application/geo+json',
      );
      expect(body).toEqual({ imported: 1, rejected: [] });
    });

    it.each([
      ['an unsupported content type', 'x', 'application/xml', 400],
      ['an empty body', '', 'text/csv', 400],
      ['a JSON body that is not GeoJSON', '{"hello":"world"}', 'application/json', 200],
      ['broken GeoJSON', '{"type":"FeatureCollection"', 'application/geo+json', 400],
    ])('handles %s without importing anything', async (_, body, type, status) => {
      const before = (await api.get<AssetCollection>('/api/assets')).body.features.length;
      const answer = await api.post<AssetImportResult>('/api/assets/import', body, type);
      expect(answer.status).toBe(status);
      if (status === 200) expect(answer.body.imported).toBe(0);
      expect((await api.get<AssetCollection>('/api/assets')).body.features.length).toBe(before);
    });
  });

  describe('incidents - /api/incidents', () => {
    it.each([
      ['/api/incidents?status=opened', 400],
      ['/api/incidents?limit=0', 400],
      ['/api/incidents?limit=-1', 400],
      ['/api/incidents?limit=abc', 400],
      ["/api/incidents?district=120101'%20OR%201=1", 400],
      ['/api/incidents?from=yesterday', 400],
      ['/api/incidents?sort=severity', 400],
      ['/api/incidents?status=open&status=resolved', 400],
      ['/api/incidents/not-a-uuid', 400],
      ['/api/incidents/0a000000-0000-4000-8000-000000000009', 404],
    ])('GET %s → %i', async (path, status) => {
      const answer = await api.get<ApiError>(path);
      expect(answer.status).toBe(status);
      expect(answer.body.statusCode).toBe(status);
    });

    it.each([
      ['a note that is not text', { note: 42 }],
      ['an unknown field', { note: 'x', severity: 'blue' }],
    ])('refuses an acknowledgement with %s', async (_, body) => {
      expect(
        (await api.post('/api/incidents/0a000000-0000-4000-8000-000000000009/acknowledge', body))
          .status,
      ).toBe(400);
    });
  });

  describe('telemetry - /api/telemetry/:sensorId (GET)', () => {
    it('answers the mean per step from InfluxDB', async () => {
      const start = Date.parse('2026-11-26T00:00:00Z');
      const lines = [0, 1, 2, 3].map(
        (m) =>
          `heating,assetId=ST-0001,district=120101,kind=heat_station supplyTempC=${50 + m} ${(start + m * 30_000) * 1e6}`,
      );
      const write = await fetch(
        `${new URL(env.influxUrl).origin}/write?db=${env.influxDatabase}&rp=raw`,
        { method: 'POST', body: lines.join('\n') },
      );
      expect(write.status).toBe(204);
      const { status, body } = await api.get<{ points: { ts: string; value: number }[] }>(
        '/api/telemetry/ST-0001?metric=supplyTempC&from=2026-11-26T00:00:00Z&to=2026-11-26T00:02:00Z&step=1m',
      );
      expect(status).toBe(200);
      expect(body.points).toEqual([
        { ts: '2026-11-26T00:00:00.000Z', value: 50.5 },
        { ts: '2026-11-26T00:01:00.000Z', value: 52.5 },
      ]);
    });

    it.each([
      ['/api/telemetry/ST-0001?metric=altitude', 400],
      ['/api/telemetry/ST-0001?metric=supplyTempC&step=1w', 400],
      [
        '/api/telemetry/ST-0001?metric=supplyTempC&step=1s&from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z',
        400,
      ],
      [
        '/api/telemetry/ST-0001?metric=supplyTempC&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z',
        400,
      ],
      ["/api/telemetry/x'%20OR%201=1?metric=supplyTempC", 400],
      ['/api/telemetry/NO-SUCH?metric=supplyTempC', 404],
    ])('GET %s → %i', async (path, status) => {
      expect((await api.get(path)).status).toBe(status);
    });
  });

  describe('operations', () => {
    it('reports readiness of Redis, InfluxDB and the database', async () => {
      const { status, body } = await anonymous.get<{
        status: string;
        checks: Record<string, { ok: boolean }>;
      }>('/api/health/ready');
      expect(status).toBe(200);
      expect(Object.keys(body.checks).sort()).toEqual(['database', 'influxdb', 'redis']);
    });

    it('lists the collectors that sent a heartbeat, without making readiness depend on them', async () => {
      const redis = env.redis();
      const key = `${env.redisPrefix}:collectors:host-1`;
      await redis.set(
        key,
        JSON.stringify({
          ts: Date.now() - 2_000,
          sources: [{ name: 'heating-http:sim', lagMs: 1200, lastError: null }],
          spoolBytes: 0,
        }),
        'EX',
        30,
      );
      await redis.set(`${env.redisPrefix}:collectors:garbage`, 'not json', 'EX', 30);
      const { status, body } = await anonymous.get<{
        status: string;
        collectors: { instance: string; ageMs: number }[];
      }>('/api/health/ready');
      redis.disconnect();
      expect(status).toBe(200);
      expect(body.collectors.map((c) => c.instance)).toEqual(['host-1']);
      expect(body.collectors[0]!.ageMs).toBeGreaterThanOrEqual(2_000);
    });

    it('serves Prometheus metrics at /metrics', async () => {
      const { status, body } = await anonymous.get<string>('/metrics');
      expect(status).toBe(200);
      expect(body).toContain('cityops_http_request_duration_seconds');
      expect(body).toMatch(/cityops_queue_jobs\{queue="telemetry",state="waiting"\} \d+/);
    });

    it('answers an unknown API route with a JSON 404', async () => {
      const { status, body } = await api.get<ApiError>('/api/no-such-thing');
      expect(status).toBe(404);
      expect(body.error).toBe('Not Found');
    });

    it('serves the public console configuration without a token', async () => {
      expect((await anonymous.get('/api/config')).body).toEqual({
        mapboxToken: null,
        timezone: 'Asia/Shanghai',
      });
    });
  });
});
