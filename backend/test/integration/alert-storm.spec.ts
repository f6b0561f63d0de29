import type { Incident } from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alwaysOnCall } from './support/always-on-call.js';
import { PipelineHarness } from './support/pipeline-harness.js';
import { DATABASE_KINDS, eventually } from './support/test-env.js';
import { WebhookReceiver, incidentIdsOf } from './support/webhook-receiver.js';

/** Nine underpasses a few hundred metres apart in Heping, one far away in Binhai. */
const ASSETS = `
WL-0201,waterlogging,underpass,和平一号下穿,,117.196,39.118,
WL-0202,waterlogging,underpass,和平二号下穿,,117.197,39.118,
WL-0203,waterlogging,underpass,和平三号下穿,,117.198,39.118,
WL-0204,waterlogging,underpass,和平四号下穿,,117.199,39.118,
WL-0205,waterlogging,underpass,和平五号下穿,,117.200,39.118,
WL-0206,waterlogging,underpass,和平六号下穿,,117.201,39.118,
WL-0207,waterlogging,underpass,和平七号下穿,,117.196,39.119,
WL-0208,waterlogging,underpass,和平八号下穿,,117.197,39.119,
WL-0209,waterlogging,underpass,和平九号下穿,,117.198,39.119,
WL-0290,waterlogging,underpass,滨海下穿,,117.70,39.03,
`;

const SECRET = 'storm-webhook-secret-0123456789';
const DIGEST_EVERY_MS = 5_000;

/** What zhang's webhook received: single pages and digests, with the incidents each is about. */
const messagesOf = (rx: WebhookReceiver, kind?: string) =>
  rx.received
    .filter((r) => kind === undefined || r.body.kind === kind)
    .map((r) => ({ at: r.at, kind: r.body.kind, incidentIds: incidentIdsOf(r) }));

describe.each(DATABASE_KINDS)('alert storm control - digest (%s)', (kind) => {
  let h: PipelineHarness;
  let rx: WebhookReceiver;

  /** Opens incidents on the assets in one batch; returns them by asset. */
  const open = async (...assetIds: string[]): Promise<Incident[]> => {
    await h.readings(
      assetIds.map((sensorId) => ({ sensorId, ts: Date.now() - 30_000, metrics: { depthCm: 42 } })),
    );
    return Promise.all(
      assetIds.map((id) => eventually(() => h.incidentOf(id), 10_000, `an incident on ${id}`)),
    );
  };

  beforeAll(async () => {
    rx = await new WebhookReceiver(SECRET).start();
    h = await PipelineHarness.start(kind, ASSETS, {
      NOTIFY_STORM_THRESHOLD: '3',
      NOTIFY_STORM_WINDOW_SECONDS: '60',
      NOTIFY_STORM_GATHER_SECONDS: '3',
      NOTIFY_STORM_DIGEST_EVERY_SECONDS: String(DIGEST_EVERY_MS / 1000),
      NOTIFY_BACKOFF_MS: '100',
    });
    const team = await h.api.post('/api/oncall/teams', {
      id: 'drainage',
      name: '排水抢险',
      members: [
        {
          id: 'zhang',
          displayName: 'Zhang Wei',
          contacts: [rx.contact('zhang')],
        },
      ],
    });
    expect(team.status).toBe(201);
    const schedule = await h.api.post(
      '/api/oncall/schedules',
      alwaysOnCall('drainage-primary', 'drainage', 'zhang'),
    );
    expect(schedule.status).toBe(201);
    const route = await h.api.post('/api/oncall/routes', {
      id: 'all',
      order: 1,
      match: {},
      teamId: 'drainage',
    });
    expect(route.status).toBe(201);
  });

  afterAll(async () => {
    await h?.stop();
    await rx?.stop();
  });

  it('pages the first incidents one by one, then sends one digest of the rest, then updates at a bounded rate', async () => {
    const first = await open('WL-0201', 'WL-0202', 'WL-0203');
    expect(new Set(first.map((i) => i.district)).size).toBe(1);
    await eventually(
      async () => (messagesOf(rx, 'incident_opened').length >= 3 ? true : undefined),
      10_000,
      'three single pages',
    );

    const storm = await open('WL-0204', 'WL-0205', 'WL-0206', 'WL-0207');
    const digest = await eventually(async () => messagesOf(rx, 'digest')[0], 10_000, 'a digest');
    expect(digest.incidentIds.sort()).toEqual(storm.map((i) => i.id).sort());
    // One message for four incidents: none of them was paged on its own.
    expect(
      messagesOf(rx, 'incident_opened')
        .map((m) => m.incidentIds[0])
        .sort(),
    ).toEqual(first.map((i) => i.id).sort());

    // Far away: another storm key, paged on its own at once.
    const [binhai] = await open('WL-0290');
    await eventually(
      async () => messagesOf(rx).find((m) => m.incidentIds.includes(binhai!.id)),
      10_000,
      'the Binhai page',
    );
    expect(messagesOf(rx).find((m) => m.incidentIds.includes(binhai!.id))!.kind).toBe(
      'incident_opened',
    );

    // Two more open; one is acknowledged before the next digest, which lists only the other.
    const [eighth, ninth] = await open('WL-0208', 'WL-0209');
    expect(
      (await h.api.post(`/api/incidents/${eighth!.id}/acknowledge`, { note: '已派车' })).status,
    ).toBe(200);
    const update = await eventually(
      async () => messagesOf(rx, 'digest')[1],
      15_000,
      'a second digest',
    );
    expect(update.incidentIds).toEqual([ninth!.id]);
    expect(update.at - digest.at).toBeGreaterThanOrEqual(DIGEST_EVERY_MS - 100);
    expect(messagesOf(rx).some((m) => m.incidentIds.includes(eighth!.id))).toBe(false);

    // Each digest went once, and the incidents it listed say so on their timelines.
    expect(messagesOf(rx, 'digest')).toHaveLength(2);
    const timeline = (await h.detail(storm[0]!.id)).timeline;
    expect(timeline.filter((e) => e.type === 'notified').map((e) => e.message)).toEqual([
      expect.stringContaining('digest'),
    ]);
  });
});
