import type { Rejection, SanitationCase } from '@cityops/contracts';
import { HostileTally, injectionStrings } from '@cityops/hostile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineHarness } from '../integration/support/pipeline-harness.js';
import type { RawAnswer } from './support/backend.js';
import { Findings } from './support/findings.js';
import { type HostileRoute, encodeAny, liveRoutes, pathOf } from './support/routes.js';

const MIN = 60_000;
const NOW = Date.now();

/** Two districts (Heping 120101 by location, Hexi 120103), two domains. */
const ASSETS = `
WL-0301,waterlogging,underpass,解放桥下穿,,117.205,39.13,
WL-0302,waterlogging,underpass,大光明桥下穿,,117.21,39.125,
WL-0303,waterlogging,underpass,营口道下穿,,117.23,39.11,
`;

const aCase = (id: string, overrides: Partial<SanitationCase> = {}): SanitationCase => ({
  id,
  category: 'standing_water',
  source: 'hotline',
  status: 'open',
  reportedAt: NOW - 5 * MIN,
  updatedAt: NOW - 5 * MIN,
  dueAt: NOW + 240 * MIN,
  lng: 117.205,
  lat: 39.131,
  district: '120101',
  description: '12345 市民反映：桥下积水',
  ...overrides,
});

const rejection = (sensorId: string, i: number): Rejection => ({
  source: 'heating-http:test',
  reason: 'out_of_range',
  detail: 'supplyTempC 999 is out of range',
  sensorId,
  metric: 'supplyTempC',
  payload: '{"supplyTempC":999}',
  receivedAt: NOW - i * 1000,
});

/** How many rows a 200 answer returned, whatever its shape (null: a shape without rows). */
function rowsOf(answer: RawAnswer): number | null {
  if (answer.contentType.startsWith('text/csv'))
    return (
      answer.text
        .replace(/^\ufeff/, '')
        .split(/\r?\n/)
        .filter(Boolean).length - 1
    );
  const body = answer.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return null;
  for (const key of ['items', 'features', 'points', 'teams', 'active'])
    if (Array.isArray(body[key])) return (body[key] as unknown[]).length;
  if (Array.isArray(body.groups))
    return (body.groups as { total?: number; incidents?: { total?: number } }[]).reduce(
      (n, g) => n + (Number(g.total ?? g.incidents?.total ?? 0) || 0),
      0,
    );
  return null;
}

/**
 * Every filter of every GET route × SQL, InfluxQL and LIKE payloads, against seeded incidents,
 * cases, quarantine entries, assets, rules, silences, on-call data and InfluxDB telemetry: a value is
 * a literal (no seeded row holds one of these, so a 200 lists nothing) or a 400; nothing is dropped
 * or added in PostgreSQL or InfluxDB.
 */
