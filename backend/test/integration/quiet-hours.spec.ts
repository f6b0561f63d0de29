import type { ApiError, Incident, OncallNow, OncallTeam } from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alwaysOnCall } from './support/always-on-call.js';
import { PipelineHarness } from './support/pipeline-harness.js';
import { DATABASE_KINDS, eventually } from './support/test-env.js';
import { WebhookReceiver, memberOf } from './support/webhook-receiver.js';

const ASSETS = `
QH-0001,waterlogging,underpass,夜间下穿一,,117.205,39.13,
QH-0002,waterlogging,underpass,夜间下穿二,,117.21,39.125,
QH-0003,waterlogging,underpass,夜间下穿三,,117.22,39.12,
QH-0004,waterlogging,underpass,夜间下穿四,,117.23,39.11,
`;

/** One policy "minute" in the test: step 2 comes 3 s after step 1. */
const MINUTE_MS = 1_000;
const STEP_2_MINUTES = 3;
const HOUR = 3_600_000;

interface Page {
  member: string;
  at: number;
  kind: string;
  incidentId: string;
}

/** Members' webhook contacts (support/webhook-receiver.ts), one path per member, read as pages. */
class Receiver extends WebhookReceiver {
  constructor() {
    super('quiet-hours-webhook-secret');
  }

  get pages(): Page[] {
    return this.received.map((r) => ({
      member: memberOf(r),
      at: r.at,
      kind: r.body.kind,
      incidentId: r.body.incident!.id,
    }));
  }

  of(incidentId: string): string[] {
    return this.pages.filter((p) => p.incidentId === incidentId).map((p) => p.member);
  }
}

/** Asia/Shanghai (the schedules' zone, no daylight saving) wall-clock "HH:MM" of an instant. */
const shanghaiHHMM = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(11, 16);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * The engine pages on the real clock (as in escalation.spec.ts), so "night" is made to be now:
 * zhang's quiet window runs from an hour ago to two hours ahead, local time. Where the window lies
 * on the clock does not matter to the engine (quiet-hours.spec.ts covers overnight windows, days,
 * week boundaries and daylight saving on fixed instants).
 */
