import { type EscalationPolicy, type Incident, QueueName, redisKeys } from '@cityops/contracts';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplication } from '@nestjs/common';
import { createApiApp } from '../../src/bootstrap.js';
import { safeJobId } from '../../src/infra/queue/job-queue.js';
import { signAckToken } from '../../src/modules/escalation/ack-token.js';
import { stepJobId } from '../../src/modules/escalation/plan.js';
import { ApiClient } from './support/api-client.js';
import { alwaysOnCall } from './support/always-on-call.js';
import { PipelineHarness, TEST_SECRET } from './support/pipeline-harness.js';
import { DATABASE_KINDS, eventually } from './support/test-env.js';
import { type ReceivedWebhook, WebhookReceiver, memberOf } from './support/webhook-receiver.js';

const ASSETS = `
WL-0101,waterlogging,underpass,解放桥下穿,,117.205,39.13,
WL-0102,waterlogging,underpass,大光明桥下穿,,117.21,39.125,
WL-0103,waterlogging,underpass,<b>Bridge</b> & '3',,117.22,39.12,
WL-0104,waterlogging,underpass,营口道下穿,,117.23,39.11,
WL-0105,waterlogging,underpass,检修下穿,,117.24,39.10,
WL-0106,waterlogging,underpass,复兴门下穿,,117.25,39.09,
WL-0107,waterlogging,underpass,南门外下穿,,117.26,39.08,
`;

const WEBHOOK_SECRET = 'escalation-webhook-secret-0123456789';
/** One policy "minute" in the test: steps 2 "minutes" apart are 2 s apart. */
const MINUTE_MS = 1_000;

interface Page {
  member: string;
  at: number;
  kind: string;
  incidentId: string;
  step: number;
  acknowledge: string;
}

/** Members' webhook contacts (support/webhook-receiver.ts, checking signatures), read as pages. */
class Receiver extends WebhookReceiver {
  constructor() {
    super(WEBHOOK_SECRET);
  }

  of(incidentId: string, member?: string): Page[] {
    return this.received
      .map(toPage)
      .filter((p) => p.incidentId === incidentId && (member === undefined || p.member === member));
  }
}

const toPage = (r: ReceivedWebhook): Page => ({
  member: memberOf(r),
  at: r.at,
  kind: r.body.kind,
  incidentId: r.body.incident!.id,
  step: r.body.step ?? 0,
  acknowledge: r.body.links.acknowledge ?? '',
});

