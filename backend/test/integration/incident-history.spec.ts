import { randomUUID } from 'node:crypto';
import {
  type ApiError,
  INCIDENT_CSV_HEADER,
  type Incident,
  type IncidentPage,
  type IncidentStats,
  IncidentStatsSchema,
  type SanitationCase,
  parseCsv,
} from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineHarness } from './support/pipeline-harness.js';
import { DATABASE_KINDS } from './support/test-env.js';

/** The supervisor's history page: list filters, CSV export and per-day statistics. */

const HOSTILE_NAME = `=cmd|' /C calc'!A0`;
const ASSETS = `
IS-0001,heating,indoor_sensor,南京路 3 号楼 501,,117.197,39.119,
IS-0002,heating,indoor_sensor,南京路 3 号楼 502,,117.197,39.119,
WL-0001,waterlogging,underpass,河东下穿,,117.227,39.122,
WL-0666,waterlogging,underpass,"${HOSTILE_NAME}",,117.227,39.122,
`;

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** The calendar day in Shanghai: 2026-11-26. */
const shanghaiDay = (ms: number) => dayFormat.format(ms);
/** Yesterday's midnight in Shanghai (16:00 UTC the day before). */
const MIDNIGHT = Date.parse(`${shanghaiDay(NOW)}T00:00:00+08:00`) - DAY;
const T_BEFORE_MIDNIGHT = MIDNIGHT - 30 * MIN;
const T_AFTER_MIDNIGHT = MIDNIGHT + 30 * MIN;
const T_SANITATION = NOW - 3 * H;

const aCase = (id: string, overrides: Partial<SanitationCase>): SanitationCase => ({
  id,
  category: 'garbage_pile',
  source: 'hotline',
  status: 'open',
  reportedAt: NOW - 4 * H,
  updatedAt: NOW - 4 * H,
  dueAt: NOW + 2 * H,
  lng: 117.196,
  lat: 39.118,
  district: '120101',
  description: '',
  ...overrides,
});

