import type { Rejection } from '@cityops/contracts';
import {
  deepJsonText,
  hostileCoordinates,
  hostileJsonValues,
  HostileTally,
  mutateRecord,
} from '@cityops/hostile';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningCollectors } from '../../src/app.js';
import { referenceCase } from '../integration/support/fake-case-system.js';
import { tianjinIso } from '../integration/support/fake-scada.js';
import { CollectorHarness, waitFor } from '../integration/support/harness.js';
import { testSources } from '../integration/support/source-settings.js';
import { freePort } from '../integration/support/tcp-proxy.js';
import {
  hang,
  hangMidBody,
  json,
  reset,
  ScriptedServer,
  slow,
  text,
  type Answer,
} from './scripted-server.js';
import {
  expectHealthy,
  expectReasoned,
  observabilityOn,
  startLogged,
  watchProcessErrors,
} from './support.js';

const FETCH_TIMEOUT_MS = 400;
const tally = new HostileTally();

/** Answers that are not a page of `key` at all: each must fail one poll, keep the cursor and cost a retry. */
function brokenPages(key: string, goodItems: unknown[]): { label: string; answer: Answer }[] {
  const page = JSON.stringify({ [key]: goodItems, next: 'X1' });
  const bodies = hostileJsonValues().filter((v) => !/^(deep|wide|long)/.test(v.label));
  return [
    { label: 'truncated JSON', answer: text(page.slice(0, Math.floor(page.length / 2))) },
    { label: 'empty body', answer: text('') },
    { label: 'NaN in the JSON', answer: text(`{"${key}":[NaN],"next":"X1"}`) },
    {
      label: 'HTML error page with 200',
      answer: text('<html><body><h1>Service Unavailable</h1></body></html>', 200, 'text/html'),
    },
    {
      label: 'HTTP 500 with HTML',
      answer: text('<html>Internal Server Error</html>', 500, 'text/html'),
    },
    { label: 'HTTP 502', answer: text('Bad Gateway', 502, 'text/plain') },
    { label: 'HTTP 503 with a JSON error', answer: json({ error: 'maintenance' }, 503) },
    { label: 'HTTP 404', answer: text('not found', 404, 'text/plain') },
    { label: 'HTTP 429', answer: text('slow down', 429, 'text/plain') },
    { label: 'HTTP 401', answer: text('', 401) },
    {
      label: 'redirect loop',
      answer: (req, res) => res.writeHead(302, { location: req.url ?? '/' }).end(),
    },
    { label: 'connection reset', answer: reset },
    { label: 'no answer (timeout)', answer: hang },
    { label: 'headers then half a body, then nothing', answer: hangMidBody(`{"${key}":[`) },
    {
      label: 'answer slower than the timeout',
      answer: slow(FETCH_TIMEOUT_MS * 3, json({ [key]: goodItems, next: 'X1' })),
    },
    ...bodies.map((b) => ({ label: `body = ${b.label}`, answer: json(b.value) })),
    { label: `${key} not an array`, answer: json({ [key]: 'x', next: 'X1' }) },
    { label: `${key} null`, answer: json({ [key]: null, next: 'X1' }) },
    { label: `${key} an object`, answer: json({ [key]: { a: 1 }, next: 'X1' }) },
    { label: 'next a number', answer: json({ [key]: goodItems, next: 5 }) },
    { label: 'next an object', answer: json({ [key]: goodItems, next: { after: 1 } }) },
    { label: 'next of 1 000 chars', answer: json({ [key]: goodItems, next: 'n'.repeat(1000) }) },
    {
      label: '10 001 items (over the page maximum)',
      answer: json({ [key]: Array(10_001).fill(0), next: 'X1' }),
    },
    { label: 'deep JSON (depth 100 000)', answer: text(deepJsonText(100_000)) },
    { label: 'huge body (20 MB, not JSON)', answer: text(Buffer.alloc(20 * 1024 * 1024, 0x78)) },
    { label: 'UTF-16 JSON', answer: text(Buffer.from(page, 'utf16le')) },
  ];
}