describe('injection through every filter parameter - PostgreSQL and InfluxDB', () => {
  let h: PipelineHarness;
  let routes: HostileRoute[];
  const findings = new Findings();
  const tally = new HostileTally();

  /** What must survive: row counts per table, the table list, InfluxDB measurements and series. */
  const state = async () => {
    const tables = (
      await h.db.query<{ name: string }>(
        "SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
      )
    ).map((r) => r.name);
    const counts: Record<string, number> = {};
    for (const table of [
      'incidents',
      'sanitation_cases',
      'quarantine',
      'assets',
      'rules',
      'silences',
      'oncall_teams',
      'users',
    ])
      if (tables.some((t) => t.endsWith(`.${table}`)))
        counts[table] = Number(
          (await h.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n,
        );
    const influx = async (q: string) => JSON.stringify((await h.env.influxQuery(q)) as unknown);
    return {
      tables,
      counts,
      measurements: await influx(`SHOW MEASUREMENTS ON "${h.env.influxDatabase}"`),
      series: await influx(`SHOW SERIES ON "${h.env.influxDatabase}"`),
      // (Other suites create and drop their own databases meanwhile: only ours is checked.)
      ownDatabase: (await influx('SHOW DATABASES')).includes(`"${h.env.influxDatabase}"`),
    };
  };
  let before: Awaited<ReturnType<typeof state>>;

  beforeAll(async () => {
    h = await PipelineHarness.start('postgres', ASSETS, { LOG_LEVEL: 'error' });
    await h.readings([
      { sensorId: 'WL-0301', ts: NOW - 10 * MIN, metrics: { depthCm: 42 } },
      { sensorId: 'WL-0302', ts: NOW - 10 * MIN, metrics: { depthCm: 55 } },
      { sensorId: 'WL-0303', ts: NOW - 10 * MIN, metrics: { depthCm: 3 } },
    ]);
    // Telemetry as the collectors write it: raw policy, measurement per domain, tags.
    const lines = ['WL-0301', 'WL-0302', 'WL-0303'].flatMap((id, a) =>
      Array.from(
        { length: 30 },
        (_, i) =>
          `waterlogging,assetId=${id},district=120101,kind=underpass depthCm=${a * 10 + i} ${(NOW - (30 - i) * MIN) * 1e6}`,
      ),
    );
    const influx = new URL(process.env.INFLUX_URL ?? 'http://127.0.0.1:8086/cityops');
    const write = await fetch(
      `${influx.origin}/write?db=${h.env.influxDatabase}&rp=raw&precision=ns`,
      {
        method: 'POST',
        body: lines.join('\n'),
        ...(influx.username
          ? {
              headers: {
                authorization: `Basic ${Buffer.from(`${decodeURIComponent(influx.username)}:${decodeURIComponent(influx.password)}`).toString('base64')}`,
              },
            }
          : {}),
      },
    );
    expect(write.status).toBe(204);
    await h.cases([
      aCase('SC-0001'),
      aCase('SC-0002', { category: 'snow_ice', district: '120103' }),
    ]);
    await h.rejections([1, 2, 3].map((i) => rejection('ST-0001', i)));
    const silence = await h.api.post('/api/silences', {
      matchers: { district: '120101' },
      startsAt: new Date(NOW + 60 * MIN).toISOString(),
      endsAt: new Date(NOW + 120 * MIN).toISOString(),
      reason: 'planned',
    });
    expect(silence.status).toBe(201);
    const team = await h.api.post('/api/oncall/teams', {
      id: 'duty',
      name: 'Flood duty',
      members: [
        {
          id: 'zhang',
          displayName: 'Zhang',
          contacts: [{ kind: 'email', address: 'z@example.test' }],
        },
      ],
    });
    expect(team.status).toBe(201);
    expect((await h.incidents()).length).toBeGreaterThanOrEqual(2);
    routes = liveRoutes(h.app).filter((r) => r.method === 'GET');
    before = await state();
    expect(before.counts.incidents).toBeGreaterThanOrEqual(2);
    expect(before.measurements).toContain('waterlogging');
    const telemetry = await h.api.get<{ points: unknown[] }>(
      '/api/telemetry/WL-0301?metric=depthCm',
    );
    expect(telemetry.body.points.length).toBeGreaterThan(0);
  });

  afterAll(async () => {
    console.log(tally.report());
    await h?.stop();
  });

  const get = async (route: HostileRoute, label: string, path: string): Promise<void> => {
    tally.add('injection GET');
    try {
      const response = await fetch(`${h.api.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${h.api.token}` },
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const answer = {
        status: response.status,
        text,
        json,
        contentType: response.headers.get('content-type') ?? '',
      };
      if (!findings.check(route.key, label, answer, { ok: [200] })) return;
      if (answer.status === 200) {
        const rows = rowsOf(answer);
        if (rows !== null && rows > 0)
          findings.fail(
            route.key,
            label,
            `${rows} rows for a value no row holds: ${text.slice(0, 200)}`,
          );
      }
    } catch (error) {
      findings.fail(route.key, label, `request failed: ${String(error)}`);
    }
  };

  /** Parameters that do not filter rows (paging, grouping, resolution): a 200 may list rows. */
  const NOT_FILTERS = new Set(['limit', 'cursor', 'groupBy', 'step', 'from', 'to', 'at']);

  it('takes every filter value as a literal or refuses it: never a 5xx, never a row it does not match', async () => {
    const values = injectionStrings();
    const filtered = routes.filter((r) => r.queryKeys.length > 0);
    expect(filtered.map((r) => r.key)).toEqual(
      expect.arrayContaining([
        'GET /api/incidents',
        'GET /api/incidents/stats',
        'GET /api/incidents/export.csv',
        'GET /api/cases',
        'GET /api/quarantine',
        'GET /api/telemetry/:sensorId',
      ]),
    );
    for (const route of filtered) {
      // Path parameters are real ones here where a route needs them (telemetry of a seeded sensor).
      const path = pathOf(route, { sensorId: 'WL-0301' });
      for (const key of route.queryKeys)
        for (const value of values) {
          const label = `${key}=${value}`;
          const url = `${path}?${encodeAny(key)}=${encodeAny(value)}`;
          if (NOT_FILTERS.has(key)) {
            tally.add('injection GET');
            const response = await fetch(`${h.api.baseUrl}${url}`, {
              headers: { authorization: `Bearer ${h.api.token}` },
            });
            const text = await response.text();
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            findings.check(
              route.key,
              label,
              {
                status: response.status,
                text,
                json,
                contentType: response.headers.get('content-type') ?? '',
              },
              { ok: [200] },
            );
          } else await get(route, label, url);
        }
    }
    expect(findings.list()).toEqual([]);
  });

  it('takes every path parameter of the GET routes as a literal too', async () => {
    for (const route of routes.filter((r) => r.params.length > 0 && !r.path.startsWith('/ack/')))
      for (const param of route.params)
        for (const value of injectionStrings())
          await get(route, `:${param}=${value}`, pathOf(route, { [param]: value }));
    expect(findings.list()).toEqual([]);
  });

  it('finds what it seeded untouched: no row, table, measurement, series or database more or less', async () => {
    expect(await state()).toEqual(before);
    expect((await h.api.get('/api/health/ready')).status).toBe(200);
  });

  it('prints how many inputs it tried per entry point', () => {
    expect(tally.count('injection GET')).toBeGreaterThanOrEqual(1_000);
  });
});
