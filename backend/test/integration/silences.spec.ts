import { type ApiError, LiveEvent, type Silence, type SilenceList } from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineHarness } from './support/pipeline-harness.js';
import { DATABASE_KINDS, eventually } from './support/test-env.js';

const ASSETS = `
HS-0001,heating,heat_source,陈塘庄热源厂,,117.22,39.09,
IS-0001,heating,indoor_sensor,南京路 3 号楼 501,,117.197,39.119,
IS-0002,heating,indoor_sensor,南京路 3 号楼 502,,117.197,39.119,
IS-0003,heating,indoor_sensor,南京路 3 号楼 503,,117.197,39.119,
IS-0004,heating,indoor_sensor,南京路 3 号楼 504,,117.197,39.119,
IS-0005,heating,indoor_sensor,南京路 3 号楼 505,,117.197,39.119,
IS-0006,heating,indoor_sensor,河东 1 号楼 101,,117.227,39.122,
WL-0001,waterlogging,underpass,解放桥下穿,,117.205,39.13,
`;

const MIN = 60_000;
// Event times around now: silences are judged at the readings' own time.
const NOW = Date.now();
const at = (minutes: number) => NOW + minutes * MIN;
const iso = (ms: number) => new Date(ms).toISOString();
const cold = (sensorId: string, minutes: number, indoorTempC = 15) => ({
  sensorId,
  ts: at(minutes),
  metrics: { indoorTempC },
});

const window = (overrides: Record<string, unknown> = {}) => ({
  matchers: { assetId: 'IS-0001' },
  startsAt: iso(at(-60)),
  endsAt: iso(at(120)),
  reason: '换热站检修 planned maintenance',
  ...overrides,
});

