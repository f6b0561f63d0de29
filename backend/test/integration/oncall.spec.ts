import type {
  ApiError,
  OncallNow,
  OncallRoute,
  OncallSchedule,
  OncallSpanList,
  OncallTeam,
  OncallTeamList,
} from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OncallService } from '../../src/modules/oncall/oncall.service.js';
import { PipelineHarness } from './support/pipeline-harness.js';
import { DATABASE_KINDS } from './support/test-env.js';

const ASSETS = `
WL-0001,waterlogging,underpass,解放桥下穿,120101,117.205,39.13,
WL-0002,waterlogging,low_road,河东低洼路段,120102,117.227,39.122,
HS-0001,heating,heat_source,陈塘庄热源厂,120103,117.22,39.09,
`;

const DAY = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const drainage = {
  id: 'drainage-duty',
  name: '排水值班 Drainage duty',
  description: '<script>alert(1)</script> 和平区 "quotes" & ampersands',
  members: [
    {
      id: 'zhang-wei',
      username: 'zhangwei',
      contacts: [
        { kind: 'sms', phone: '+8613800000001' },
        { kind: 'wecom', userId: 'zhangwei' },
      ],
    },
    {
      id: 'li-na',
      displayName: '李娜 (contractor)',
      contacts: [{ kind: 'email', to: 'li@example.org' }],
    },
    { id: 'wang-fang', displayName: '王芳', contacts: [] },
  ],
};

const heating = {
  id: 'heating-duty',
  name: '供热值班 Heating duty',
  members: [
    { id: 'chen-jie', displayName: '陈杰', contacts: [{ kind: 'sms', phone: '+8613800000009' }] },
  ],
};

/** Daily 08:00 Asia/Shanghai from 2026-11-02: zhang-wei, li-na, zhang-wei, li-na … */
const drainageSchedule = {
  id: 'drainage-primary',
  teamId: 'drainage-duty',
  name: 'primary',
  layers: [
    {
      name: 'days',
      rotation: {
        type: 'daily',
        handoffTime: '08:00',
        startsAt: '2026-11-02',
        members: ['zhang-wei', 'li-na'],
      },
    },
  ],
};

