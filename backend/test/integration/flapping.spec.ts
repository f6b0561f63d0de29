import type { INestApplication } from '@nestjs/common';
import {
  type IncidentPage,
  type IncidentWithTimeline,
  JobName,
  QueueName,
  redisKeys,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { ApiClient } from './support/api-client.js';
import { TestEnv, eventually } from './support/test-env.js';

const T0 = Date.parse('2026-11-26T00:00:00Z');

describe('flap damping marks the incident', () => {
  let env: TestEnv;
  let app: INestApplication;
  let api: ApiClient;
  let redis: Redis;
  let telemetry: Queue;

  beforeAll(async () => {
    env = await TestEnv.create('pglite');
    app = await createApiApp(env.config());
    await app.listen(0, '127.0.0.1');
    api = ApiClient.of(app);
    await api.login('admin', 'test-admin-password');
    await api.post(
      '/api/assets/import',
      'id,domain,kind,name,district,lng,lat,parentId\nIS-0001,heating,indoor_sensor,南京路 501,,117.197,39.119,\n',
      'text/csv',
    );
    redis = env.redis();
    telemetry = new Queue(QueueName.Telemetry, {
      connection: redis,
      prefix: redisKeys(env.redisPrefix).bull,
    });
  });

  afterAll(async () => {
    await telemetry?.close();
    redis?.disconnect();
    await app?.close();
    await env?.dispose();
  });

  it('holds a flipping condition open as one incident marked flapping, with a note on its timeline', async () => {
    const { body } = await api.get<{ rule: Record<string, unknown> }>('/api/rules/indoor-temp-low');
    const updated = await api.request('PUT', '/api/rules/indoor-temp-low', {
      ...body.rule,
      flap: { maxTransitions: 3, windowMinutes: 60, quietMinutes: 30 },
    });
    expect(updated.status).toBe(200);

    // cold, warm, cold, warm, cold, warm: six flips within a few minutes.
    const temps = [17, 19, 17, 19, 17, 19];
    await telemetry.add(
      JobName.EvaluateReadings,
      {
        source: 'test',
        readings: temps.map((indoorTempC, i) => ({
          sensorId: 'IS-0001',
          ts: T0 + i * 60_000,
          metrics: { indoorTempC },
        })),
      },
      { jobId: 'flips' },
    );

    const flapping = await eventually(
      async () => {
        const open = (await api.get<IncidentPage>('/api/incidents?status=open')).body.items;
        return open.find((i) => i.flapping);
      },
      15_000,
      'a flapping incident',
    );
    const all = (await api.get<IncidentPage>('/api/incidents?limit=500')).body.items;
    // Without damping the six flips would be three incidents, all resolved; with it the third raise stays open.
    expect(all.filter((i) => i.status === 'open')).toHaveLength(1);
    const detail = (await api.get<IncidentWithTimeline>(`/api/incidents/${flapping.id}`)).body;
    expect(detail.timeline.some((e) => e.data.flapping === true)).toBe(true);
    expect(detail.status).toBe('open');
  });
});
