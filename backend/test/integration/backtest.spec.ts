import type { INestApplication } from '@nestjs/common';
import {
  type Backtest,
  BacktestSchema,
  DEFAULT_RULES,
  QueueName,
  type Role,
  type ThresholdRule,
  redisKeys,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { DATABASE, type Database } from '../../src/infra/database/database.js';
import { signToken } from '../../src/modules/auth/access-token.js';
import { BacktestService } from '../../src/modules/rules/backtest/backtest.service.js';
import { ApiClient } from './support/api-client.js';
import { DATABASE_KINDS, TestEnv, eventually } from './support/test-env.js';

const SECRET = 'integration-test-secret-that-is-long-enough-to-pass';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const ASSETS_CSV = [
  'id,domain,kind,name,district,lng,lat,parentId',
  'WL-0001,waterlogging,underpass,解放桥下穿,120101,117.196,39.118,',
  'WL-0002,waterlogging,underpass,友谊路下穿,120103,117.218,39.102,',
].join('\n');

/**
 * A flood in the FloodNet style (flood-events.csv: depth in inches every minute from the start): a
 * slow rise, a ten-minute surge, a crest at 10.75 in, a steady fall. Converted as the replay mapping
 * does it: inches × 2.54, to 0.01 cm.
 */
function floodProfileInches(): number[] {
  const inches: number[] = [];
  for (let m = 0; m <= 20; m++) inches.push(0.1 * m);
  for (let m = 21; m <= 30; m++) inches.push(2 + 0.35 * (m - 20)); // the surge: > 5 cm in 10 min
  for (let m = 31; m <= 60; m++) inches.push(5.5 + 0.1 * (m - 30));
  for (let m = 61; m <= 75; m++) inches.push(8.5 + 0.15 * (m - 60));
  for (let m = 76; m <= 90; m++) inches.push(10.75); // crest: 27.31 cm
  for (let m = 91; m <= 135; m++) inches.push(Math.max(0, 10.75 - 0.25 * (m - 90)));
  return inches;
}
const toCm = (inches: number) => Math.round(inches * 2.54 * 100) / 100;

describe.each(DATABASE_KINDS)('rule backtests (%s)', (databaseKind) => {
  let env: TestEnv;
  let app: INestApplication;
  let redis: Redis;
  // The flood at WL-0001 started two days ago, on the minute; WL-0002 stayed dry (2 cm).
  const floodStart = Math.floor((Date.now() - 2 * DAY) / MIN) * MIN;
  const minuteOf = (iso: string) => (Date.parse(iso) - floodStart) / MIN;

  const as = (role: Role) => {
    const client = ApiClient.of(app);
    const now = Math.floor(Date.now() / 1000);
    client.token = signToken(
      { sid: 'test-session', sub: `${role}-1`, role, iat: now, exp: now + 3600 },
      SECRET,
    );
    return client;
  };
  const db = () => app.get<Database>(DATABASE);

  /** Line protocol into the test database's raw retention policy, as the collectors write it. */
  async function write(lines: string[]): Promise<void> {
    const base = new URL(env.influxUrl);
    const url = new URL('/write', base.origin);
    url.search = new URLSearchParams({
      db: env.influxDatabase,
      rp: 'raw',
      precision: 'ms',
    }).toString();
    const headers: Record<string, string> = {};
    if (base.username)
      headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}`;
    for (let i = 0; i < lines.length; i += 5_000) {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: lines.slice(i, i + 5_000).join('\n'),
      });
      if (!response.ok)
        throw new Error(`InfluxDB write: ${response.status} ${await response.text()}`);
    }
  }

  /** What live state there is: incidents, timeline entries, alert state, queued transitions. */
  async function liveState() {
    const [incidents] = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM incidents');
    const [events] = await db().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM incident_events',
    );
    const incidentsQueue = new Queue(QueueName.Incidents, {
      connection: redis,
      prefix: redisKeys(env.redisPrefix).bull,
    });
    const jobs = await incidentsQueue.getJobCounts('waiting', 'active', 'completed', 'failed');
    await incidentsQueue.close();
    return {
      incidents: incidents!.n,
      events: events!.n,
      alertState: await redis.hlen(redisKeys(env.redisPrefix).alertState),
      transitionJobs: jobs,
    };
  }

  beforeAll(async () => {
    env = await TestEnv.create(databaseKind);
    app = await createApiApp(env.config({ AUTH_SECRET: SECRET }));
    await app.listen(0, '127.0.0.1');
    redis = env.redis();
    const admin = as('admin');
    const imported = await admin.post<{ imported: number }>(
      '/api/assets/import',
      ASSETS_CSV,
      'text/csv',
    );
    expect(imported.body.imported).toBe(2);

    const lines = floodProfileInches().flatMap((inches, m) => [
      `waterlogging,assetId=WL-0001,district=120101,kind=underpass depthCm=${toCm(inches)},batteryPct=90 ${floodStart + m * MIN}`,
      `waterlogging,assetId=WL-0002,district=120103,kind=underpass depthCm=2 ${floodStart + m * MIN}`,
    ]);
    // A rain gauge (no depth) in the same measurement: not the underpass rule's business.
    lines.push(
      `waterlogging,assetId=RG-0001,district=120101,kind=rain_gauge rainfallMmH=30 ${floodStart}`,
    );
    await write(lines);
  });

  afterAll(async () => {
    await app?.close();
    redis?.disconnect();
    await env?.dispose();
  });

  const window = () => ({
    from: new Date(floodStart - 2 * HOUR).toISOString(),
    to: new Date(floodStart + 6 * HOUR).toISOString(),
  });

  it('replays the underpass rule over the flood: the exact level sequence and the red peak, at once for a short window', async () => {
    const before = await liveState();
    const { status, body } = await as('supervisor').post<Backtest>(
      '/api/rules/underpass-depth/backtest',
      window(),
    );
    expect(status).toBe(200);
    const backtest = BacktestSchema.parse(body);
    expect(backtest).toMatchObject({
      status: 'done',
      progress: 1,
      ruleId: 'underpass-depth',
      draft: false,
    });
    const result = backtest.result!;
    expect(result).toMatchObject({ series: 2, points: 2 * 136, truncated: false });
    expect(result.summary).toEqual({
      incidents: 1,
      open: 0,
      transitions: 9,
      byPeakSeverity: { blue: 0, yellow: 0, orange: 0, red: 1 },
    });
    const [incident] = result.incidents;
    expect(incident).toMatchObject({
      key: 'underpass-depth|WL-0001',
      assetId: 'WL-0001',
      assetName: '解放桥下穿',
      district: '120101',
      openSeverity: 'yellow',
      peakSeverity: 'red',
      peakValue: 27.31,
      transitionCount: 9,
    });
    expect(minuteOf(incident!.openedAt)).toBe(26);
    expect(minuteOf(incident!.resolvedAt!)).toBe(121);
    expect(minuteOf(incident!.peakAt)).toBe(69);
    expect(incident!.transitions.map((t) => [t.kind, t.severity, minuteOf(t.at), t.value])).toEqual(
      [
        ['raised', 'yellow', 26, 10.41], // 10.41 cm is blue; the surge (> 5 cm in 10 min) raises it one level
        ['changed', 'orange', 35, 15.24],
        ['changed', 'yellow', 37, 15.75], // the surge leaves the 10-minute window
        ['changed', 'orange', 54, 20.07],
        ['changed', 'red', 69, 25.02],
        ['changed', 'orange', 94, 24.77],
        ['changed', 'yellow', 102, 19.68],
        ['changed', 'blue', 110, 14.61],
        ['cleared', null, 121, 7.62], // below the 8 cm clear value
      ],
    );
    // The same result can be fetched again for a while.
    const again = await as('admin').get<Backtest>(`/api/backtests/${backtest.id}`);
    expect(again.body.result).toEqual(result);
    expect(await liveState()).toEqual(before);
  });

  it('gives a different answer for a draft rule with other thresholds', async () => {
    const stored = DEFAULT_RULES.find((r) => r.id === 'underpass-depth') as ThresholdRule;
    const draft = {
      ...stored,
      id: 'underpass-depth-draft',
      levels: [
        { severity: 'blue', value: 20 },
        { severity: 'yellow', value: 30 },
      ],
      clear: 15,
      rateRaise: undefined,
    };
    const { status, body } = await as('admin').post<Backtest>('/api/rules/backtest', {
      rule: draft,
      ...window(),
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ draft: true, ruleId: 'underpass-depth-draft' });
    const [incident, ...none] = body.result!.incidents;
    expect(none).toEqual([]);
    expect(incident!.transitions.map((t) => [t.kind, t.severity, minuteOf(t.at)])).toEqual([
      ['raised', 'blue', 54],
      ['cleared', null, 110],
    ]);
    expect(incident!.peakSeverity).toBe('blue');
    // Drafts are never stored.
    expect((await as('admin').get('/api/rules/underpass-depth-draft')).status).toBe(404);
  });

  it('narrows to a district or to assets', async () => {
    const dry = await as('admin').post<Backtest>('/api/rules/underpass-depth/backtest', {
      ...window(),
      district: '120103',
    });
    expect(dry.body.result).toMatchObject({ series: 1, incidents: [] });
    const one = await as('admin').post<Backtest>('/api/rules/underpass-depth/backtest', {
      ...window(),
      assetIds: ['WL-0001'],
    });
    expect(one.body.result!.series).toBe(1);
    expect(one.body.result!.summary.incidents).toBe(1);
  });

  it('runs a long window as a job with progress, touching no live state', async () => {
    const before = await liveState();
    const from = floodStart - 8 * DAY;
    const to = floodStart + 2 * DAY - 5 * MIN;
    const { status, body } = await as('supervisor').post<Backtest>(
      '/api/rules/underpass-depth/backtest',
      { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    );
    expect(status).toBe(202);
    expect(body).toMatchObject({ status: 'running', progress: 0 });
    const seen: number[] = [];
    const done = await eventually(
      async () => {
        const { body: current } = await as('supervisor').get<Backtest>(`/api/backtests/${body.id}`);
        seen.push(current.progress);
        return current.status !== 'running' ? current : undefined;
      },
      30_000,
      'the backtest job',
    );
    expect(done.status).toBe('done');
    expect(done.progress).toBe(1);
    expect(done.finishedAt).not.toBeNull();
    expect(done.result!.summary.incidents).toBe(1);
    expect(done.result!.incidents[0]!.peakSeverity).toBe('red');
    expect(done.result!.queries).toBe(1 + 10); // series, then one grouped query per day
    expect([...seen].sort((a, b) => a - b)).toEqual(seen); // never goes backwards

    // The same run, watched chunk by chunk: a report after every chunk, up to 1.
    const reports: number[] = [];
    await app
      .get(BacktestService)
      .execute({ id: body.id, rule: DEFAULT_RULES[1]!, draft: false, from, to }, (progress) => {
        reports.push(progress);
      });
    expect(reports).toHaveLength(10);
    expect(reports.at(-1)).toBe(1);
    expect(reports.every((p, i) => p > 0 && (i === 0 || p > reports[i - 1]!))).toBe(true);

    expect(await liveState()).toEqual(before);
  });

  it('answers 400 for windows and rules it cannot run, 404 for unknown ones', async () => {
    const admin = as('admin');
    const now = Date.now();
    const bad = async (path: string, payload: unknown) => {
      const { status, body } = await admin.post<{ details: string[] }>(path, payload);
      expect(status).toBe(400);
      return body.details;
    };
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(
      await bad('/api/rules/underpass-depth/backtest', { from: iso(now - 91 * DAY), to: iso(now) }),
    ).toEqual(['to: the window may be at most 90 days']);
    expect(
      await bad('/api/rules/underpass-depth/backtest', { from: iso(now), to: iso(now - HOUR) }),
    ).toEqual(['to: to must be after from']);
    expect(
      await bad('/api/rules/underpass-depth/backtest', { from: iso(now), to: iso(now + DAY) }),
    ).toEqual(['to: to must not be in the future']);
    expect(
      await bad('/api/rules/case-cluster/backtest', { from: iso(now - DAY), to: iso(now) }),
    ).toEqual([
      'rule: backtests cover threshold, window, no_data rules (their history is in InfluxDB); case_cluster rules work on sanitation cases',
    ]);
    expect(
      await bad('/api/rules/underpass-depth/backtest', { from: 'last week', to: iso(now) }),
    ).toHaveLength(1);
    expect(
      await bad('/api/rules/backtest', {
        rule: { id: 'x', type: 'threshold' },
        from: iso(now - DAY),
        to: iso(now),
      }),
    ).not.toHaveLength(0);
    expect(
      (await admin.post('/api/rules/no-such-rule/backtest', { from: iso(now - DAY), to: iso(now) }))
        .status,
    ).toBe(404);
    expect(
      (await admin.post('/api/rules/BAD ID/backtest', { from: iso(now - DAY), to: iso(now) }))
        .status,
    ).toBe(400);
    expect((await admin.get('/api/backtests/0b7e3f52-5d5e-4d0e-9c41-8b2f4b9f0a11')).status).toBe(
      404,
    );
    expect((await admin.get('/api/backtests/not-a-uuid')).status).toBe(400);
  });

  it('refuses a rule covering more series than a backtest may read, and says how to narrow it', async () => {
    const t = floodStart;
    await write(
      Array.from(
        { length: 2_001 },
        (_, i) => `waterlogging,assetId=LR-${i},district=120116,kind=low_road depthCm=1 ${t}`,
      ),
    );
    const { status, body } = await as('admin').post<{ details: string[] }>(
      '/api/rules/underpass-depth/backtest',
      window(),
    );
    expect(status).toBe(400);
    expect(body.details).toEqual([
      'rule: it covers 2003 series, more than the 2000 a backtest may read; narrow it with district or assetIds',
    ]);
    const narrowed = await as('admin').post<Backtest>('/api/rules/underpass-depth/backtest', {
      ...window(),
      district: '120101',
    });
    expect(narrowed.status).toBe(200);
  });

  it('is for admins and supervisors only', async () => {
    const payload = window();
    expect((await as('operator').post('/api/rules/underpass-depth/backtest', payload)).status).toBe(
      403,
    );
    expect((await as('display').post('/api/rules/underpass-depth/backtest', payload)).status).toBe(
      403,
    );
    expect(
      (await ApiClient.of(app).post('/api/rules/underpass-depth/backtest', payload)).status,
    ).toBe(401);
  });
});