describe.each(DATABASE_KINDS)('silences - /api/silences (%s)', (databaseKind) => {
  let h: PipelineHarness;

  const create = async (body: unknown, client = h.api) =>
    client.post<Silence & ApiError>('/api/silences', body);

  beforeAll(async () => {
    h = await PipelineHarness.start(databaseKind, ASSETS);
    await h.listen();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('records a matching transition as a silenced incident, with who silenced it and why on its timeline', async () => {
    const { status, body: silence } = await create(window());
    expect(status).toBe(201);
    expect(silence).toMatchObject({
      state: 'active',
      createdBy: 'admin',
      matchers: { assetId: 'IS-0001' },
    });

    await h.readings([cold('IS-0001', -10), cold('IS-0002', -10)]);
    const silenced = (await h.incidentOf('IS-0001'))!;
    expect(silenced).toMatchObject({ status: 'open', silenced: true, silenceId: silence.id });
    const other = (await h.incidentOf('IS-0002'))!;
    expect(other).toMatchObject({ silenced: false, silenceId: null });

    const detail = await h.detail(silenced.id);
    expect(detail.timeline[0]).toMatchObject({
      type: 'opened',
      message: `silenced by ${silence.id} (换热站检修 planned maintenance)`,
      data: { silenceId: silence.id },
    });
    const opened = await eventually(
      async () =>
        h.live.find((e) => e.event === LiveEvent.IncidentOpened && e.incident.id === silenced.id),
      5_000,
      'incident.opened',
    );
    expect(opened.incident.silenced).toBe(true);

    const audit = await h.auditActions(silence.id);
    expect(audit).toMatchObject([
      { action: 'silence.created', actor: 'admin', data: { before: null } },
    ]);
    expect(audit[0]!.data.after).toMatchObject({ id: silence.id, reason: silence.reason });
  });

  it('judges a silence at the event time, not the arrival time', async () => {
    await create(window({ matchers: { assetId: 'IS-0003' }, startsAt: iso(at(-30)) }));
    // A late delivery of a reading taken before the window started is not silenced.
    await h.readings([cold('IS-0003', -45)]);
    expect(await h.incidentOf('IS-0003')).toMatchObject({ silenced: false });
  });

  it('silences by district and domain together (all matchers must match)', async () => {
    await create(window({ matchers: { district: '120102', domain: 'heating' } }));
    await h.readings([cold('IS-0006', -5)]);
    expect(await h.incidentOf('IS-0006')).toMatchObject({ silenced: true });
    await h.readings([{ sensorId: 'WL-0001', ts: at(-5), metrics: { depthCm: 12 } }]);
    expect(await h.incidentOf('WL-0001')).toMatchObject({ silenced: false });
  });

  it('silences an incident already open when a covering silence is created, and pages it again when it is expired', async () => {
    const open = (await h.incidentOf('IS-0002'))!;
    expect(open.silenced).toBe(false);
    const { body: silence } = await create(window({ matchers: { assetId: 'IS-0002' } }));
    const now = (await h.detail(open.id))!;
    expect(now).toMatchObject({ silenced: true, silenceId: silence.id });
    expect(now.timeline.at(-1)).toMatchObject({ type: 'silenced', actor: 'admin' });
    await eventually(
      async () =>
        h.live.find(
          (e) =>
            e.event === LiveEvent.IncidentUpdated &&
            e.incident.id === open.id &&
            e.incident.silenced,
        ),
      5_000,
      'incident.updated (silenced)',
    );

    const expired = await h.api.post<Silence>(`/api/silences/${silence.id}/expire`);
    expect(expired.status).toBe(200);
    expect(expired.body.state).toBe('expired');
    const after = await h.detail(open.id);
    expect(after).toMatchObject({ silenced: false, silenceId: null });
    expect(after.timeline.at(-1)).toMatchObject({ type: 'unsilenced', actor: 'admin' });
    await eventually(
      async () =>
        h.live.find(
          (e) =>
            e.event === LiveEvent.IncidentUpdated &&
            e.incident.id === open.id &&
            !e.incident.silenced,
        ),
      5_000,
      'incident.updated (unsilenced)',
    );

    // Expiring again changes nothing and is not audited twice.
    expect((await h.api.post<Silence>(`/api/silences/${silence.id}/expire`)).status).toBe(200);
    expect((await h.auditActions(silence.id)).map((a) => a.action)).toEqual([
      'silence.created',
      'silence.expired',
    ]);
    // An expired silence is not edited: a new one is created.
    expect((await h.api.request('PUT', `/api/silences/${silence.id}`, window())).status).toBe(409);
  });

  it('of overlapping silences keeps the one that ends last, and falls back to the other when it is expired', async () => {
    const { body: short } = await create(
      window({ matchers: { assetId: 'IS-0004' }, endsAt: iso(at(60)) }),
    );
    const { body: long } = await create(
      window({ matchers: { assetId: 'IS-0004' }, endsAt: iso(at(240)) }),
    );
    await h.readings([cold('IS-0004', -5)]);
    const incident = (await h.incidentOf('IS-0004'))!;
    expect(incident.silenceId).toBe(long.id);

    await h.api.post(`/api/silences/${long.id}/expire`);
    expect(await h.detail(incident.id)).toMatchObject({ silenced: true, silenceId: short.id });
    await h.api.post(`/api/silences/${short.id}/expire`);
    expect(await h.detail(incident.id)).toMatchObject({ silenced: false, silenceId: null });
  });

  it('edits a silence (supervisor), audits before and after, and stops silencing what it no longer matches', async () => {
    const { body: silence } = await create(window({ matchers: { assetId: 'IS-0005' } }));
    await h.readings([cold('IS-0005', -5)]);
    const incident = (await h.incidentOf('IS-0005'))!;
    expect(incident.silenced).toBe(true);

    const supervisor = h.as('supervisor', 'zhang.wei');
    const edited = await supervisor.request<Silence>('PUT', `/api/silences/${silence.id}`, {
      ...window({ matchers: { assetId: 'IS-0005', ruleId: 'underpass-depth' } }),
      reason: '只静默积水规则',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      updatedBy: 'zhang.wei',
      createdBy: 'admin',
      reason: '只静默积水规则',
    });
    expect(await h.detail(incident.id)).toMatchObject({ silenced: false });
    const audit = await h.auditActions(silence.id);
    expect(audit.map((a) => a.action)).toEqual(['silence.created', 'silence.updated']);
    expect(audit[1]!.data).toMatchObject({
      before: { reason: '换热站检修 planned maintenance' },
      after: { reason: '只静默积水规则' },
    });
  });

  it('lists silences by state and reads one', async () => {
    const active = (await h.api.get<SilenceList>('/api/silences?state=active')).body.items;
    const expired = (await h.api.get<SilenceList>('/api/silences?state=expired')).body.items;
    expect(active.length).toBeGreaterThan(0);
    expect(active.every((s) => s.state === 'active')).toBe(true);
    expect(expired.every((s) => s.state === 'expired')).toBe(true);
    expect(expired.length).toBeGreaterThanOrEqual(3);
    const all = (await h.api.get<SilenceList>('/api/silences?limit=500')).body.items;
    expect(all.length).toBe(active.length + expired.length);
    const one = await h.api.get<Silence>(`/api/silences/${active[0]!.id}`);
    expect(one.body).toEqual(active[0]);
  });

  it.each([
    ['end before start', window({ endsAt: iso(at(-120)) }), 'endsAt'],
    ['no matcher', window({ matchers: {} }), 'matchers'],
    [
      'an SQL injection as asset id',
      window({ matchers: { assetId: "IS-0001' OR '1'='1" } }),
      'matchers.assetId',
    ],
    [
      'markup as a district',
      window({ matchers: { district: '<script>alert(1)</script>' } }),
      'matchers.district',
    ],
    ['an unknown matcher', window({ matchers: { kind: 'heat_source' } }), 'matchers'],
    ['a window of a year', window({ endsAt: iso(at(366 * 24 * 60)) }), 'endsAt'],
    ['a missing reason', { ...window(), reason: undefined }, 'reason'],
    [
      'an author field (the author is who is signed in)',
      { ...window(), createdBy: 'someone' },
      '(body)',
    ],
  ])('answers 400 to %s', async (_, body, path) => {
    const before = (await h.api.get<SilenceList>('/api/silences?limit=500')).body.items.length;
    const { status, body: answer } = await create(body);
    expect(status).toBe(400);
    expect(answer.details!.join('\n')).toContain(path);
    expect((await h.api.get<SilenceList>('/api/silences?limit=500')).body.items.length).toBe(
      before,
    );
  });

  it.each([
    ['GET', '/api/silences/0a000000-0000-4000-8000-000000000009', 404],
    ['POST', '/api/silences/0a000000-0000-4000-8000-000000000009/expire', 404],
    ['PUT', '/api/silences/0a000000-0000-4000-8000-000000000009', 404],
    ['GET', '/api/silences/not-a-uuid', 400],
    ['POST', "/api/silences/1'%20OR%201=1/expire", 400],
    ['GET', '/api/silences?state=forever', 400],
    ['GET', '/api/silences?limit=0', 400],
    ['GET', '/api/silences?sort=id', 400],
  ])('%s %s → %i', async (method, path, status) => {
    const answer = await h.api.request(method, path, method === 'PUT' ? window() : undefined);
    expect(answer.status).toBe(status);
  });

  describe('roles', () => {
    it('lets every role read, a display screen nothing else', async () => {
      const display = h.as('display', 'wall-1');
      expect((await display.get('/api/silences')).status).toBe(200);
      expect((await create(window(), display)).status).toBe(403);
      const [any] = (await h.api.get<SilenceList>('/api/silences?state=active')).body.items;
      expect((await display.post(`/api/silences/${any!.id}/expire`)).status).toBe(403);
    });

    it('lets the dispatch desk (operator) silence for up to 24 h and expire, but not edit', async () => {
      const operator = h.as('operator', 'desk-1');
      const short = await create(window({ endsAt: iso(at(23 * 60)) }), operator);
      expect(short.status).toBe(201);
      expect(short.body.createdBy).toBe('desk-1');
      const long = await create(window({ endsAt: iso(at(48 * 60)) }), operator);
      expect(long.status).toBe(403);
      expect(
        (await operator.request('PUT', `/api/silences/${short.body.id}`, window())).status,
      ).toBe(403);
      expect((await operator.post(`/api/silences/${short.body.id}/expire`)).status).toBe(200);
    });

    it('lets a supervisor plan a long maintenance window', async () => {
      const supervisor = h.as('supervisor');
      const planned = await create(
        window({
          matchers: { assetId: 'HS-0001' },
          startsAt: iso(at(24 * 60)),
          endsAt: iso(at(7 * 24 * 60)),
        }),
        supervisor,
      );
      expect(planned.status).toBe(201);
      expect(planned.body.state).toBe('pending');
    });
  });
});