describe.each(DATABASE_KINDS)('quiet hours (%s)', (kind) => {
  let h: PipelineHarness;
  let rx: Receiver;
  const t0 = Date.now();
  const quietWindow = { start: shanghaiHHMM(t0 - HOUR), end: shanghaiHHMM(t0 + 2 * HOUR) };
  /** The instant zhang's quiet window ends: its end minute, local time. */
  const quietEnd = new Date(Math.floor((t0 + 2 * HOUR) / 60_000) * 60_000).toISOString();

  const contact = (member: string) => rx.contact(member);
  const team = (zhangQuietHours: object[]) => ({
    name: '夜间值班 Night duty',
    members: [
      {
        id: 'zhang',
        displayName: '张三',
        contacts: [contact('zhang')],
        quietHours: zhangQuietHours,
      },
      { id: 'li', displayName: 'Li Na', contacts: [contact('li')] },
    ],
  });
  const always = (id: string, member: string) => alwaysOnCall(id, 'night', member);

  const open = async (assetId: string, depthCm: number): Promise<Incident> => {
    await h.readings([{ sensorId: assetId, ts: Date.now() - 60_000, metrics: { depthCm } }]);
    const incident = (await h.incidentOf(assetId))!;
    expect(incident).toBeDefined();
    return incident;
  };
  const steps = async (incidentId: string) =>
    (await h.detail(incidentId)).timeline.filter((e) => e.type === 'escalated');
  const statusOf = async (incidentId: string) =>
    (
      await h.db.query<{ status: string }>(
        'SELECT status FROM incident_escalations WHERE incident_id = $1',
        [incidentId],
      )
    )[0]?.status;
  const teamState = async () => ({
    team: (await h.api.get<OncallTeam>('/api/oncall/teams/night')).body,
    audit: (await h.auditActions('oncall-team:night')).length,
    stored: await h.db.query(`SELECT id, quiet_hours FROM oncall_members ORDER BY id`),
  });

  beforeAll(async () => {
    rx = new Receiver();
    await rx.start();
    h = await PipelineHarness.start(kind, ASSETS, {
      ESCALATION_MINUTE_MS: String(MINUTE_MS),
      NOTIFY_ATTEMPTS: '2',
      NOTIFY_BACKOFF_MS: '100',
    });
    const created = await h.api.post<OncallTeam>('/api/oncall/teams', {
      id: 'night',
      ...team([quietWindow]),
    });
    expect(created.status).toBe(201);
    for (const schedule of [always('night-primary', 'zhang'), always('night-backup', 'li')])
      expect((await h.api.post('/api/oncall/schedules', schedule)).status).toBe(201);
    expect(
      (await h.api.post('/api/oncall/routes', { id: 'all', order: 1, match: {}, teamId: 'night' }))
        .status,
    ).toBe(201);
    const policy = await h.api.post('/api/oncall/escalation-policies', {
      id: 'night',
      name: '夜间升级 Night escalation',
      steps: [
        { afterMinutes: 0, notify: [{ kind: 'schedule', scheduleId: 'night-primary' }] },
        {
          afterMinutes: STEP_2_MINUTES,
          notify: [
            { kind: 'schedule', scheduleId: 'night-backup' },
            { kind: 'schedule', scheduleId: 'night-primary' },
          ],
        },
      ],
      routeIds: ['all'],
    });
    expect(policy.status).toBe(201);
  });

  afterAll(async () => {
    await h?.stop();
    await rx?.stop();
  });

  describe('the member API', () => {
    it('stores quiet hours with the member, fills in the default severities, and audits them', async () => {
      const { team: read } = await teamState();
      expect(read.members.map((m) => [m.id, m.quietHours])).toEqual([
        ['zhang', [{ ...quietWindow, severities: ['blue', 'yellow'] }]],
        ['li', []],
      ]);
      const audit = await h.auditActions('oncall-team:night');
      expect(audit[0]!.data.after).toMatchObject({
        members: [{ id: 'zhang', quietHours: [{ ...quietWindow }] }, { id: 'li' }],
      });
    });

    it('refuses bad quiet hours with 400 listing each problem, and changes nothing', async () => {
      const before = await teamState();
      const bad = await h.api.request<ApiError>(
        'PUT',
        '/api/oncall/teams/night',
        team([
          { start: '24:00', end: '7:5' },
          { start: '22:00', end: '22:00', days: [1, 1] },
          { start: '22:00', end: '07:00', severities: ['red', 'yellow'] },
          { start: '22:00', end: '07:00', snooze: true },
        ]),
      );
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([
        'members.0.quietHours.0.start: must be HH:MM, 00:00 to 23:59',
        'members.0.quietHours.0.end: must be HH:MM, 00:00 to 23:59',
        'members.0.quietHours.1.end: end must differ from start (an end before start runs overnight)',
        'members.0.quietHours.1.days.1: duplicate day 1',
        'members.0.quietHours.2.severities.0: red is never held: red pages always go through quiet hours',
        'members.0.quietHours.3: Unrecognized key: "snooze"',
      ]);
      const tooMany = await h.api.request<ApiError>(
        'PUT',
        '/api/oncall/teams/night',
        team(Array.from({ length: 8 }, () => ({ start: '22:00', end: '07:00' }))),
      );
      expect([tooMany.status, tooMany.body.details]).toEqual([
        400,
        ['members.0.quietHours: at most 7 quiet-hours windows'],
      ]);
      expect(await teamState()).toEqual(before);
    });

    it('shows in `now` until when each on-call member is in quiet hours, per severity', async () => {
      const during = await h.api.get<OncallNow>(
        `/api/oncall/now?team=night&at=${encodeURIComponent(new Date(t0).toISOString())}`,
      );
      expect(during.status).toBe(200);
      expect(
        during.body.teams[0]!.oncall.map((s) => [s.scheduleId, s.member.id, s.quietUntil]),
      ).toEqual([
        ['night-backup', 'li', { blue: null, yellow: null, orange: null }],
        ['night-primary', 'zhang', { blue: quietEnd, yellow: quietEnd, orange: null }],
      ]);
      const later = await h.api.get<OncallNow>(
        `/api/oncall/now?team=night&at=${encodeURIComponent(quietEnd)}`,
      );
      expect(later.body.teams[0]!.oncall[1]!.quietUntil).toEqual({
        blue: null,
        yellow: null,
        orange: null,
      });
    });
  });

  describe('escalation', () => {
    const held = `张三 (zhang) (quiet hours until ${quietWindow.end})`;

    it('holds a yellow page to the quiet member and reaches the backup at step 2', async () => {
      const before = Date.now();
      const incident = await open('QH-0001', 16);
      expect(incident.severity).toBe('yellow');
      await eventually(async () => (await steps(incident.id)).length === 1, 10_000, 'step 1');
      const [first] = await steps(incident.id);
      expect(first!.message).toBe(
        `paged step 1: nobody, everyone is in quiet hours: ${held}; step 2 follows in ${STEP_2_MINUTES} min`,
      );
      expect(first!.data).toMatchObject({
        step: 0,
        recipients: [],
        held: [{ memberId: 'zhang', until: quietEnd }],
      });

      await eventually(async () => rx.of(incident.id).length > 0, 10_000, 'a page to li');
      expect(
        rx.pages.find((p) => p.incidentId === incident.id)!.at - before,
      ).toBeGreaterThanOrEqual(STEP_2_MINUTES * MINUTE_MS);
      await eventually(async () => (await statusOf(incident.id)) === 'done', 5_000, 'done');
      const second = (await steps(incident.id))[1]!;
      expect(second.message).toBe(
        `escalated to step 2: Li Na (li) (on call night-backup); not paged: ${held}`,
      );
      expect(second.data).toMatchObject({
        recipients: ['li'],
        held: [{ memberId: 'zhang', until: quietEnd }],
      });
      await sleep(300);
      // Held means not paged at all: no delivery waits for the end of the window.
      expect(rx.of(incident.id)).toEqual(['li']);
    });

    it('pages the quiet member about a red incident at once', async () => {
      const incident = await open('QH-0002', 30);
      expect(incident.severity).toBe('red');
      await eventually(async () => rx.of(incident.id).includes('zhang'), 10_000, 'a page to zhang');
      const page = rx.pages.find((p) => p.incidentId === incident.id)!;
      expect(page.kind).toBe('incident_opened');
      const [first] = await steps(incident.id);
      expect(first!.message).toBe('paged step 1: 张三 (zhang) (on call night-primary)');
      expect(first!.data).toMatchObject({ recipients: ['zhang'], held: [] });
      expect((await h.api.post(`/api/incidents/${incident.id}/acknowledge`, {})).status).toBe(200);
    });

    it('pages by the severity at the step: a yellow held at step 1 that turned red is paged at step 2', async () => {
      const incident = await open('QH-0003', 16);
      await eventually(async () => (await steps(incident.id)).length === 1, 10_000, 'step 1');
      expect(rx.of(incident.id)).toEqual([]);
      await h.readings([
        { sensorId: 'QH-0003', ts: Date.now() - 30_000, metrics: { depthCm: 30 } },
      ]);
      expect((await h.detail(incident.id)).severity).toBe('red');
      // Same route at red: the escalation goes on, and step 2 reads the severity again.
      await eventually(async () => (await statusOf(incident.id)) === 'done', 10_000, 'done');
      await eventually(async () => rx.of(incident.id).length === 2, 5_000, 'two pages');
      expect(rx.of(incident.id).sort()).toEqual(['li', 'zhang']);
      expect((await steps(incident.id)).map((e) => e.message)).toEqual([
        `paged step 1: nobody, everyone is in quiet hours: ${held}; step 2 follows in ${STEP_2_MINUTES} min`,
        'escalated to step 2: Li Na (li) (on call night-backup), 张三 (zhang) (on call night-primary)',
      ]);
    });

    it('pages the member outside their quiet hours', async () => {
      const later = {
        start: shanghaiHHMM(Date.now() + 3 * HOUR),
        end: shanghaiHHMM(Date.now() + 5 * HOUR),
        severities: ['blue', 'yellow', 'orange'],
      };
      const put = await h.api.request<OncallTeam>('PUT', '/api/oncall/teams/night', team([later]));
      expect(put.status).toBe(200);
      expect(put.body.members[0]!.quietHours).toEqual([later]);
      const incident = await open('QH-0004', 16);
      await eventually(async () => rx.of(incident.id).includes('zhang'), 10_000, 'a page to zhang');
      const [first] = await steps(incident.id);
      expect(first!.message).toBe('paged step 1: 张三 (zhang) (on call night-primary)');
      expect(first!.data).toMatchObject({ recipients: ['zhang'], held: [] });
      expect((await h.api.post(`/api/incidents/${incident.id}/acknowledge`, {})).status).toBe(200);
    });
  });
});
