import {
  type ApiError,
  type AssetCollection,
  type CaseDto,
  type Incident,
  type IncidentPage,
  type IncidentStats,
  LiveEvent,
  type LoginResponse,
  type SanitationCase,
  type SilenceList,
  findDistrict,
} from '@cityops/contracts';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.js';
import { PipelineHarness } from './support/pipeline-harness.js';
import { DATABASE_KINDS, eventually } from './support/test-env.js';

// Two flats far apart: their districts come from the boundaries, as an import derives them.
const MINE = { id: 'IS-MINE', lng: 117.197, lat: 39.119 };
const OTHER = { id: 'IS-OTHER', lng: 117.31, lat: 39.06 };
const MY_DISTRICT = findDistrict(MINE.lng, MINE.lat)!;
const OTHER_DISTRICT = findDistrict(OTHER.lng, OTHER.lat)!;

const ASSETS = `
${MINE.id},heating,indoor_sensor,南京路 3 号楼 501,,${MINE.lng},${MINE.lat},
${OTHER.id},heating,indoor_sensor,远处 1 号楼 101,,${OTHER.lng},${OTHER.lat},
`;

const NOW = Date.now();
const cold = (sensorId: string) => ({
  sensorId,
  ts: NOW - 10 * 60_000,
  metrics: { indoorTempC: 14 },
});
const aCase = (id: string, district: string, lng: number, lat: number): SanitationCase => ({
  id,
  category: 'garbage_pile',
  source: 'hotline',
  status: 'open',
  reportedAt: NOW - 3_600_000,
  updatedAt: NOW - 3_600_000,
  dueAt: NOW + 3_600_000,
  lng,
  lat,
  district: district as SanitationCase['district'],
  description: '路边垃圾堆放',
});