describe('HTTP pull sources against a hostile source system (real Redis and InfluxDB)', () => {
  let h: CollectorHarness;
  let server: ScriptedServer;
  let collector: RunningCollectors;
  let log: string[];
  const watch = watchProcessErrors();

  beforeEach(async () => {
    h = await new CollectorHarness().setUp();
    server = await new ScriptedServer().start();
  });
  afterEach(async () => {
    await h.tearDown();
    await server.stop();
  });
  afterAll(() => {
    watch.stop();
    console.log(`\nHTTP source hostile inputs\n${tally.report()}\n`);
  });

  const start = async (kind: 'heating-http' | 'sanitation-http', pageLimit: number) => {
    const sources = testSources([kind], { sanitationUrl: `${server.url}/sanitation` });
    ({ collector, log } = startLogged(
      h,
      { sources, observability: observabilityOn(await freePort(), kind), pageLimit },
      (config) => ({
        ...config,
        heating: {
          ...config.heating,
          sourceUrl: `${server.url}/heating`,
          fetchTimeoutMs: FETCH_TIMEOUT_MS,
        },
        sources: {
          ...config.sources!,
          sanitationHttp: {
            ...config.sources!.sanitationHttp,
            pageLimit,
            fetchTimeoutMs: FETCH_TIMEOUT_MS,
          },
        },
      }),
    ));
  };
  const scriptUsed = (path: string) =>
    waitFor(
      `every scripted answer on ${path} used`,
      () => server.pending(path) === 0,
      40_000,
    ).catch((err: unknown) => {
      console.log(log.slice(0, 20).join('\n'));
      throw err;
    });
  const rejections = () => h.redis.allRejections();

  it('heating: survives broken pages, quarantines the bad readings of a mixed page, keeps the good ones, and rests on a paging loop', async () => {
    const goods = Array.from({ length: 20 }, (_, i) => ({
      sensorId: `IS-G${i}`,
      ts: tianjinIso(40 + i),
      metrics: { indoorTempC: 18 + i / 10 },
    }));
    const valid = { sensorId: 'IS-0001', ts: tianjinIso(30), metrics: { indoorTempC: 20.5 } };
    const variants = mutateRecord(valid, { seed: 11, count: 100 });
    // Each variant that still names the sensor gets a registered sensor of its own.
    const own = new Map<string, (typeof variants)[number]>();
    const items = variants.map((v, i) => {
      const value = v.value as { sensorId?: unknown } | null;
      if (typeof value === 'object' && value !== null && value.sensorId === 'IS-0001') {
        own.set(`IS-H${i}`, v);
        return { ...value, sensorId: `IS-H${i}` };
      }
      return v.value;
    });
    const anonymous = items.length - own.size;
    const assets: Record<string, { domain: string; kind: string; district: string }> = {};
    for (const id of [...own.keys(), ...goods.map((g) => g.sensorId)])
      assets[id] = { domain: 'heating', kind: 'indoor_sensor', district: '120101' };
    await h.redis.registerAssets(assets);

    const broken = brokenPages('readings', goods);
    const mixed = [...goods, ...items].map((x) => JSON.stringify(x) ?? 'null');
    // A reading nested 20 000 deep cannot be serialised again for its quarantine record.
    mixed.push(deepJsonText(20_000));
    const pageLimit = 5;
    const loopPage = (after: string | null) =>
      json({ readings: goods.slice(0, pageLimit), next: after === 'L1' ? 'L2' : 'L1' });
    server.script(
      '/heating/readings',
      [...broken.map((b) => b.answer), text(`{"readings":[${mixed.join(',')}],"next":"P1"}`)],
      (_req, res, url) => loopPage(url.searchParams.get('after'))(_req, res, url),
    );
    await start('heating-http', pageLimit);
    await scriptUsed('/heating/readings');
    tally.add('heating pages (broken envelope)', broken.length);
    tally.add('heating readings (mixed page)', mixed.length);
    expect(mixed.length).toBeGreaterThanOrEqual(300);

    // The broken pages never moved the cursor: the mixed page was asked for without one too.
    const firstAfterMixed = broken.length + 1;
    await waitFor(
      'the request after the mixed page',
      () => server.requests.length > firstAfterMixed,
    );
    expect(
      server.requests.slice(0, firstAfterMixed).every((r) => !r.query.includes('after=')),
    ).toBe(true);
    expect(server.requests[firstAfterMixed]!.query).toContain('after=P1');

    const goodIds = new Set(goods.map((g) => g.sensorId));
    let points: Record<string, unknown>[] = [];
    let rejected: Rejection[] = [];
    const unaccounted = () => {
      const r = new Set(rejected.map((x) => x.sensorId));
      const w = new Set(points.map((p) => p.assetId));
      return [...own.keys()].filter((id) => !r.has(id) && !w.has(id));
    };
    await waitFor(
      'the good readings and every variant accounted for',
      async () => {
        points = await h.influx.points('heating');
        rejected = await rejections();
        return (
          points.filter((p) => goodIds.has(p.assetId as string)).length === goods.length &&
          unaccounted().length === 0
        );
      },
      20_000,
    ).catch(() => undefined);
    expect(unaccounted().map((id) => own.get(id)!.label)).toEqual([]);
    const goodPoints = points.filter((p) => goodIds.has(p.assetId as string));
    expect(goodPoints).toHaveLength(goods.length);
    for (const p of goodPoints)
      expect(p.indoorTempC).toBe(18 + Number((p.assetId as string).slice(4)) / 10);
    const mustReject = [...own].filter(([, v]) => v.mutation === 'remove').map(([id]) => id);
    const written = new Set(points.map((p) => p.assetId));
    expect(mustReject.filter((id) => written.has(id))).toEqual([]);
    // The rest (sensor id changed, removed or the whole reading not an object) are all refused.
    const others = rejected.filter(
      (r) => !own.has(r.sensorId ?? '') && !goodIds.has(r.sensorId ?? ''),
    );
    expect(others.length).toBeGreaterThanOrEqual(anonymous + 1);
    expect(others.some((r) => r.payload === '(not serialisable: nested too deep)')).toBe(true);
    expectReasoned(rejected);

    // The paging loop L1 → L2 → L1: the poller rests between rounds instead of spinning.
    const before = server.count('/heating/readings');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const loopRequests = server.count('/heating/readings') - before;
    tally.add('heating pages (paging loop)', loopRequests);
    expect(loopRequests).toBeGreaterThan(0);
    expect(loopRequests).toBeLessThan(60);
    expect(log.some((l) => l.includes('keeps paging'))).toBe(true);
    await expectHealthy(collector);
    expect(watch.errors).toEqual([]);
  });

  it('sanitation: survives broken pages, quarantines bad cases and coordinates, keeps the good cases, and endless paging', async () => {
    const goods = Array.from({ length: 15 }, (_, i) => referenceCase(`SC-G${i}`, 100 - i));
    const valid = referenceCase('SC-H', 30);
    const variants = mutateRecord(valid as unknown as Record<string, unknown>, {
      seed: 12,
      count: 60,
    });
    const own = new Map<string, { label: string; mustReject: boolean }>();
    // Variants that name a case get an id of their own; a variant with another string id is
    // tracked by that id; one with no usable id (or not an object) must be refused anonymously.
    let anonymous = 0;
    const items: unknown[] = variants.map((v, i) => {
      const value = v.value as { id?: unknown } | null;
      const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
      if (isObject && value.id === 'SC-H') {
        own.set(`SC-H${i}`, {
          label: v.label,
          mustReject: v.mutation === 'remove' && v.path !== 'district' && v.path !== 'description',
        });
        return { ...value, id: `SC-H${i}` };
      }
      if (isObject && typeof value.id === 'string' && value.id !== '')
        own.set(value.id.slice(0, 200), { label: v.label, mustReject: false });
      else anonymous += 1;
      return v.value;
    });
    for (const [i, c] of hostileCoordinates().entries()) {
      const { lng, lat } = c.value as { lng: unknown; lat: unknown };
      own.set(`SC-C${i}`, { label: `coordinates: ${c.label}`, mustReject: true });
      items.push({ ...referenceCase(`SC-C${i}`, 20), lng, lat, district: undefined });
    }
    const broken = brokenPages('cases', goods);
    const pageLimit = 3;
    let n = 0;
    server.script(
      '/sanitation/cases',
      [
        ...broken.map((b) => b.answer),
        json({ cases: [...goods, ...items], next: tianjinIso(3600) }),
      ],
      // Endless paging: always a full page and a `next` never seen before.
      (req, res, url) =>
        json({ cases: goods.slice(0, pageLimit), next: `${tianjinIso(3000 - n++)}` })(
          req,
          res,
          url,
        ),
    );
    await start('sanitation-http', pageLimit);
    await scriptUsed('/sanitation/cases');
    tally.add('sanitation pages (broken envelope)', broken.length);
    tally.add('sanitation cases (mixed page)', goods.length + items.length);
    expect(items.length).toBeGreaterThanOrEqual(500);

    const goodIds = new Set(goods.map((g) => g.id));
    let upserted: string[] = [];
    let rejected: Rejection[] = [];
    const unaccounted = () => {
      const r = new Set(rejected.map((x) => x.sensorId));
      const u = new Set(upserted);
      return [...own.keys()].filter((id) => !r.has(id) && !u.has(id));
    };
    await waitFor(
      'the good cases and every variant accounted for',
      async () => {
        upserted = (await h.redis.upsertCaseJobs()).flatMap((j) => j.data.cases.map((c) => c.id));
        rejected = await rejections();
        return [...goodIds].every((id) => upserted.includes(id)) && unaccounted().length === 0;
      },
      20_000,
    ).catch(() => undefined);
    expect(unaccounted().map((id) => own.get(id)!.label)).toEqual([]);
    expect([...goodIds].filter((id) => !upserted.includes(id))).toEqual([]);
    const wronglyKept = [...own]
      .filter(([id, v]) => v.mustReject && upserted.includes(id))
      .map(([, v]) => v.label);
    expect(wronglyKept).toEqual([]);
    expect(rejected.filter((r) => r.sensorId === null).length).toBeGreaterThanOrEqual(anonymous);
    expect(
      rejected
        .filter((r) => r.sensorId?.startsWith('SC-C'))
        .every((r) => ['outside_city', 'schema_invalid'].includes(r.reason)),
    ).toBe(true);
    expectReasoned(rejected);
    const points = await h.influx.points('sanitation_cases');
    expect(new Set(points.map((p) => p.caseId)).size).toBeGreaterThanOrEqual(goods.length);

    // Endless paging goes on without a crash, the collector stays healthy.
    const before = server.count('/sanitation/cases');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const endless = server.count('/sanitation/cases') - before;
    tally.add('sanitation pages (endless paging)', endless);
    expect(endless).toBeGreaterThan(0);
    await expectHealthy(collector);
    expect(watch.errors).toEqual([]);
  });
});