describe.each(DATABASE_KINDS)('on-call - /api/oncall (%s)', (databaseKind) => {
  let h: PipelineHarness;

  const counts = async () =>
    (
      await h.db.query<{
        teams: number;
        members: number;
        schedules: number;
        routes: number;
        audit: number;
      }>(
        `SELECT (SELECT count(*)::int FROM oncall_teams) AS teams, (SELECT count(*)::int FROM oncall_members) AS members,
                (SELECT count(*)::int FROM oncall_schedules) AS schedules, (SELECT count(*)::int FROM oncall_routes) AS routes,
                (SELECT count(*)::int FROM audit_log WHERE action LIKE 'oncall.%') AS audit`,
      )
    )[0]!;

  const now = async (query: string, client = h.api) =>
    client.get<OncallNow & ApiError>(`/api/oncall/now?${query}`);

  beforeAll(async () => {
    h = await PipelineHarness.start(databaseKind, ASSETS);
    await h.db.query(
      `INSERT INTO users (username, password_hash, role) VALUES ('zhangwei', 'x', 'operator'), ('boss', 'x', 'supervisor')`,
    );
  });

  afterAll(async () => {
    await h?.stop();
  });

  describe('teams', () => {
    it('creates a team with users and external people, reads it back, and audits who did it', async () => {
      const created = await h.api.post<OncallTeam>('/api/oncall/teams', drainage);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: 'drainage-duty',
        name: drainage.name,
        description: drainage.description,
        createdBy: 'admin',
        updatedBy: 'admin',
      });
      expect(
        created.body.members.map((m) => [m.id, m.username, m.displayName, m.contacts]),
      ).toEqual([
        ['zhang-wei', 'zhangwei', 'zhangwei', drainage.members[0]!.contacts],
        ['li-na', null, '李娜 (contractor)', drainage.members[1]!.contacts],
        ['wang-fang', null, '王芳', []],
      ]);
      const read = await h.api.get<OncallTeam>('/api/oncall/teams/drainage-duty');
      expect(read.body).toEqual(created.body);
      expect((await h.api.post('/api/oncall/teams', heating)).status).toBe(201);
      const list = await h.api.get<OncallTeamList>('/api/oncall/teams');
      expect(list.body.items.map((t) => t.id)).toEqual(['drainage-duty', 'heating-duty']);

      const audit = await h.auditActions('oncall-team:drainage-duty');
      expect(audit).toMatchObject([
        { action: 'oncall.team.created', actor: 'admin', data: { before: null } },
      ]);
      expect(audit[0]!.data.after).toMatchObject({ id: 'drainage-duty', name: drainage.name });
      expect(JSON.stringify(audit)).not.toContain('token=');
    });

    it('shows the calendar feed link to admins only', async () => {
      const admin = await h.api.get<OncallTeam>('/api/oncall/teams/drainage-duty');
      expect(admin.body.members[0]!.feedUrl).toMatch(
        /^\/api\/oncall\/ical\/zhang-wei\.ics\?token=[A-Za-z0-9_-]{43}$/,
      );
      for (const role of ['supervisor', 'operator'] as const) {
        const other = await h.as(role).get<OncallTeam>('/api/oncall/teams/drainage-duty');
        expect(other.status).toBe(200);
        expect(other.body.members.every((m) => m.feedUrl === undefined)).toBe(true);
      }
    });

    it('replaces a team whole on PUT, keeping the feed link, and audits before and after', async () => {
      const before = await h.api.get<OncallTeam>('/api/oncall/teams/heating-duty');
      const { id: _id, ...body } = heating;
      const updated = await h
        .as('supervisor', 'boss')
        .request<OncallTeam>('PUT', '/api/oncall/teams/heating-duty', {
          ...body,
          name: '供热值班 (夜班)',
          members: [...heating.members, { id: 'zhao-lei', displayName: '赵磊' }],
        });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        name: '供热值班 (夜班)',
        updatedBy: 'boss',
        createdBy: 'admin',
      });
      expect(updated.body.members.map((m) => m.id)).toEqual(['chen-jie', 'zhao-lei']);
      const after = await h.api.get<OncallTeam>('/api/oncall/teams/heating-duty');
      expect(after.body.members[0]!.feedUrl).toBe(before.body.members[0]!.feedUrl);
      const audit = await h.auditActions('oncall-team:heating-duty');
      expect(audit.map((a) => [a.action, a.actor])).toEqual([
        ['oncall.team.created', 'admin'],
        ['oncall.team.updated', 'boss'],
      ]);
      expect(audit[1]!.data).toMatchObject({
        before: { name: heating.name },
        after: { name: '供热值班 (夜班)' },
      });
    });

    it.each<[string, string | object, string, number]>([
      ['malformed JSON', '{"id":"x1","name":', 'Malformed JSON body', 400],
      [
        'an unknown field',
        { ...heating, id: 'new-team', owner: 'me' },
        'Unrecognized key: "owner"',
        400,
      ],
      ['a bad id', { ...heating, id: '../etc/passwd' }, 'id: id must be 2 to 63', 400],
      [
        'a name with a control character',
        { ...heating, id: 'new-team', name: 'a\u0007b' },
        'name: must not contain control characters',
        400,
      ],
      [
        'an over-long description',
        { ...heating, id: 'new-team', description: 'x'.repeat(1001) },
        'description: must be at most 1000',
        400,
      ],
      [
        'an unknown user',
        { ...heating, id: 'new-team', members: [{ id: 'nobody-1', username: 'nobody' }] },
        'members.0.username: no user "nobody"',
        400,
      ],
      [
        'duplicate member ids',
        {
          ...heating,
          id: 'new-team',
          members: [
            { id: 'm1', displayName: 'a' },
            { id: 'm1', displayName: 'b' },
          ],
        },
        'members.1.id: duplicate member id "m1"',
        400,
      ],
      [
        'a contact on an unknown channel',
        {
          ...heating,
          id: 'new-team',
          members: [{ id: 'm1', displayName: 'a', contacts: [{ kind: 'fax', to: '1' }] }],
        },
        'members.0.contacts.0.kind',
        400,
      ],
      ['an existing team id', heating, 'Team heating-duty exists', 409],
      [
        'a member id of another team',
        { ...heating, id: 'new-team', members: [{ id: 'li-na', displayName: 'x' }] },
        'li-na belongs to team drainage-duty',
        409,
      ],
    ])('refuses %s and stores nothing', async (_name, body, message, status) => {
      const before = await counts();
      const res = await h.api.post<ApiError>('/api/oncall/teams', body);
      expect(res.status).toBe(status);
      expect([res.body.message, ...(res.body.details ?? [])].join('\n')).toContain(message);
      expect(await counts()).toEqual(before);
    });

    it('deletes an unused team (its members with it), and not a team a schedule or route uses', async () => {
      expect(
        (
          await h.api.post('/api/oncall/teams', {
            id: 'scratch',
            name: 'scratch',
            members: [{ id: 'tmp-1', displayName: 't' }],
          })
        ).status,
      ).toBe(201);
      const gone = await h.api.request('DELETE', '/api/oncall/teams/scratch');
      expect(gone.status).toBe(204);
      expect((await h.api.get('/api/oncall/teams/scratch')).status).toBe(404);
      expect((await h.db.query(`SELECT id FROM oncall_members WHERE id = 'tmp-1'`)).length).toBe(0);
      expect((await h.auditActions('oncall-team:scratch')).map((a) => a.action)).toEqual([
        'oncall.team.created',
        'oncall.team.deleted',
      ]);
      expect((await h.api.request('DELETE', '/api/oncall/teams/scratch')).status).toBe(404);
    });
  });

  describe('schedules and who is on call', () => {
    it('creates a schedule (Asia/Shanghai by default) and reads it back', async () => {
      const created = await h.api.post<OncallSchedule>('/api/oncall/schedules', drainageSchedule);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        ...drainageSchedule,
        timeZone: 'Asia/Shanghai',
        overrides: [],
        createdBy: 'admin',
      });
      expect(
        (await h.api.get<OncallSchedule>('/api/oncall/schedules/drainage-primary')).body,
      ).toEqual(created.body);
      const list = await h.api.get<{ items: OncallSchedule[] }>(
        '/api/oncall/schedules?team=drainage-duty',
      );
      expect(list.body.items.map((s) => s.id)).toEqual(['drainage-primary']);
      expect(
        (await h.api.get<{ items: OncallSchedule[] }>('/api/oncall/schedules?team=heating-duty'))
          .body.items,
      ).toEqual([]);
      expect(
        (await h.auditActions('oncall-schedule:drainage-primary')).map((a) => a.action),
      ).toEqual(['oncall.schedule.created']);
    });

    it('answers who is on call with contacts, the layer, and until when, changing exactly at the handoff', async () => {
      const before = await now('team=drainage-duty&at=2026-11-03T07:59:59.999%2B08:00');
      expect(before.status).toBe(200);
      expect(before.body.at).toBe('2026-11-02T23:59:59.999Z');
      expect(before.body.teams).toEqual([
        {
          team: { id: 'drainage-duty', name: drainage.name },
          oncall: [
            expect.objectContaining({
              scheduleId: 'drainage-primary',
              scheduleName: 'primary',
              source: { kind: 'layer', layer: 'days' },
              since: '2026-11-02T00:00:00.000Z',
              until: '2026-11-03T00:00:00.000Z',
            }),
          ],
        },
      ]);
      expect(before.body.teams[0]!.oncall[0]!.member).toMatchObject({
        id: 'zhang-wei',
        contacts: drainage.members[0]!.contacts,
      });
      const after = await now('team=drainage-duty&at=2026-11-03T08:00:00%2B08:00');
      expect(after.body.teams[0]!.oncall[0]).toMatchObject({
        member: { id: 'li-na', displayName: '李娜 (contractor)' },
        since: '2026-11-03T00:00:00.000Z',
        until: '2026-11-04T00:00:00.000Z',
      });
    });

    it('answers for every team without `team`, and for the current time without `at`', async () => {
      const all = await now('');
      expect(all.status).toBe(200);
      expect(all.body.teams.map((t) => [t.team.id, t.oncall.length])).toEqual([
        ['drainage-duty', 1],
        ['heating-duty', 0],
      ]);
      const shift = all.body.teams[0]!.oncall[0]!;
      const at = Date.parse(all.body.at);
      expect(Math.abs(at - Date.now())).toBeLessThan(10_000);
      expect(Date.parse(shift.since)).toBeLessThanOrEqual(at);
      expect(Date.parse(shift.until!)).toBeGreaterThan(at);
      // Today's shift: day number since 2026-11-02 (08:00 local), even → zhang-wei, odd → li-na.
      const shiftIndex = Math.floor((at - Date.parse('2026-11-02T00:00:00Z')) / DAY);
      expect(shift.member.id).toBe(shiftIndex % 2 === 0 ? 'zhang-wei' : 'li-na');
    });

    it('puts an override on call inside its window and the rotation back after it', async () => {
      const { id: _id, ...body } = drainageSchedule;
      const put = await h
        .as('supervisor', 'boss')
        .request<OncallSchedule>('PUT', '/api/oncall/schedules/drainage-primary', {
          ...body,
          overrides: [
            {
              memberId: 'wang-fang',
              from: '2026-11-03T12:00:00+08:00',
              to: '2026-11-03T14:00:00+08:00',
              reason: '换班 swap',
            },
          ],
        });
      expect(put.status).toBe(200);
      expect(put.body.updatedBy).toBe('boss');
      const during = await now('team=drainage-duty&at=2026-11-03T13:00:00%2B08:00');
      expect(during.body.teams[0]!.oncall[0]).toMatchObject({
        member: { id: 'wang-fang' },
        source: { kind: 'override', reason: '换班 swap' },
        since: '2026-11-03T04:00:00.000Z',
        until: '2026-11-03T06:00:00.000Z',
      });
      const after = await now('team=drainage-duty&at=2026-11-03T14:00:00%2B08:00');
      expect(after.body.teams[0]!.oncall[0]).toMatchObject({
        member: { id: 'li-na' },
        source: { kind: 'layer', layer: 'days' },
        since: '2026-11-03T06:00:00.000Z',
      });
      const spans = await h.api.get<OncallSpanList>(
        '/api/oncall/schedules/drainage-primary/spans?from=2026-11-03T00:00:00Z&to=2026-11-04T00:00:00Z',
      );
      expect(spans.body.items.map((s) => [s.memberId, s.start, s.end])).toEqual([
        ['li-na', '2026-11-03T00:00:00.000Z', '2026-11-03T04:00:00.000Z'],
        ['wang-fang', '2026-11-03T04:00:00.000Z', '2026-11-03T06:00:00.000Z'],
        ['li-na', '2026-11-03T06:00:00.000Z', '2026-11-04T00:00:00.000Z'],
      ]);
      const audit = await h.auditActions('oncall-schedule:drainage-primary');
      expect(audit.at(-1)).toMatchObject({
        action: 'oncall.schedule.updated',
        actor: 'boss',
        data: { before: { overrides: [] } },
      });
    });

    it('handles a zone with daylight saving (Europe/Berlin): the handoff stays at 08:00 local', async () => {
      const res = await h.api.post<OncallSchedule>('/api/oncall/schedules', {
        id: 'heating-berlin',
        teamId: 'heating-duty',
        timeZone: 'europe/berlin',
        layers: [
          {
            name: 'days',
            rotation: {
              type: 'daily',
              handoffTime: '08:00',
              startsAt: '2026-10-20',
              members: ['chen-jie', 'zhao-lei'],
            },
          },
        ],
      });
      expect(res.status).toBe(201);
      expect(res.body.timeZone).toBe('Europe/Berlin');
      // 2026-10-24 is shift 4 (chen-jie) from 08:00 CEST (06:00Z) to 08:00 CET on the 25th (07:00Z).
      const n = await now('team=heating-duty&at=2026-10-25T06:30:00Z');
      expect(n.body.teams[0]!.oncall[0]).toMatchObject({
        member: { id: 'chen-jie' },
        since: '2026-10-24T06:00:00.000Z',
        until: '2026-10-25T07:00:00.000Z',
      });
      expect((await h.api.request('DELETE', '/api/oncall/schedules/heating-berlin')).status).toBe(
        204,
      );
      expect((await h.api.get('/api/oncall/schedules/heating-berlin')).status).toBe(404);
    });

    const withRotation = (rotation: object) => ({
      ...drainageSchedule,
      id: 'bad-schedule',
      layers: [
        {
          ...drainageSchedule.layers[0]!,
          rotation: { ...drainageSchedule.layers[0]!.rotation, ...rotation },
        },
      ],
    });
    const withOverrides = (...windows: [string, string][]) => ({
      ...drainageSchedule,
      id: 'bad-schedule',
      overrides: windows.map(([from, to]) => ({ memberId: 'li-na', from, to, reason: 'x' })),
    });

    it.each<[string, string | object, string, number]>([
      ['malformed JSON', '{"id":"bad-schedule",', 'Malformed JSON body', 400],
      [
        'an unknown field',
        { ...drainageSchedule, id: 'bad-schedule', priority: 1 },
        'Unrecognized key: "priority"',
        400,
      ],
      [
        'a bad time zone',
        { ...drainageSchedule, id: 'bad-schedule', timeZone: 'Asia/Tianjin' },
        'timeZone: "Asia/Tianjin" is not an IANA time zone',
        400,
      ],
      [
        'a hostile time zone',
        { ...drainageSchedule, id: 'bad-schedule', timeZone: "'; DROP TABLE oncall_teams; --" },
        'is not an IANA time zone',
        400,
      ],
      [
        'a handoff at 24:00',
        withRotation({ handoffTime: '24:00' }),
        'handoffTime: must be HH:MM, 00:00 to 23:59',
        400,
      ],
      [
        'a handoff at 07:75',
        withRotation({ handoffTime: '07:75' }),
        'handoffTime: must be HH:MM',
        400,
      ],
      [
        'a weekly rotation without weekday',
        withRotation({ type: 'weekly' }),
        'handoffWeekday: a weekly rotation needs handoffWeekday',
        400,
      ],
      [
        'overlapping overrides',
        withOverrides(
          ['2026-11-03T10:00:00+08:00', '2026-11-03T12:00:00+08:00'],
          ['2026-11-03T11:00:00+08:00', '2026-11-03T13:00:00+08:00'],
        ),
        'overrides.1: overlaps override 0',
        400,
      ],
      [
        'an override that ends before it starts',
        withOverrides(['2026-11-03T12:00:00+08:00', '2026-11-03T10:00:00+08:00']),
        'overrides.0.to: to must be after from',
        400,
      ],
      [
        'an unknown team',
        { ...drainageSchedule, id: 'bad-schedule', teamId: 'no-such-team' },
        'teamId: no team "no-such-team"',
        400,
      ],
      [
        'a rotation member of another team',
        withRotation({ members: ['zhang-wei', 'chen-jie'] }),
        'layers.0.rotation.members.1: no member "chen-jie" in team drainage-duty',
        400,
      ],
      [
        'an override by an unknown member',
        {
          ...drainageSchedule,
          id: 'bad-schedule',
          overrides: [
            {
              memberId: 'ghost',
              from: '2026-11-03T10:00:00Z',
              to: '2026-11-03T11:00:00Z',
              reason: 'x',
            },
          ],
        },
        'overrides.0.memberId: no member "ghost"',
        400,
      ],
      [
        'too many layers',
        {
          ...drainageSchedule,
          id: 'bad-schedule',
          layers: Array.from({ length: 11 }, (_, i) => ({
            ...drainageSchedule.layers[0]!,
            name: `l${i}`,
          })),
        },
        'layers: at most 10 layers',
        400,
      ],
      ['an existing schedule id', drainageSchedule, 'Schedule drainage-primary exists', 409],
    ])('refuses %s and stores nothing', async (_name, body, message, status) => {
      const before = await counts();
      const res = await h.api.post<ApiError>('/api/oncall/schedules', body);
      expect(res.status).toBe(status);
      expect([res.body.message, ...(res.body.details ?? [])].join('\n')).toContain(message);
      expect(await counts()).toEqual(before);
    });

    it('refuses a bad `at`, an unknown query parameter and an unknown team', async () => {
      for (const query of [
        'at=yesterday',
        'at=2026-11-03T08:00:00',
        'at=1764000000000',
        'at=1900-01-01T00:00:00Z',
        'who=me',
      ]) {
        const res = await now(query);
        expect(res.status, query).toBe(400);
      }
      expect((await now('team=no-such-team')).status).toBe(404);
      expect((await now('team=NOT_AN_ID')).status).toBe(400);
    });

    it('keeps a member a schedule uses, and a team a schedule uses', async () => {
      const before = await counts();
      const { id: _id, ...body } = drainage;
      const removed = await h.api.request<ApiError>('PUT', '/api/oncall/teams/drainage-duty', {
        ...body,
        members: drainage.members.filter((m) => m.id !== 'li-na'),
      });
      expect(removed.status).toBe(409);
      expect(removed.body.message).toContain('member li-na is in schedule drainage-primary');
      const deleted = await h.api.request<ApiError>('DELETE', '/api/oncall/teams/drainage-duty');
      expect(deleted.status).toBe(409);
      expect(deleted.body.message).toContain('schedule drainage-primary');
      expect(await counts()).toEqual(before);
    });
  });

  describe('routes', () => {
    it('creates routes, lists them by order with the default last, and refuses conflicts', async () => {
      const post = (body: object) => h.api.post<OncallRoute & ApiError>('/api/oncall/routes', body);
      expect((await post({ id: 'default', order: 0, teamId: 'heating-duty' })).body).toMatchObject({
        isDefault: true,
        match: {},
      });
      expect(
        (
          await post({
            id: 'heping-flooding',
            order: 10,
            teamId: 'drainage-duty',
            match: { domains: ['waterlogging'], districts: ['120101'] },
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await post({
            id: 'low-roads',
            order: 20,
            teamId: 'drainage-duty',
            match: { assetKinds: ['low_road'] },
          })
        ).status,
      ).toBe(201);
      const list = await h.api.get<{ items: OncallRoute[] }>('/api/oncall/routes');
      expect(list.body.items.map((r) => r.id)).toEqual(['heping-flooding', 'low-roads', 'default']);

      const before = await counts();
      const taken = await post({
        id: 'another',
        order: 10,
        teamId: 'heating-duty',
        match: { severities: ['red'] },
      });
      expect([taken.status, taken.body.message]).toEqual([
        409,
        'Order 10 is taken by route heping-flooding',
      ]);
      const second = await post({ id: 'another', order: 30, teamId: 'heating-duty' });
      expect(second.status).toBe(409);
      expect(second.body.message).toContain('Route default is the default route');
      const unknown = await post({
        id: 'another',
        order: 30,
        teamId: 'nobody-team',
        match: { severities: ['red'] },
      });
      expect([unknown.status, unknown.body.details]).toEqual([
        400,
        ['teamId: no team "nobody-team"'],
      ]);
      const bad = await post({
        id: 'another',
        order: 30,
        teamId: 'heating-duty',
        match: { districts: ['120199'] },
      });
      expect(bad.status).toBe(400);
      expect(await counts()).toEqual(before);
      expect((await h.auditActions('oncall-route:default')).map((a) => a.action)).toEqual([
        'oncall.route.created',
      ]);
    });

    it('picks the team for an incident by the first matching route, else the default, with who is on call', async () => {
      const oncall = h.app.get(OncallService);
      const at = new Date('2026-11-03T09:00:00+08:00');
      const heping = await oncall.recipientsFor(
        { domain: 'waterlogging', district: '120101', severity: 'orange', assetId: 'WL-0001' },
        at,
      );
      expect(heping).toMatchObject({ routeId: 'heping-flooding', team: { id: 'drainage-duty' } });
      expect(heping.oncall.map((s) => [s.member.id, s.member.contacts])).toEqual([
        ['li-na', drainage.members[1]!.contacts],
      ]);
      // Hedong's low road: not Heping, but its asset kind matches the second route.
      const lowRoad = await oncall.recipientsFor(
        { domain: 'waterlogging', district: '120102', severity: 'blue', assetId: 'WL-0002' },
        at,
      );
      expect(lowRoad.routeId).toBe('low-roads');
      // A heating incident matches nothing specific: the default route's team (nobody scheduled there now).
      const other = await oncall.recipientsFor(
        { domain: 'heating', district: '120103', severity: 'red', assetId: 'HS-0001' },
        at,
      );
      expect(other).toMatchObject({ routeId: 'default', team: { id: 'heating-duty' }, oncall: [] });
    });

    it('moves a route by PUT and deletes it', async () => {
      const put = await h.api.request<OncallRoute>('PUT', '/api/oncall/routes/low-roads', {
        order: 5,
        teamId: 'heating-duty',
        match: { assetKinds: ['low_road'] },
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ order: 5, teamId: 'heating-duty' });
      const oncall = h.app.get(OncallService);
      const r = await oncall.recipientsFor(
        { domain: 'waterlogging', district: '120101', severity: 'red', assetId: 'WL-0002' },
        new Date(),
      );
      expect(r.routeId).toBe('low-roads');
      expect((await h.api.request('DELETE', '/api/oncall/routes/low-roads')).status).toBe(204);
      expect((await h.auditActions('oncall-route:low-roads')).map((a) => a.action)).toEqual([
        'oncall.route.created',
        'oncall.route.updated',
        'oncall.route.deleted',
      ]);
    });
  });

  describe('calendar feed', () => {
    let feedUrl = '';

    beforeAll(async () => {
      // A rotation that started three days ago, so the feed window (a week back, eight ahead) has shifts.
      const { id: _id, ...body } = drainageSchedule;
      const res = await h.api.request('PUT', '/api/oncall/schedules/drainage-primary', {
        ...body,
        layers: [
          {
            ...body.layers[0]!,
            rotation: { ...body.layers[0]!.rotation, startsAt: isoDate(Date.now() - 3 * DAY) },
          },
        ],
        overrides: [
          {
            memberId: 'zhang-wei',
            from: new Date(Date.now() + DAY).toISOString(),
            to: new Date(Date.now() + DAY + 3_600_000).toISOString(),
            reason: '替班; covering, with "quotes"',
          },
        ],
      });
      expect(res.status).toBe(200);
      feedUrl = (await h.api.get<OncallTeam>('/api/oncall/teams/drainage-duty')).body.members[0]!
        .feedUrl!;
    });

    const fetchFeed = (path: string) => fetch(`${h.api.baseUrl}${path}`);

    it('serves valid iCalendar without a bearer token: CRLF, folded lines, UTC times, stable UIDs', async () => {
      const res = await fetchFeed(feedUrl);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const body = await res.text();
      expect(body.endsWith('\r\n')).toBe(true);
      expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      const physical = body.slice(0, -2).split('\r\n');
      for (const line of physical) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      // Unfold (RFC 5545 §3.1) and check the structure.
      const lines = body.replace(/\r\n /g, '').slice(0, -2).split('\r\n');
      expect(lines[0]).toBe('BEGIN:VCALENDAR');
      expect(lines.at(-1)).toBe('END:VCALENDAR');
      expect(lines).toContain('VERSION:2.0');
      expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true);
      const events: Record<string, string>[] = [];
      let current: Record<string, string> | null = null;
      for (const line of lines.slice(1, -1)) {
        if (line === 'BEGIN:VEVENT') current = {};
        else if (line === 'END:VEVENT') {
          events.push(current!);
          current = null;
        } else if (current) {
          const colon = line.indexOf(':');
          current[line.slice(0, colon)] = line.slice(colon + 1);
        }
      }
      expect(current).toBeNull();
      // zhang-wei has every other daily shift over ~9 weeks, plus the override.
      expect(events.length).toBeGreaterThan(25);
      for (const e of events) {
        expect(e.UID).toMatch(/^[0-9a-f]{32}@cityops-oncall$/);
        expect(e.DTSTART).toMatch(/^\d{8}T\d{6}Z$/);
        expect(e.DTEND).toMatch(/^\d{8}T\d{6}Z$/);
        expect(e.DTEND! > e.DTSTART!).toBe(true);
        expect(e.DTSTAMP).toMatch(/^\d{8}T\d{6}Z$/);
      }
      expect(new Set(events.map((e) => e.UID)).size).toBe(events.length);
      const override = events.find((e) => e.DESCRIPTION?.includes('override'));
      expect(override?.DESCRIPTION).toBe(
        'drainage-primary\\, override: 替班\\; covering\\, with "quotes"',
      );
      expect(override?.SUMMARY).toBe(`值班 On call: ${drainage.name} · primary`);

      const again = await (await fetchFeed(feedUrl)).text();
      const uids = (text: string) => text.match(/^UID:.*$/gm);
      expect(uids(again)).toEqual(uids(body));
    });

    it('refuses a wrong token, a token of another member, an unknown member, and no token', async () => {
      const [path, token] = feedUrl.split('?token=') as [string, string];
      const liNa = (await h.api.get<OncallTeam>('/api/oncall/teams/drainage-duty')).body.members[1]!
        .feedUrl!;
      const liNaToken = liNa.split('?token=')[1]!;
      for (const [url, status] of [
        [`${path}?token=${token.slice(0, -2)}AA`, 401],
        [`${path}?token=${liNaToken}`, 401],
        [`/api/oncall/ical/nobody-here.ics?token=${token}`, 401],
        [path, 400],
        [`${path}?token=${token}&extra=1`, 400],
        [feedUrl.replace('.ics', '.txt'), 404],
      ] as const) {
        const res = await fetchFeed(url);
        expect(res.status, url).toBe(status);
        expect(res.headers.get('content-type'), url).toContain('application/json');
      }
    });
  });

  describe('roles', () => {
    it('lets admins and supervisors change on-call, operators only read, display screens nothing', async () => {
      const before = await counts();
      for (const role of ['operator', 'display'] as const) {
        const client = h.as(role);
        expect(
          (await client.post('/api/oncall/teams', { ...heating, id: 'by-role' })).status,
          role,
        ).toBe(403);
        expect(
          (
            await client.request('PUT', '/api/oncall/routes/default', {
              order: 0,
              teamId: 'drainage-duty',
            })
          ).status,
          role,
        ).toBe(403);
        expect(
          (await client.request('DELETE', '/api/oncall/schedules/drainage-primary')).status,
          role,
        ).toBe(403);
      }
      expect(await counts()).toEqual(before);
      for (const path of [
        '/api/oncall/teams',
        '/api/oncall/schedules',
        '/api/oncall/routes',
        '/api/oncall/now',
      ]) {
        expect((await h.as('operator').get(path)).status, path).toBe(200);
        expect((await h.as('display').get(path)).status, path).toBe(403);
        const anonymous = new (h.api.constructor as new (url: string) => typeof h.api)(
          h.api.baseUrl,
        );
        expect((await anonymous.get(path)).status, path).toBe(401);
      }
      expect(
        (
          await h
            .as('supervisor')
            .post('/api/oncall/teams', { ...heating, id: 'by-role', members: [] })
        ).status,
      ).toBe(201);
    });
  });
});