describe.each(DATABASE_KINDS)('incident history - /api/incidents (%s)', (databaseKind) => {
  let h: PipelineHarness;
  let acknowledgedByAdmin: Incident;
  let resolvedBySystem: Incident;
  const ids = { garbage: randomUUID(), ice: randomUUID() };

  const list = async (query: string) => {
    const { status, body } = await h.api.get<IncidentPage>(`/api/incidents?${query}`);
    expect(status).toBe(200);
    return body.items;
  };
  const stats = async (query: string) => {
    const { status, body } = await h.api.get<IncidentStats>(`/api/incidents/stats?${query}`);
    expect(status).toBe(200);
    return IncidentStatsSchema.parse(body);
  };
  /** The raw download: fetch's text() would drop the BOM, so the bytes are read. */
  const download = async (query: string, token: string | null = h.api.token) => {
    const response = await fetch(`${h.api.baseUrl}/api/incidents/export.csv?${query}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    return { response, bytes, text };
  };
  const csvRows = (text: string) => {
    const [header, ...rows] = parseCsv(text);
    expect(header!.fields).toEqual([...INCIDENT_CSV_HEADER]);
    return rows.map((r) =>
      Object.fromEntries(INCIDENT_CSV_HEADER.map((column, i) => [column, r.fields[i]])),
    );
  };

  beforeAll(async () => {
    h = await PipelineHarness.start(databaseKind, ASSETS);
    await h.readings([
      { sensorId: 'IS-0001', ts: T_BEFORE_MIDNIGHT, metrics: { indoorTempC: 15 } }, // orange
      { sensorId: 'IS-0002', ts: T_AFTER_MIDNIGHT, metrics: { indoorTempC: 17 } }, // blue
      { sensorId: 'IS-0002', ts: T_AFTER_MIDNIGHT + 20 * MIN, metrics: { indoorTempC: 19 } }, // clears
      { sensorId: 'WL-0001', ts: NOW - 40 * MIN, metrics: { depthCm: 26 } }, // red, open
      { sensorId: 'WL-0666', ts: NOW - 20 * MIN, metrics: { depthCm: 26 } }, // red, hostile name
    ]);
    const cold = (await h.incidentOf('IS-0001'))!;
    expect((await h.api.post(`/api/incidents/${cold.id}/acknowledge`, {})).status).toBe(200);
    const resolved = await h.as('supervisor', 'zhang').post(`/api/incidents/${cold.id}/resolve`, {
      note: '已恢复',
    });
    expect(resolved.status).toBe(200);
    acknowledgedByAdmin = resolved.body as Incident;
    resolvedBySystem = (await h.incidentOf('IS-0002', 'resolved'))!;

    await h.cases([
      aCase('SC-GARBAGE', {}),
      aCase('SC-ICE', {
        category: 'snow_ice',
        status: 'closed',
        reportedAt: NOW - 5 * H,
        updatedAt: NOW - 4 * H,
        district: '120102',
        lng: 117.227,
        lat: 39.122,
      }),
    ]);
    // Sanitation incidents about one case each (as the case rules raise them on the tick).
    for (const [id, caseId, title] of [
      [ids.garbage, 'SC-GARBAGE', '@SUM(1+1)*cmd|"/C calc"!A0'],
      [ids.ice, 'SC-ICE', '-2+3 道路结冰'],
    ] as const) {
      await h.db.query(
        `INSERT INTO incidents (id, key, domain, rule_id, asset_id, asset_name, district, severity,
           status, title, metric, opened_at, updated_at)
         VALUES ($1, $2, 'sanitation', 'sanitation-overdue', $3, $3, '120101', 'yellow', 'open', $4,
           NULL, $5, now())`,
        [id, `sanitation-overdue|${caseId}`, caseId, title, new Date(T_SANITATION)],
      );
    }
  });

  afterAll(async () => {
    await h?.stop();
  });

  describe('list filters', () => {
    it('carries who acknowledged and who resolved each incident', () => {
      expect(acknowledgedByAdmin).toMatchObject({
        status: 'resolved',
        acknowledgedBy: 'admin',
        resolvedBy: 'zhang',
      });
      expect(resolvedBySystem).toMatchObject({ acknowledgedBy: null, resolvedBy: 'system' });
    });

    it('keeps the incidents a user acknowledged or resolved (handledBy)', async () => {
      expect((await list('handledBy=zhang')).map((i) => i.id)).toEqual([acknowledgedByAdmin.id]);
      expect((await list('handledBy=admin')).map((i) => i.id)).toEqual([acknowledgedByAdmin.id]);
      expect((await list('handledBy=system')).map((i) => i.id)).toEqual([resolvedBySystem.id]);
      expect(await list('handledBy=nobody')).toEqual([]);
      // Combined with the others, and spaces around the name are not part of it.
      expect(await list('handledBy=%20zhang%20&status=resolved&domain=heating')).toHaveLength(1);
      expect(await list('handledBy=zhang&domain=waterlogging')).toEqual([]);
    });

    it('keeps sanitation incidents about cases of a category', async () => {
      expect((await list('category=garbage_pile')).map((i) => i.id)).toEqual([ids.garbage]);
      expect((await list('category=garbage_pile,snow_ice')).map((i) => i.id).sort()).toEqual(
        [ids.garbage, ids.ice].sort(),
      );
      expect(await list('category=toilet')).toEqual([]);
    });

    it.each([
      ['category=parking', 'category'],
      ['handledBy=', 'handledBy'],
      ['handledBy=%20%20', 'handledBy'],
      [`handledBy=${'x'.repeat(101)}`, 'handledBy'],
    ])('answers 400 to %s', async (query, path) => {
      const { status, body } = await h.api.get<ApiError>(`/api/incidents?${query}`);
      expect(status).toBe(400);
      expect(body.details!.join('\n')).toContain(path);
    });
  });

  describe('statistics per day and with filters - /api/incidents/stats', () => {
    it('groups by the calendar day in Asia/Shanghai, not in UTC', async () => {
      // Both lie on the same UTC date, on either side of midnight in Shanghai.
      expect(iso(T_BEFORE_MIDNIGHT).slice(0, 10)).toBe(iso(T_AFTER_MIDNIGHT).slice(0, 10));
      const s = await stats('groupBy=day');
      expect(s.groupBy).toBe('day');
      const expected = new Map<string, number>();
      for (const t of [
        T_BEFORE_MIDNIGHT,
        T_AFTER_MIDNIGHT,
        NOW - 40 * MIN,
        NOW - 20 * MIN,
        T_SANITATION,
        T_SANITATION,
      ])
        expected.set(shanghaiDay(t), (expected.get(shanghaiDay(t)) ?? 0) + 1);
      expect(Object.fromEntries(s.groups.map((g) => [g.key, g.total]))).toEqual(
        Object.fromEntries(expected),
      );
      // Sorted by day; the keys are dates.
      expect(s.groups.map((g) => g.key)).toEqual([...expected.keys()].sort());
      expect(s.groups.every((g) => /^\d{4}-\d{2}-\d{2}$/.test(g.key!))).toBe(true);
      const before = s.groups.find((g) => g.key === shanghaiDay(T_BEFORE_MIDNIGHT))!;
      expect(before.bySeverity.orange).toBe(1);
      expect(before.mttaSeconds).toBeGreaterThan(0);
      const after = s.groups.find((g) => g.key === shanghaiDay(T_AFTER_MIDNIGHT))!;
      expect(after).toMatchObject({ bySeverity: { blue: 1 }, resolved: 1, mttrSeconds: 1200 });
      // Cases count on the day they were reported.
      expect(s.total.cases).toMatchObject({ total: 2, closed: 1 });
      expect(s.total.total).toBe(6);
    });

    it('narrows incidents by the list filters, and cases by district and category', async () => {
      const heating = await stats('groupBy=domain&domain=heating');
      expect(heating.groups.map((g) => g.key)).toEqual(['heating']);
      expect(heating.total).toMatchObject({ total: 2, cases: null });

      const byUser = await stats('groupBy=day&handledBy=zhang');
      expect(byUser.total).toMatchObject({ total: 1, acknowledged: 1, resolved: 1 });

      const hepingRed = await stats('groupBy=district&district=120101&severity=orange,blue');
      expect(hepingRed.groups.map((g) => g.key)).toEqual(['120101']);
      expect(hepingRed.total).toMatchObject({ total: 2, cases: { total: 1 } });

      const ice = await stats('groupBy=category&category=snow_ice');
      expect(ice.groups.map((g) => [g.key, g.total, g.cases?.total])).toEqual([['snow_ice', 1, 1]]);

      const open = await stats('groupBy=domain&status=open');
      expect(open.total.byStatus).toEqual({ open: 4, acknowledged: 0, resolved: 0 });
    });

    it.each([
      ['groupBy=week', 'groupBy'],
      ['groupBy=day&domain=parking', 'domain'],
      ['groupBy=day&handledBy=', 'handledBy'],
      ['groupBy=day&cursor=abc', '(body)'],
    ])('answers 400 to %s', async (query, path) => {
      const { status, body } = await h.api.get<ApiError>(`/api/incidents/stats?${query}`);
      expect(status).toBe(400);
      expect(body.details!.join('\n')).toContain(path);
    });
  });

  describe('CSV export - /api/incidents/export.csv', () => {
    it('answers UTF-8 CSV with a BOM, the header, and every incident newest first', async () => {
      const { response, bytes, text } = await download('');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="incidents-\d{8}-\d{4}\.csv"$/,
      );
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(text.charCodeAt(0)).toBe(0xfeff);
      expect(text.slice(1, 40)).toBe(`${INCIDENT_CSV_HEADER.join(',')}\r\n`.slice(0, 39));
      const rows = csvRows(text);
      expect(rows).toHaveLength(6);
      expect(response.headers.get('x-export-rows')).toBe('6');
      expect(response.headers.get('x-export-total')).toBe('6');
      expect(response.headers.get('x-export-truncated')).toBe('false');
      // Newest first, as the list.
      const listed = await list('limit=500');
      expect(rows.map((r) => r.id)).toEqual(listed.map((i) => i.id));

      const cold = rows.find((r) => r.id === acknowledgedByAdmin.id)!;
      expect(cold).toMatchObject({
        severity: 'orange',
        domain: 'heating',
        district: '120101',
        districtName: '和平区',
        status: 'resolved',
        assetId: 'IS-0001',
        assetName: '南京路 3 号楼 501',
        acknowledgedBy: 'admin',
        resolvedBy: 'zhang',
      });
      // The city's wall clock, to the second.
      expect(cold.openedAt).toBe(
        `${shanghaiDay(T_BEFORE_MIDNIGHT)} ${new Date(T_BEFORE_MIDNIGHT + 8 * H).toISOString().slice(11, 19)}`,
      );
      expect(Number(cold.ttrSeconds)).toBeGreaterThanOrEqual(Number(cold.ttaSeconds));
      expect(rows.find((r) => r.id === resolvedBySystem.id)).toMatchObject({
        acknowledgedAt: '',
        acknowledgedBy: '',
        resolvedBy: 'system',
        ttaSeconds: '',
        ttrSeconds: '1200',
      });
    });

    it('neutralises cells that a spreadsheet would run as formulas', async () => {
      const { text } = await download('domain=waterlogging,sanitation');
      const rows = csvRows(text);
      const hostile = rows.find((r) => r.assetId === 'WL-0666')!;
      expect(hostile.assetName).toBe(`'${HOSTILE_NAME}`);
      expect(hostile.title!.startsWith(`'${HOSTILE_NAME}`)).toBe(true);
      expect(rows.find((r) => r.id === ids.garbage)!.title).toBe(`'@SUM(1+1)*cmd|"/C calc"!A0`);
      expect(rows.find((r) => r.id === ids.ice)!.title).toBe(`'-2+3 道路结冰`);
      for (const row of rows)
        for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
    });

    it('applies the same filters as the list', async () => {
      for (const query of [
        'domain=waterlogging',
        'handledBy=zhang',
        'category=snow_ice',
        'status=open&severity=red',
        `district=120101&from=${encodeURIComponent(iso(MIDNIGHT))}&to=${encodeURIComponent(iso(NOW))}`,
      ]) {
        const rows = csvRows((await download(query)).text);
        const listed = await list(`${query}&limit=500`);
        expect(
          rows.map((r) => r.id),
          query,
        ).toEqual(listed.map((i) => i.id));
        expect(rows.length, query).toBeGreaterThan(0);
      }
    });

    it('cuts the rows at the limit and says so in its headers', async () => {
      const { response, text } = await download('limit=2');
      expect(csvRows(text)).toHaveLength(2);
      expect(response.headers.get('x-export-rows')).toBe('2');
      expect(response.headers.get('x-export-total')).toBe('6');
      expect(response.headers.get('x-export-truncated')).toBe('true');
    });

    it('needs a token (401) and a role that acts (display screens get 403)', async () => {
      expect((await download('', null)).response.status).toBe(401);
      expect((await download('', h.as('display').token)).response.status).toBe(403);
      for (const role of ['operator', 'supervisor'] as const)
        expect((await download('', h.as(role).token)).response.status).toBe(200);
    });

    it.each([
      ['domain=parking', 'domain'],
      ['severity=purple', 'severity'],
      ['status=closed', 'status'],
      ['district=12010', 'district'],
      ['category=parking', 'category'],
      ['handledBy=', 'handledBy'],
      ['from=yesterday', 'from'],
      ['from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'from'],
      ['limit=0', 'limit'],
      ['limit=50001', 'limit'],
      ['cursor=abc', '(body)'],
      ['domain=heating&domain=sanitation', 'domain'],
    ])('answers 400 to %s', async (query, path) => {
      const { response, text } = await download(query);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = JSON.parse(text) as ApiError;
      expect(body.details!.join('\n')).toContain(path);
    });
  });
});