const EXTRA_ENV = {
  CONSOLE_BASE_URL: 'https://ops.example.test',
  ESCALATION_MINUTE_MS: String(MINUTE_MS),
  NOTIFY_ATTEMPTS: '2',
  NOTIFY_BACKOFF_MS: '100',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DATABASE_KINDS)('escalation and acknowledge links (%s)', (kind) => {
  let h: PipelineHarness;
  let rx: Receiver;

  const contact = (member: string) => rx.contact(member);

  /** Opens an incident on the asset now; returns it and the time just before. */
  const open = async (assetId: string): Promise<{ incident: Incident; before: number }> => {
    const before = Date.now();
    await h.readings([{ sensorId: assetId, ts: Date.now() - 60_000, metrics: { depthCm: 42 } }]);
    const incident = (await h.incidentOf(assetId))!;
    expect(incident).toBeDefined();
    return { incident, before };
  };

  const firstPage = (incidentId: string, member: string) =>
    eventually(async () => rx.of(incidentId, member)[0], 10_000, `a page to ${member}`);

  /** The path of an acknowledge link (the base URL in messages is the console's, not this server). */
  const pathOf = (link: string) => new URL(link).pathname;

  const ackPost = (path: string, note?: string) =>
    fetch(`${h.api.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: note === undefined ? '' : new URLSearchParams({ note }).toString(),
      redirect: 'manual',
    });

  const escalationOf = async (incidentId: string) =>
    (
      await h.db.query<{ status: string; stop_reason: string | null }>(
        'SELECT status, stop_reason FROM incident_escalations WHERE incident_id = $1',
        [incidentId],
      )
    )[0];

  /** The BullMQ state of a step's job (generation 0), or undefined when there is no such job. */
  const pendingStep = async (incidentId: string, round: number, step: number) => {
    const redis = h.env.redis();
    const queue = new Queue(QueueName.Notifications, {
      connection: redis,
      prefix: redisKeys(h.env.redisPrefix).bull,
    });
    try {
      const job = await queue.getJob(safeJobId(stepJobId(incidentId, 0, round, step)));
      return job ? await job.getState() : undefined;
    } finally {
      await queue.close();
      redis.disconnect();
    }
  };

  beforeAll(async () => {
    rx = new Receiver();
    await rx.start();
    h = await PipelineHarness.start(kind, ASSETS, EXTRA_ENV);
    const team = await h.api.post('/api/oncall/teams', {
      id: 'duty',
      name: '防汛值班 Flood duty',
      members: [
        { id: 'zhang', displayName: 'Zhang Wei', contacts: [contact('zhang')] },
        { id: 'li', displayName: 'Li Na <script>', contacts: [contact('li')] },
        { id: 'boss', displayName: 'Supervisor Wang', contacts: [contact('boss')] },
      ],
    });
    expect(team.status).toBe(201);
    const schedule = await h.api.post(
      '/api/oncall/schedules',
      alwaysOnCall('duty-primary', 'duty', 'zhang'),
    );
    expect(schedule.status).toBe(201);
    const route = await h.api.post('/api/oncall/routes', {
      id: 'everything',
      order: 1,
      match: {},
      teamId: 'duty',
    });
    expect(route.status).toBe(201);
  });

  afterAll(async () => {
    await h?.stop();
    await rx?.stop();
  });

  describe('policies', () => {
    it('are written by admins and supervisors, checked, and audited', async () => {
      const body = {
        id: 'flood',
        name: '防汛升级 Flood escalation',
        steps: [
          { afterMinutes: 0, notify: [{ kind: 'oncall' }] },
          { afterMinutes: 2, notify: [{ kind: 'member', memberId: 'li' }] },
          { afterMinutes: 2, notify: [{ kind: 'member', memberId: 'boss' }] },
        ],
        routeIds: ['everything'],
      };
      expect((await h.as('operator').post('/api/oncall/escalation-policies', body)).status).toBe(
        403,
      );
      const unknown = await h.api.post<{ details: string[] }>('/api/oncall/escalation-policies', {
        ...body,
        steps: [{ afterMinutes: 0, notify: [{ kind: 'member', memberId: 'nobody' }] }],
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.details).toEqual(['steps.0.notify.0.memberId: no member "nobody"']);
      const bad = await h.api.post('/api/oncall/escalation-policies', {
        ...body,
        steps: [{ afterMinutes: -1, notify: [] }],
      });
      expect(bad.status).toBe(400);

      const created = await h
        .as('supervisor', 'sup')
        .post<EscalationPolicy>('/api/oncall/escalation-policies', body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: 'flood', repeat: 0, createdBy: 'sup' });
      const clash = await h.api.post('/api/oncall/escalation-policies', {
        ...body,
        id: 'flood-2',
      });
      expect(clash.status).toBe(409);
      const read = await h
        .as('operator')
        .get<EscalationPolicy>('/api/oncall/escalation-policies/flood');
      expect(read.body.steps).toHaveLength(3);
      expect((await h.auditActions('escalation-policy:flood')).map((a) => a.action)).toEqual([
        'escalation.policy.created',
      ]);
    });
  });

  it('pages the on-call member at once, the next steps only after their minutes, then stops', async () => {
    const { incident, before } = await open('WL-0101');
    const zhang = await firstPage(incident.id, 'zhang');
    expect(zhang).toMatchObject({ kind: 'incident_opened', step: 0 });
    expect(zhang.acknowledge).toMatch(/^https:\/\/ops\.example\.test\/ack\/[^/]+$/);
    expect(await pendingStep(incident.id, 0, 1)).toBe('delayed');
    // Step 2 is due 2 "minutes" (2 s) after the incident opened: not before.
    await sleep(Math.max(0, before + 1_500 - Date.now()));
    expect(rx.of(incident.id, 'li')).toEqual([]);

    const li = await firstPage(incident.id, 'li');
    expect(li.at - before).toBeGreaterThanOrEqual(2 * MINUTE_MS);
    expect(li).toMatchObject({ kind: 'incident_escalated' });
    expect(rx.of(incident.id, 'boss')).toEqual([]);
    const boss = await firstPage(incident.id, 'boss');
    expect(boss.at - before).toBeGreaterThanOrEqual(4 * MINUTE_MS);

    await eventually(
      async () => (await escalationOf(incident.id))?.status === 'done',
      5_000,
      'done',
    );
    const steps = (await h.detail(incident.id)).timeline.filter((e) => e.type === 'escalated');
    expect(steps.map((e) => e.data.step)).toEqual([0, 1, 2]);
    expect(steps[0]!.message).toContain('paged step 1: Zhang Wei (zhang)');
    expect(steps[1]!.message).toContain('escalated to step 2');
    // Each member once, no duplicate delivery.
    expect(rx.of(incident.id).map((p) => p.member)).toEqual(['zhang', 'li', 'boss']);
    expect(rx.rejected).toEqual([]);
  });

  it('stops escalating when the incident is acknowledged in the console', async () => {
    const { incident } = await open('WL-0102');
    await firstPage(incident.id, 'zhang');
    const acked = await h.api.post(`/api/incidents/${incident.id}/acknowledge`, {});
    expect(acked.status).toBe(200);
    // The pending step (li, due 2 s after the first page) is taken out of the delayed set at once.
    expect(await escalationOf(incident.id)).toMatchObject({
      status: 'stopped',
      stop_reason: 'acknowledged by admin',
    });
    expect(await pendingStep(incident.id, 0, 1)).toBeUndefined();
    await sleep(3 * MINUTE_MS);
    expect(rx.of(incident.id).map((p) => p.member)).toEqual(['zhang']);
    expect(await escalationOf(incident.id)).toMatchObject({ status: 'stopped' });
  });

  it('acknowledges from the link as that member, once, with the note escaped, and stops escalating', async () => {
    const { incident } = await open('WL-0103');
    const zhang = await firstPage(incident.id, 'zhang');
    const path = pathOf(zhang.acknowledge);

    const shown = await fetch(`${h.api.baseUrl}${path}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toContain('text/html');
    expect(shown.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await shown.text();
    expect(html).toContain('&lt;b&gt;Bridge&lt;/b&gt; &amp; &#39;3&#39;');
    expect(html).not.toContain('<b>Bridge</b>');
    expect(html).toContain('<form method="post">');
    // Looking at the page does not use the link or acknowledge anything.
    expect((await h.detail(incident.id)).status).toBe('open');

    const note = '<img src=x onerror=alert(1)> 已到现场 "on site"';
    const done = await ackPost(path, note);
    expect(done.status).toBe(200);
    const page = await done.text();
    expect(page).toContain('Acknowledged as Zhang Wei (zhang)');
    expect(await escalationOf(incident.id)).toMatchObject({
      status: 'stopped',
      stop_reason: 'acknowledged by Zhang Wei (zhang)',
    });
    expect(await pendingStep(incident.id, 0, 1)).toBeUndefined();
    const detail = await h.detail(incident.id);
    expect(detail.status).toBe('acknowledged');
    const ack = detail.timeline.find((e) => e.type === 'acknowledged')!;
    expect(ack).toMatchObject({
      actor: 'Zhang Wei (zhang)',
      message: note,
      data: { via: 'link', memberId: 'zhang' },
    });
    const audit = await h.auditActions(incident.id);
    expect(audit).toEqual([
      {
        action: 'incident.acknowledged',
        actor: 'Zhang Wei (zhang)',
        data: { from: 'open', to: 'acknowledged', note },
      },
    ]);

    // Used: the same link again changes nothing and says so.
    const again = await ackPost(path);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('Link already used');
    expect((await fetch(`${h.api.baseUrl}${path}`)).status).toBe(410);
    expect(
      (await h.detail(incident.id)).timeline.filter((e) => e.type === 'acknowledged'),
    ).toHaveLength(1);

    // Escalation stopped: step 2 (2 s) never pages li.
    await sleep(3 * MINUTE_MS);
    expect(rx.of(incident.id).map((p) => p.member)).toEqual(['zhang']);
    expect(await escalationOf(incident.id)).toMatchObject({ status: 'stopped' });
  });

  it('refuses forged, foreign, expired and malformed links and changes nothing', async () => {
    const { incident } = await open('WL-0104');
    const zhang = await firstPage(incident.id, 'zhang');
    const token = pathOf(zhang.acknowledge).replace('/ack/', '');
    const [, member, linkId, expiry, signature] = token.split('.');
    const other = (await h.incidentOf('WL-0101', 'open,acknowledged,resolved'))!;

    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherIncident = [other.id, member, linkId, expiry, signature].join('.');
    const otherMember = [incident.id, 'li', linkId, expiry, signature].join('.');
    const expired = signAckToken(TEST_SECRET, {
      incidentId: incident.id,
      memberId: 'zhang',
      linkId: 'expired-link-0123456789',
      expiresAt: Math.floor(Date.now() / 1000) - 1,
    });
    const wrongKey = signAckToken('not-the-app-secret-but-long-enough-0123456789', {
      incidentId: incident.id,
      memberId: 'zhang',
      linkId: 'wrong-key-link-0123456789',
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    });
    const cases: [string, number, string][] = [
      [tampered, 403, 'not genuine'],
      [otherIncident, 403, 'not genuine'],
      [otherMember, 403, 'not genuine'],
      [wrongKey, 403, 'not genuine'],
      [expired, 410, 'expired'],
      ['not-a-token', 400, 'malformed'],
      [`${token}.extra`, 400, 'malformed'],
    ];
    for (const [bad, status, text] of cases) {
      const get = await fetch(`${h.api.baseUrl}/ack/${encodeURIComponent(bad)}`);
      expect(get.status, bad).toBe(status);
      expect(await get.text()).toContain(text);
      const post = await ackPost(`/ack/${encodeURIComponent(bad)}`, 'x');
      expect(post.status, bad).toBe(status);
    }
    expect((await h.detail(incident.id)).status).toBe('open');
    expect((await h.detail(other.id)).timeline.filter((e) => e.type === 'acknowledged')).toEqual(
      [],
    );
    expect(await h.auditActions(incident.id)).toEqual([]);
    // The genuine link still works afterwards (nothing above used it).
    expect((await ackPost(`/ack/${token}`)).status).toBe(200);
    // A link to an incident acknowledged in the console meanwhile says so and changes nothing.
    const acked = (await h.incidentOf('WL-0102', 'acknowledged'))!;
    const late = pathOf(rx.of(acked.id, 'zhang')[0]!.acknowledge);
    expect((await fetch(`${h.api.baseUrl}${late}`)).status).toBe(409);
    const latePost = await ackPost(late, 'too late');
    expect(latePost.status).toBe(409);
    expect(await latePost.text()).toContain('acknowledged already');
    expect(
      (await h.detail(acked.id)).timeline.filter((e) => e.type === 'acknowledged'),
    ).toHaveLength(1);
  });

  it('pages nobody about a silenced incident', async () => {
    const silence = await h.api.post<{ id: string }>('/api/silences', {
      matchers: { assetId: 'WL-0105' },
      startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 60 * 60_000).toISOString(),
      reason: '检修 maintenance',
    });
    expect(silence.status).toBe(201);
    const { incident } = await open('WL-0105');
    expect(incident.silenceId).toBe(silence.body.id);
    await sleep(2.5 * MINUTE_MS);
    expect(rx.of(incident.id)).toEqual([]);
    expect(await escalationOf(incident.id)).toBeUndefined();
    expect((await h.detail(incident.id)).timeline.filter((e) => e.type === 'escalated')).toEqual(
      [],
    );
  });

  it('routes again when the severity rises to one another team takes, and only that team is paged then', async () => {
    const before = Date.now();
    await h.readings([{ sensorId: 'WL-0106', ts: before - 120_000, metrics: { depthCm: 16 } }]);
    const incident = (await h.incidentOf('WL-0106'))!;
    expect(incident.severity).toBe('yellow');
    await firstPage(incident.id, 'zhang');

    // Red goes to the storm team, whose chief is on call.
    expect(
      (
        await h.api.post('/api/oncall/teams', {
          id: 'storm',
          name: 'Storm response',
          members: [{ id: 'chief', displayName: 'Chief Zhao', contacts: [contact('chief')] }],
        })
      ).status,
    ).toBe(201);
    expect(
      (await h.api.post('/api/oncall/schedules', alwaysOnCall('storm-primary', 'storm', 'chief')))
        .status,
    ).toBe(201);
    expect(
      (
        await h.api.post('/api/oncall/routes', {
          id: 'red',
          order: 0,
          match: { severities: ['red'] },
          teamId: 'storm',
        })
      ).status,
    ).toBe(201);

    await h.readings([{ sensorId: 'WL-0106', ts: before - 60_000, metrics: { depthCm: 30 } }]);
    expect((await h.detail(incident.id)).severity).toBe('red');
    const chief = await firstPage(incident.id, 'chief');
    expect(chief.kind).toBe('incident_escalated');
    // The yellow escalation's next step (li, 2 s after the first page) is void now.
    await sleep(Math.max(0, before + 3 * MINUTE_MS - Date.now()));
    expect(rx.of(incident.id).map((p) => p.member)).toEqual(['zhang', 'chief']);
    const timeline = (await h.detail(incident.id)).timeline.filter((e) => e.type === 'escalated');
    expect(timeline.map((e) => e.message)).toEqual([
      'paged step 1: Zhang Wei (zhang) (on call duty-primary)',
      'severity red: routed again, to team storm (route red)',
      'paged step 1: Chief Zhao (chief) (on call storm-primary)',
    ]);
    // More readings at red change nothing.
    await h.readings([{ sensorId: 'WL-0106', ts: before - 30_000, metrics: { depthCm: 31 } }]);
    await sleep(500);
    expect(rx.of(incident.id).map((p) => p.member)).toEqual(['zhang', 'chief']);
  });

  // Last in the block: the harness goes on with the restarted backend.
  it('keeps a due step across a restart of the backend and pages once', async () => {
    const before = Date.now();
    await h.readings([{ sensorId: 'WL-0107', ts: before - 60_000, metrics: { depthCm: 16 } }]);
    const incident = (await h.incidentOf('WL-0107'))!;
    await firstPage(incident.id, 'zhang');
    // Down before step 2 is due (2 s after the first page), up again after.
    await h.app.close();
    await sleep(Math.max(0, before + 2.5 * MINUTE_MS - Date.now()));
    expect(rx.of(incident.id, 'li')).toEqual([]);
    const app: INestApplication = await createApiApp(
      h.env.config({ AUTH_SECRET: TEST_SECRET, ...EXTRA_ENV }),
    );
    await app.listen(0, '127.0.0.1');
    const api = ApiClient.of(app);
    api.token = h.api.token;
    Object.assign(h, { app, api });

    await firstPage(incident.id, 'li');
    await firstPage(incident.id, 'boss');
    await eventually(
      async () => (await escalationOf(incident.id))?.status === 'done',
      5_000,
      'done',
    );
    expect(rx.of(incident.id).map((p) => p.member)).toEqual(['zhang', 'li', 'boss']);
    const steps = (await h.detail(incident.id)).timeline.filter((e) => e.type === 'escalated');
    expect(steps.map((e) => e.data.step)).toEqual([0, 1, 2]);
  });
});
