import type { INestApplication } from '@nestjs/common';
import {
  type AlertTransition,
  DEFAULT_RULES,
  type Incident,
  type IncidentPage,
  type IncidentWithTimeline,
  JobName,
  type JobOf,
  LiveEvent,
  QueueName,
  type Role,
  type ThresholdRule,
  type WatchList,
  type WatchMode,
  WatchModeSchema,
  redisKeys,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { DATABASE, type Database } from '../../src/infra/database/database.js';
import { signToken } from '../../src/modules/auth/access-token.js';
import { WatchService } from '../../src/modules/watch/watch.service.js';
import { ApiClient } from './support/api-client.js';
import { DATABASE_KINDS, TestEnv, eventually } from './support/test-env.js';

const SECRET = 'integration-test-secret-that-is-long-enough-to-pass';
const HOUR = 3_600_000;

// 和平区 120101 and 河西区 120103, each with underpasses; a rain gauge and a flat in 和平区.
const ASSETS_CSV = [
  'id,domain,kind,name,district,lng,lat,parentId',
  'WL-0001,waterlogging,underpass,南京路下穿,120101,117.196,39.118,',
  'WL-0002,waterlogging,underpass,营口道下穿,120101,117.199,39.121,',
  'WL-0003,waterlogging,underpass,友谊路下穿,120103,117.218,39.102,',
  'WL-0004,waterlogging,underpass,卫津路下穿,120103,117.212,39.099,',
  'WL-0005,waterlogging,low_road,贵州路低洼,120101,117.193,39.116,',
  'RG-0001,waterlogging,rain_gauge,和平雨量站,120101,117.197,39.119,',
  'IS-0001,heating,indoor_sensor,南京路 3 号楼 501,120101,117.197,39.119,',
].join('\n');

describe.each(DATABASE_KINDS)('watch mode (%s)', (databaseKind) => {
  let env: TestEnv;
  let app: INestApplication;
  let admin: ApiClient;
  let supervisor: ApiClient;
  let redis: Redis;
  let telemetry: Queue;
  let socket: Socket;
  let batches = 0;
  const watchEvents: WatchMode[] = [];

  const as = (role: Role, username: string = `${role}-1`) => {
    const client = ApiClient.of(app);
    const now = Math.floor(Date.now() / 1000);
    client.token = signToken(
      { sid: 'test-session', sub: username, role, iat: now, exp: now + 3600 },
      SECRET,
    );
    return client;
  };
  /** Readings through the fast path's queue, as the collectors send them. */
  const send = async (readings: JobOf<typeof JobName.EvaluateReadings>['readings']) => {
    await telemetry.add(
      JobName.EvaluateReadings,
      { source: 'test', readings },
      { jobId: `watch-batch-${++batches}` },
    );
  };
  const depth = (sensorId: string, depthCm: number, ts = Date.now()) => ({
    sensorId,
    ts,
    metrics: { depthCm },
  });
  const openIncident = (assetId: string, severity?: string) =>
    eventually(
      async () => {
        const { body } = await admin.get<IncidentPage>(`/api/incidents?status=open,acknowledged`);
        return body.items.find(
          (i) => i.assetId === assetId && (!severity || i.severity === severity),
        );
      },
      15_000,
      `an open incident at ${assetId}${severity ? ` (${severity})` : ''}`,
    );
  const timeline = async (incident: Incident) =>
    (await admin.get<IncidentWithTimeline>(`/api/incidents/${incident.id}`)).body.timeline;
  const watchTimeline = async (incident: Incident) =>
    (await timeline(incident)).filter((e) => e.type === 'watch_changed');
  const db = () => app.get<Database>(DATABASE);

  beforeAll(async () => {
    env = await TestEnv.create(databaseKind);
    app = await createApiApp(
      env.config({ AUTH_SECRET: SECRET, WATCH_AUTO_COOLDOWN_MINUTES: '120' }),
    );
    await app.listen(0, '127.0.0.1');
    admin = ApiClient.of(app);
    await admin.login('admin', 'test-admin-password');
    supervisor = as('supervisor', 'zhang.wei');
    const imported = await admin.post<{ imported: number }>(
      '/api/assets/import',
      ASSETS_CSV,
      'text/csv',
    );
    expect(imported.body.imported).toBe(7);
    redis = env.redis();
    telemetry = new Queue(QueueName.Telemetry, {
      connection: redis,
      prefix: redisKeys(env.redisPrefix).bull,
    });
    socket = io(admin.baseUrl, {
      path: '/socket.io',
      auth: { token: admin.token },
      transports: ['websocket'],
    });
    socket.on(LiveEvent.WatchChanged, (watch: WatchMode) => watchEvents.push(watch));
    await eventually(async () => socket.connected, 10_000, 'socket connection');
  });

  afterAll(async () => {
    socket?.disconnect();
    await telemetry?.close();
    await app?.close();
    redis?.disconnect();
    await env?.dispose();
  });

  describe('a supervisor’s rainstorm watch for one district', () => {
    let watch: WatchMode;
    let before: { waterlogging: Incident; heating: Incident; elsewhere: Incident };

    it('starts it, answers the watch, and announces it live', async () => {
      // Open incidents before the watch: one in scope, one of another domain, one in another district.
      await send([
        depth('WL-0002', 16),
        depth('WL-0004', 16),
        { sensorId: 'IS-0001', ts: Date.now(), metrics: { indoorTempC: 17 } },
      ]);
      before = {
        waterlogging: await openIncident('WL-0002', 'yellow'),
        heating: await openIncident('IS-0001'),
        elsewhere: await openIncident('WL-0004', 'yellow'),
      };

      const started = await supervisor.post<WatchMode>('/api/watch', {
        kind: 'rainstorm',
        scope: '120101',
        reason: '市气象台发布暴雨黄色预警，提前调度',
      });
      expect(started.status).toBe(201);
      watch = WatchModeSchema.parse(started.body);
      expect(watch).toMatchObject({
        kind: 'rainstorm',
        scope: '120101',
        startedBy: 'zhang.wei',
        reason: '市气象台发布暴雨黄色预警，提前调度',
        auto: false,
        active: true,
        endsAt: null,
        endedAt: null,
      });
      const announced = await eventually(
        async () => watchEvents.find((w) => w.id === watch.id && w.active),
        5_000,
        'watch.changed (started)',
      );
      expect(WatchModeSchema.parse(announced).scope).toBe('120101');

      const list = (await as('display').get<WatchList>('/api/watch')).body;
      expect(list.active.map((w) => w.id)).toEqual([watch.id]);
    });

    it('writes the start on the timeline of the open incidents it affects, and in the audit log', async () => {
      const [entry, ...more] = await watchTimeline(before.waterlogging);
      expect(more).toEqual([]);
      expect(entry).toMatchObject({
        type: 'watch_changed',
        actor: 'zhang.wei',
        data: { watchId: watch.id, kind: 'rainstorm', scope: '120101', change: 'started' },
      });
      expect(entry!.message).toContain('暴雨值守');
      expect(await watchTimeline(before.heating)).toEqual([]);
      expect(await watchTimeline(before.elsewhere)).toEqual([]);
      const audit = await db().query<{ actor: string; action: string }>(
        'SELECT actor, action FROM audit_log WHERE target = $1 ORDER BY id',
        [watch.id],
      );
      expect(audit).toEqual([{ actor: 'zhang.wei', action: 'watch.started' }]);
    });

    it('makes an underpass reading that is blue at normal thresholds yellow there, and not elsewhere', async () => {
      await send([depth('WL-0001', 12), depth('WL-0003', 12)]);
      const inWatch = await openIncident('WL-0001');
      const outside = await openIncident('WL-0003');
      expect(inWatch.severity).toBe('yellow');
      expect(outside.severity).toBe('blue');
      const service = app.get(WatchService);
      expect(service.cadenceFactor('120101')).toBe(2);
      expect(service.cadenceFactor('120103')).toBe(1);
      expect(service.cadenceFactor('city')).toBe(2);
      const underpass = DEFAULT_RULES.find((r) => r.id === 'underpass-depth') as ThresholdRule;
      expect(service.effectiveRule(underpass, '120101', Date.now()).levels[0]!.value).toBe(5);
      expect(service.effectiveRule(underpass, '120103', Date.now())).toBe(underpass);
    });

    it('refuses a second rainstorm watch for the same district', async () => {
      const again = await supervisor.post('/api/watch', {
        kind: 'rainstorm',
        scope: '120101',
        reason: 'twice',
      });
      expect(again.status).toBe(409);
    });

    it('ends by hand: the timeline, the live event, and the normal thresholds again', async () => {
      const ended = await supervisor.post<WatchMode>(`/api/watch/${watch.id}/end`, {
        note: '雨停，解除值守',
      });
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({
        active: false,
        endedBy: 'zhang.wei',
        endNote: '雨停，解除值守',
      });
      await eventually(
        async () => watchEvents.find((w) => w.id === watch.id && !w.active),
        5_000,
        'watch.changed (ended)',
      );
      const entries = await watchTimeline(before.waterlogging);
      expect(entries.map((e) => e.data.change)).toEqual(['started', 'ended']);
      expect(entries[1]!.message).toContain('雨停，解除值守');

      // The same depth under normal thresholds: back to blue, and a new underpass opens blue.
      await send([depth('WL-0001', 12.5), depth('WL-0005', 12)]);
      await openIncident('WL-0001', 'blue');
      expect((await openIncident('WL-0005')).severity).toBe('blue');
      expect(app.get(WatchService).cadenceFactor('120101')).toBe(1);

      const list = (await admin.get<WatchList>('/api/watch')).body;
      expect(list.active).toEqual([]);
      expect(list.recent.map((w) => w.id)).toContain(watch.id);
    });

    it('answers 409 when ending it twice, 404 for an unknown watch and 400 for a bad id', async () => {
      expect((await supervisor.post(`/api/watch/${watch.id}/end`, {})).status).toBe(409);
      expect(
        (await supervisor.post('/api/watch/0b7e3f52-5d5e-4d0e-9c41-8b2f4b9f0a11/end', {})).status,
      ).toBe(404);
      expect((await supervisor.post('/api/watch/not-a-uuid/end', {})).status).toBe(400);
    });
  });

  describe('who may, and bad input', () => {
    const body = { kind: 'cold_wave', scope: '120103', reason: '寒潮蓝色预警' };

    it('lets supervisors and admins start and end watches, every role read them', async () => {
      expect((await as('operator').post('/api/watch', body)).status).toBe(403);
      expect((await as('display').post('/api/watch', body)).status).toBe(403);
      const noToken = ApiClient.of(app);
      expect((await noToken.get('/api/watch')).status).toBe(401);
      for (const role of ['admin', 'supervisor', 'operator', 'display'] as const)
        expect((await as(role).get('/api/watch')).status).toBe(200);
      const started = await as('admin').post<WatchMode>('/api/watch', {
        ...body,
        until: new Date(Date.now() + 6 * HOUR).toISOString(),
      });
      expect(started.status).toBe(201);
      expect(started.body.endsAt).not.toBeNull();
      expect((await as('operator').post(`/api/watch/${started.body.id}/end`, {})).status).toBe(403);
      expect((await as('admin').post(`/api/watch/${started.body.id}/end`, {})).status).toBe(200);
    });

    it('refuses hostile scopes, unknown kinds, an end in the past or too far ahead', async () => {
      const bad = async (payload: unknown) => {
        const { status, body: answer } = await supervisor.post<{ details: string[] }>(
          '/api/watch',
          payload,
        );
        expect(status).toBe(400);
        return answer.details;
      };
      expect(await bad({ ...body, scope: "120101' OR '1'='1" })).toEqual([
        'scope: scope must be "city" or a Tianjin district code such as 120101',
      ]);
      expect(await bad({ ...body, scope: '../../etc/passwd' })).toHaveLength(1);
      expect(await bad({ ...body, kind: 'typhoon' })).toEqual([
        'kind: kind must be one of rainstorm, cold_wave',
      ]);
      expect(await bad({ ...body, until: new Date(Date.now() - HOUR).toISOString() })).toEqual([
        'until: until must be in the future (leave it out for a watch until ended)',
      ]);
      expect(
        await bad({ ...body, until: new Date(Date.now() + 60 * 24 * HOUR).toISOString() }),
      ).toEqual(['until: until may be at most 30 days ahead']);
      expect(await bad({ ...body, reason: '' })).toHaveLength(1);
      expect(await bad({ ...body, startedBy: 'system' })).toHaveLength(1);
      const rows = await db().query<{ n: number }>(
        "SELECT count(*)::int AS n FROM watch_modes WHERE scope LIKE '%OR%'",
      );
      expect(rows[0]!.n).toBe(0);
    });
  });

  describe('an automatic rainstorm watch', () => {
    const signal = (
      kind: AlertTransition['kind'],
      severity: AlertTransition['severity'],
      at: number,
    ): AlertTransition => ({
      transitionId: `rainstorm-signal|RG-0001|${at}|${kind}|${severity ?? 'none'}`,
      ruleId: 'rainstorm-signal',
      assetId: 'RG-0001',
      kind,
      severity,
      previousSeverity: null,
      at,
      value: 55,
      metric: 'rainfallMmH',
      flapping: false,
      subject: null,
    });

    it('starts at a yellow rainfall signal in the gauge’s district, once however often it is told', async () => {
      const service = app.get(WatchService);
      const t0 = Date.now() - 4 * HOUR;
      expect(await service.observeTransition(signal('raised', 'blue', t0 - HOUR))).toBeNull();
      const started = await service.observeTransition(signal('changed', 'yellow', t0));
      expect(started).toMatchObject({
        kind: 'rainstorm',
        scope: '120101',
        startedBy: 'system',
        auto: true,
        active: true,
        startedAt: new Date(t0).toISOString(),
      });
      expect(await service.observeTransition(signal('changed', 'yellow', t0))).toBeNull();
      const auto = (await admin.get<WatchList>('/api/watch')).body.active.filter((w) => w.auto);
      expect(auto.map((w) => w.id)).toEqual([started!.id]);
      await eventually(
        async () => watchEvents.find((w) => w.id === started!.id),
        5_000,
        'watch.changed (automatic)',
      );
      // Not for other rules' transitions.
      expect(
        await service.observeTransition({
          ...signal('raised', 'red', t0),
          ruleId: 'underpass-depth',
        }),
      ).toBeNull();
    });

    it('ends two hours (event time) after the signal clears, on the incidents’ timelines too', async () => {
      const service = app.get(WatchService);
      const t1 = Date.now() - 3 * HOUR;
      const planned = await service.observeTransition(signal('cleared', null, t1));
      expect(planned).toMatchObject({ auto: true, endsAt: new Date(t1 + 2 * HOUR).toISOString() });
      // The planned end passed an hour ago: the next periodic check ends it at that time.
      const [ended, ...others] = await service.expire();
      expect(others).toEqual([]);
      expect(ended).toMatchObject({
        id: planned!.id,
        active: false,
        endedBy: 'system',
        endedAt: new Date(t1 + 2 * HOUR).toISOString(),
      });
      expect(await service.expire()).toEqual([]);
      const incident = await openIncident('WL-0002');
      const entries = await watchTimeline(incident);
      expect(
        entries.filter((e) => e.data.watchId === planned!.id).map((e) => [e.actor, e.data.change]),
      ).toEqual([
        ['system', 'started'],
        ['system', 'ended'],
      ]);
      // Late readings from inside the automatic watch are judged by its thresholds (event time).
      expect(service.activeKinds('120101', t1)).toEqual(['rainstorm']);
      expect(service.activeKinds('120101', Date.now())).toEqual([]);
    });
  });
});
