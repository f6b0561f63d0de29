import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { type IncidentPage, JobName, QueueName, redisKeys } from '@cityops/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { ApiClient } from './support/api-client.js';
import { TestEnv, eventually } from './support/test-env.js';

const CSV =
  'id,domain,kind,name,district,lng,lat,parentId\nIS-0001,heating,indoor_sensor,南京路 501,,117.197,39.119,\n';
const T0 = Date.parse('2026-11-26T00:00:00Z');

describe('alert state and incidents stay consistent when the database is replaced', () => {
  let env: TestEnv;
  let redis: Redis;
  let telemetry: Queue;
  const dirs: string[] = [];

  beforeAll(async () => {
    env = await TestEnv.create('pglite');
    redis = env.redis();
    telemetry = new Queue(QueueName.Telemetry, {
      connection: redis,
      prefix: redisKeys(env.redisPrefix).bull,
    });
  });

  afterAll(async () => {
    await telemetry?.close();
    redis?.disconnect();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await env?.dispose();
  });

  /** A backend on a brand-new database (its own PGlite directory) sharing the environment's Redis. */
  async function backendOnNewDatabase(): Promise<{ app: INestApplication; api: ApiClient }> {
    const dir = mkdtempSync(join(tmpdir(), 'cityops-db-'));
    dirs.push(dir);
    const app = await createApiApp(env.config({ DATA_DIR: dir }));
    await app.listen(0, '127.0.0.1');
    const api = ApiClient.of(app);
    await api.login('admin', 'test-admin-password');
    await api.post('/api/assets/import', CSV, 'text/csv');
    return { app, api };
  }

  const coldReading = (minute: number) =>
    telemetry.add(
      JobName.EvaluateReadings,
      {
        source: 'test',
        readings: [
          { sensorId: 'IS-0001', ts: T0 + minute * 60_000, metrics: { indoorTempC: 16.5 } },
        ],
      },
      { jobId: `cold-${minute}` },
    );
  const openIncidents = async (api: ApiClient) =>
    (await api.get<IncidentPage>('/api/incidents?status=open')).body.items;

  it('opens an incident in the new database for a flat that is still cold', async () => {
    const first = await backendOnNewDatabase();
    await coldReading(0);
    await eventually(
      async () => (await openIncidents(first.api)).length === 1,
      15_000,
      'the first incident',
    );
    await first.app.close();

    const second = await backendOnNewDatabase();
    try {
      await coldReading(1);
      const items = await eventually(
        async () => {
          const open = await openIncidents(second.api);
          return open.length ? open : undefined;
        },
        15_000,
        'an incident in the new database',
      );
      expect(items[0]).toMatchObject({
        assetId: 'IS-0001',
        severity: 'blue',
        openedAt: new Date(T0 + 60_000).toISOString(),
      });
    } finally {
      await second.app.close();
    }
  });
});