describe.each(DATABASE_KINDS)('district scoping (%s)', (databaseKind) => {
  let h: PipelineHarness;
  let scoped: ApiClient;
  let session: LoginResponse;
  let mine: Incident;
  let other: Incident;

  beforeAll(async () => {
    expect(MY_DISTRICT).toBeTruthy();
    expect(OTHER_DISTRICT).toBeTruthy();
    expect(MY_DISTRICT).not.toBe(OTHER_DISTRICT);
    h = await PipelineHarness.start(databaseKind, ASSETS);
    await h.listen();
    await h.readings([cold(MINE.id), cold(OTHER.id)]);
    await h.cases([
      aCase('SC-20261126-0001', MY_DISTRICT, MINE.lng, MINE.lat),
      aCase('SC-20261126-0002', OTHER_DISTRICT, OTHER.lng, OTHER.lat),
    ]);
    mine = (await h.incidentOf(MINE.id))!;
    other = (await h.incidentOf(OTHER.id))!;
    expect(mine?.district).toBe(MY_DISTRICT);
    expect(other?.district).toBe(OTHER_DISTRICT);

    const created = await h.api.post('/api/users', {
      username: 'op.scoped',
      role: 'supervisor',
      districts: [MY_DISTRICT],
      password: 'scoped-shift-pass',
    });
    expect(created.status).toBe(201);
    scoped = ApiClient.of(h.app);
    const login = await scoped.post<LoginResponse>('/api/auth/login', {
      username: 'op.scoped',
      password: 'scoped-shift-pass',
    });
    session = login.body;
    scoped.token = session.token;
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('lists, counts and exports only the incidents of the caller’s districts', async () => {
    const all = await scoped.get<IncidentPage>('/api/incidents?limit=500');
    expect(all.body.items.map((i) => i.id)).toEqual([mine.id]);
    const asked = await scoped.get<IncidentPage>(`/api/incidents?district=${OTHER_DISTRICT}`);
    expect(asked.status).toBe(200);
    expect(asked.body.items).toEqual([]);
    const both = await scoped.get<IncidentPage>(
      `/api/incidents?district=${OTHER_DISTRICT},${MY_DISTRICT}`,
    );
    expect(both.body.items.map((i) => i.id)).toEqual([mine.id]);

    const stats = await scoped.get<IncidentStats>('/api/incidents/stats?groupBy=district');
    expect(stats.status).toBe(200);
    expect(JSON.stringify(stats.body)).not.toContain(OTHER_DISTRICT);
    expect(JSON.stringify(stats.body)).toContain(MY_DISTRICT);

    const csv = await scoped.get<string>('/api/incidents/export.csv');
    expect(csv.status).toBe(200);
    expect(csv.body).toContain(mine.id);
    expect(csv.body).not.toContain(other.id);

    // The whole city still sees both.
    const admin = await h.api.get<IncidentPage>('/api/incidents?limit=500');
    expect(admin.body.items.map((i) => i.id).sort()).toEqual([mine.id, other.id].sort());
  });

  it('answers 404 for another district’s incident, to read or to act on, and changes nothing', async () => {
    expect((await scoped.get(`/api/incidents/${mine.id}`)).status).toBe(200);
    const read = await scoped.get<ApiError>(`/api/incidents/${other.id}`);
    expect(read.status).toBe(404);
    expect(read.body.message).toBe(`No incident ${other.id}`);
    for (const [path, body] of [
      ['acknowledge', {}],
      ['resolve', {}],
      ['comments', { text: 'not mine' }],
      ['assign', { assignee: 'op.scoped' }],
    ] as const) {
      const answer = await scoped.post(`/api/incidents/${other.id}/${path}`, body);
      expect(answer.status, path).toBe(404);
    }
    const untouched = await h.detail(other.id);
    expect(untouched.status).toBe('open');
    expect(untouched.timeline.map((e) => e.type)).toEqual(['opened']);

    const acked = await scoped.post<Incident>(`/api/incidents/${mine.id}/acknowledge`, {});
    expect(acked.status).toBe(200);
    expect(acked.body.acknowledgedBy).toBe('op.scoped');
  });

  it('sees only the assets, cases and telemetry of its districts; not the quarantine', async () => {
    const assets = await scoped.get<AssetCollection>('/api/assets');
    expect(assets.body.features.map((f) => f.properties.id)).toEqual([MINE.id]);
    const cases = await scoped.get<{ items: CaseDto[] }>('/api/cases');
    expect(cases.body.items.map((c) => c.id)).toEqual(['SC-20261126-0001']);
    expect(
      (await scoped.get<{ items: CaseDto[] }>(`/api/cases?district=${OTHER_DISTRICT}`)).body.items,
    ).toEqual([]);
    expect((await scoped.get(`/api/telemetry/${MINE.id}?metric=indoorTempC`)).status).toBe(200);
    expect((await scoped.get(`/api/telemetry/${OTHER.id}?metric=indoorTempC`)).status).toBe(404);
    const quarantine = await scoped.get<ApiError>('/api/quarantine');
    expect(quarantine.status).toBe(403);
    expect(quarantine.body.message).toMatch(/city-wide/);
  });

  it('makes, sees and ends only silences and watches of its districts', async () => {
    const window = (matchers: Record<string, string>) => ({
      matchers,
      startsAt: new Date(NOW).toISOString(),
      endsAt: new Date(NOW + 3_600_000).toISOString(),
      reason: '检修',
    });
    expect((await scoped.post('/api/silences', window({ district: OTHER_DISTRICT }))).status).toBe(
      403,
    );
    expect((await scoped.post('/api/silences', window({ domain: 'heating' }))).status).toBe(403);
    expect((await scoped.post('/api/silences', window({ district: MY_DISTRICT }))).status).toBe(
      201,
    );
    const theirs = await h.api.post<{ id: string }>(
      '/api/silences',
      window({ district: OTHER_DISTRICT }),
    );
    const list = await scoped.get<SilenceList>('/api/silences');
    expect(list.body.items.map((s) => s.matchers.district)).toEqual([MY_DISTRICT]);
    expect((await scoped.get(`/api/silences/${theirs.body.id}`)).status).toBe(404);
    expect((await scoped.post(`/api/silences/${theirs.body.id}/expire`)).status).toBe(404);

    const cityWatch = await scoped.post<ApiError>('/api/watch', {
      kind: 'rainstorm',
      scope: 'city',
      reason: '暴雨预警',
    });
    expect(cityWatch.status).toBe(403);
    const myWatch = await scoped.post('/api/watch', {
      kind: 'rainstorm',
      scope: MY_DISTRICT,
      reason: '暴雨预警',
    });
    expect(myWatch.status).toBe(201);
  });

  it('gets live events of its districts only', async () => {
    const received: Incident[] = [];
    const socket: Socket = io(scoped.baseUrl, {
      path: '/socket.io',
      auth: { token: session.token },
      transports: ['websocket'],
      reconnection: false,
    });
    try {
      socket.on(LiveEvent.IncidentUpdated, (incident: Incident) => received.push(incident));
      await eventually(async () => socket.connected, 5_000, 'scoped live connection');
      // The admin comments on both: one incident.updated each, published from the API process.
      await h.api.post(`/api/incidents/${other.id}/comments`, { text: 'other district' });
      await h.api.post(`/api/incidents/${mine.id}/comments`, { text: 'my district' });
      await eventually(async () => received.some((i) => i.id === mine.id), 5_000, 'my event');
      // Published in order through one Redis connection: the other district's came first.
      expect(received.map((i) => i.id)).not.toContain(other.id);
      expect(h.live.some((e) => e.incident.id === other.id)).toBe(true);
    } finally {
      socket.disconnect();
    }
  });
});
