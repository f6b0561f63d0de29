import type { INestApplication } from '@nestjs/common';
import {
  type AssetCollection,
  type Incident,
  type IncidentPage,
  type IncidentWithTimeline,
  IncidentSchema,
  JobName,
  type JobOf,
  LiveEvent,
  QueueName,
  type QuarantineEntry,
  redisKeys,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { ApiClient } from './support/api-client.js';
import { DATABASE_KINDS, TestEnv, eventually } from './support/test-env.js';

const ASSETS_CSV = [
  'id,domain,kind,name,district,lng,lat,parentId',
  'HS-0001,heating,heat_source,陈塘庄热源厂,,117.22,39.09,',
  'ST-0001,heating,heat_station,南京路换热站,,117.196,39.118,HS-0001',
  'IS-0001,heating,indoor_sensor,南京路 3 号楼 501,,117.197,39.119,ST-0001',
  'WL-0001,waterlogging,underpass,解放桥下穿,,117.205,39.13,',
].join('\n');

const T0 = Date.parse('2026-11-26T08:00:00+08:00');
const minute = (n: number) => T0 + n * 60_000;

describe.each(DATABASE_KINDS)(
  'sensor reading → incident → API and live event (%s)',
  (databaseKind) => {
    let env: TestEnv;
    let app: INestApplication;
    let api: ApiClient;
    let redis: Redis;
    let telemetry: Queue;
    let socket: Socket;
    const live: { event: string; incident: Incident }[] = [];

    const sendReadings = async (
      jobId: string,
      readings: JobOf<typeof JobName.EvaluateReadings>['readings'],
    ) => {
      await telemetry.add(JobName.EvaluateReadings, { source: 'test', readings }, { jobId });
    };
    const indoor = (n: number, indoorTempC: number) => ({
      sensorId: 'IS-0001',
      ts: minute(n),
      metrics: { indoorTempC },
    });
    const incidentsFor = async (query: string) =>
      (await api.get<IncidentPage>(`/api/incidents?${query}`)).body.items;

    beforeAll(async () => {
      env = await TestEnv.create(databaseKind);
      app = await createApiApp(env.config());
      await app.listen(0, '127.0.0.1');
      api = ApiClient.of(app);
      await api.login('admin', 'test-admin-password');
      const imported = await api.post<{ imported: number }>(
        '/api/assets/import',
        ASSETS_CSV,
        'text/csv',
      );
      expect(imported.body.imported).toBe(4);

      redis = env.redis();
      telemetry = new Queue(QueueName.Telemetry, {
        connection: redis,
        prefix: redisKeys(env.redisPrefix).bull,
      });

      socket = io(api.baseUrl, {
        path: '/socket.io',
        auth: { token: api.token },
        transports: ['websocket'],
      });
      for (const event of [
        LiveEvent.IncidentOpened,
        LiveEvent.IncidentUpdated,
        LiveEvent.IncidentResolved,
      ]) {
        socket.on(event, (incident: Incident) => live.push({ event, incident }));
      }
      await eventually(async () => socket.connected, 10_000, 'socket connection');
    });

    afterAll(async () => {
      socket?.disconnect();
      await telemetry?.close();
      await app?.close();
      redis?.disconnect();
      await env?.dispose();
    });

    it('opens one incident, raises its severity, and announces it live', async () => {
      await sendReadings('batch-1', [indoor(0, 20.5), indoor(1, 17.4), indoor(2, 15.2)]);

      const [incident] = await eventually(
        async () => {
          const items = await incidentsFor('status=open');
          return items.length && items[0]!.severity === 'orange' ? items : undefined;
        },
        15_000,
        'an orange incident',
      );
      expect(incident).toMatchObject({
        key: 'indoor-temp-low|IS-0001',
        domain: 'heating',
        ruleId: 'indoor-temp-low',
        assetId: 'IS-0001',
        assetName: '南京路 3 号楼 501',
        district: '120101',
        status: 'open',
        severity: 'orange',
        lastValue: 15.2,
        location: [117.197, 39.119],
        openedAt: new Date(minute(1)).toISOString(),
      });
      expect(incident!.title).toContain('15.2');

      const opened = await eventually(
        async () => live.find((e) => e.event === LiveEvent.IncidentOpened),
        5_000,
        'incident.opened',
      );
      expect(IncidentSchema.parse(opened.incident).id).toBe(incident!.id);
      expect(opened.incident.severity).toBe('blue');

      const detail = (await api.get<IncidentWithTimeline>(`/api/incidents/${incident!.id}`)).body;
      expect(detail.timeline.map((e) => [e.type, e.data.severity ?? e.data.to])).toEqual([
        ['opened', 'blue'],
        ['severity_changed', 'orange'],
      ]);
    });

    it('ignores the same readings delivered again (retry, replay or a second collector)', async () => {
      await sendReadings('batch-1-again', [indoor(0, 20.5), indoor(1, 17.4), indoor(2, 15.2)]);
      await sendReadings('batch-unknown', [
        { sensorId: 'IS-9999', ts: minute(2), metrics: { indoorTempC: 5 } },
      ]);
      await eventually(
        async () => ((await telemetry.getJobCounts('completed')).completed ?? 0) >= 3,
        10_000,
        'jobs to complete',
      );
      const items = await incidentsFor('domain=heating');
      expect(items).toHaveLength(1);
      const detail = (await api.get<IncidentWithTimeline>(`/api/incidents/${items[0]!.id}`)).body;
      expect(detail.timeline).toHaveLength(2);
    });

    it('records an acknowledgement with who and when', async () => {
      const [incident] = await incidentsFor('status=open');
      const acked = await api.post<Incident>(`/api/incidents/${incident!.id}/acknowledge`, {
        note: '已派单',
      });
      expect(acked.status).toBe(200);
      expect(acked.body.status).toBe('acknowledged');
      expect(acked.body.acknowledgedAt).not.toBeNull();
      const again = await api.post(`/api/incidents/${incident!.id}/acknowledge`, {});
      expect(again.status).toBe(409);
      const detail = (await api.get<IncidentWithTimeline>(`/api/incidents/${incident!.id}`)).body;
      expect(detail.timeline.at(-1)).toMatchObject({
        type: 'acknowledged',
        actor: 'admin',
        message: '已派单',
      });
    });

    it('resolves when the room is warm again, and opens a new incident when it gets cold again', async () => {
      await sendReadings('batch-2', [indoor(3, 19.1)]);
      const [resolved] = await eventually(
        async () => {
          const items = await incidentsFor('status=resolved');
          return items.length ? items : undefined;
        },
        15_000,
        'the incident to resolve',
      );
      expect(resolved!.resolvedAt).toBe(new Date(minute(3)).toISOString());
      await eventually(
        async () => live.find((e) => e.event === LiveEvent.IncidentResolved),
        5_000,
        'incident.resolved',
      );

      await sendReadings('batch-3', [indoor(4, 16.5)]);
      const reopened = await eventually(
        async () => {
          const items = await incidentsFor('status=open');
          return items.length ? items : undefined;
        },
        15_000,
        'a new incident',
      );
      expect(reopened[0]!.id).not.toBe(resolved!.id);
      expect(reopened[0]!.key).toBe(resolved!.key);
    });

    it('shows the latest value and the alarm on the asset map', async () => {
      const { body } = await api.get<AssetCollection>('/api/assets?domain=heating');
      const sensor = body.features.find((f) => f.id === 'IS-0001')!;
      expect(sensor.properties).toMatchObject({
        status: 'alarm',
        severity: 'blue',
        latest: { indoorTempC: 16.5 },
      });
      expect(body.features.map((f) => f.id).sort()).toEqual(['HS-0001', 'IS-0001', 'ST-0001']);
    });

    it('walks an underpass through its depth levels on the same pipeline', async () => {
      const depth = (n: number, depthCm: number) => ({
        sensorId: 'WL-0001',
        ts: minute(n),
        metrics: { depthCm, rainfallMmH: 40 },
      });
      await sendReadings('batch-wl', [depth(0, 4), depth(1, 12), depth(2, 26)]);
      const [incident] = await eventually(
        async () => {
          const items = await incidentsFor('domain=waterlogging');
          return items[0]?.severity === 'red' ? items : undefined;
        },
        15_000,
        'a red waterlogging incident',
      );
      expect(incident!.title).toBe('解放桥下穿：积水 26 cm');
    });

    it('keeps rejected input in the quarantine, filterable by reason', async () => {
      const quarantine = new Queue(QueueName.Quarantine, {
        connection: redis,
        prefix: redisKeys(env.redisPrefix).bull,
      });
      const rejection = (reason: 'sentinel_value' | 'unknown_sensor', sensorId: string) => ({
        source: 'heating-http:test',
        reason,
        detail: `${reason} detail`,
        sensorId,
        metric: reason === 'sentinel_value' ? 'supplyTempC' : null,
        payload: '{"x":1}',
        receivedAt: minute(5),
      });
      await quarantine.add(JobName.RecordRejections, {
        rejections: [
          rejection('sentinel_value', 'ST-0001'),
          rejection('unknown_sensor', 'XX-1'),
          rejection('unknown_sensor', 'XX-2'),
        ],
      });
      await quarantine.close();
      const items = await eventually(
        async () => {
          const { body } = await api.get<{ items: QuarantineEntry[] }>(
            '/api/quarantine?reason=unknown_sensor',
          );
          return body.items.length === 2 ? body.items : undefined;
        },
        10_000,
        'quarantined rows',
      );
      expect(items.map((i) => i.sensorId).sort()).toEqual(['XX-1', 'XX-2']);
      expect((await api.get('/api/quarantine?reason=not-a-reason')).status).toBe(400);
      const csv = await api.get<string>('/api/quarantine/export?reason=unknown_sensor');
      expect(csv.status).toBe(200);
      const lines = csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe('id,receivedAt,source,reason,detail,sensorId,metric,payload');
      expect(
        lines
          .slice(1)
          .map((l) => l.split(',')[5])
          .sort(),
      ).toEqual(['XX-1', 'XX-2']);
    });

    it('pages incidents with a cursor, newest first, without gaps or repeats', async () => {
      const all = await incidentsFor('limit=500');
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const path: string = `/api/incidents?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const { body }: { body: IncidentPage } = await api.get<IncidentPage>(path);
        seen.push(...body.items.map((i) => i.id));
        cursor = body.next;
      } while (cursor);
      expect(seen).toEqual(all.map((i) => i.id));
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect((await api.get('/api/incidents?cursor=bogus')).status).toBe(400);
    });
  },
);
