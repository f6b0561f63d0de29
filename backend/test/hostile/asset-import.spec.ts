import type { AssetCollection, AssetImportResult } from '@cityops/contracts';
import {
  HostileTally,
  coordinatesOutsideChina,
  deepObject,
  hostileCoordinates,
  hostileCsvFiles,
  hostileJsonValues,
  mutateRecord,
} from '@cityops/hostile';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HostileBackend, type RawAnswer, jsonText } from './support/backend.js';
import { Findings } from './support/findings.js';

const HEADER = ['id', 'domain', 'kind', 'name', 'district', 'lng', 'lat', 'parentId'];
const IMPORT = '/api/assets/import';
const MiB = 1024 * 1024;

/** A good row: an underpass in Heping district, Tianjin (the district follows from the point). */
const goodRow = (id: string): string[] => [
  id,
  'waterlogging',
  'underpass',
  `解放桥下穿 ${id}`,
  '',
  (117.2 + (id.length % 7) / 1000).toFixed(4),
  '39.13',
  '',
];

/** The assets every hostile import must leave exactly as they are. */
const BASELINE = ['BASE-0001', 'BASE-0002', 'BASE-0003'];

const feature = (id: string, lng: unknown, lat: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lng, lat] },
  properties: { id, domain: 'waterlogging', kind: 'underpass', name: `下穿 ${id}`, ...extra },
});

describe('hostile asset import - POST /api/assets/import (CSV and GeoJSON)', () => {
  let b: HostileBackend;
  let findings = new Findings();
  const tally = new HostileTally();
  let baseline: unknown;

  const assets = async (): Promise<Map<string, unknown>> => {
    const answer = await b.client().get<AssetCollection>('/api/assets');
    return new Map(answer.body.features.map((f) => [f.properties.id, f]));
  };

  const send = async (
    entry: string,
    label: string,
    body: string | Uint8Array,
    contentType: string,
  ): Promise<RawAnswer | null> => {
    tally.add(entry);
    try {
      const answer = await b.send('POST', IMPORT, { token: b.token(), body, contentType });
      findings.check(entry, label, answer, { ok: [200] });
      if (answer.status === 200) {
        const result = answer.json as AssetImportResult;
        for (const r of result.rejected)
          if (!Number.isInteger(r.line) || typeof r.reason !== 'string' || !r.reason.trim())
            findings.fail(entry, label, `a rejection without line or reason: ${jsonText(r)}`);
      }
      return answer;
    } catch (error) {
      findings.fail(entry, label, `request failed: ${String(error)}`);
      return null;
    }
  };

  /** Checks a 200 answer: these ids imported, at least `bad` lines rejected. */
  const expectImported = async (
    entry: string,
    label: string,
    answer: RawAnswer | null,
    ids: string[],
    bad: number,
  ) => {
    if (!answer) return;
    if (answer.status !== 200) {
      if (ids.length) findings.fail(entry, label, `${answer.status}: the good rows were not kept`);
      return;
    }
    const result = answer.json as AssetImportResult;
    if (result.rejected.length < bad)
      findings.fail(entry, label, `${bad} bad rows, ${result.rejected.length} rejected`);
    const now = await assets();
    const missing = ids.filter((id) => !now.has(id));
    if (missing.length)
      findings.fail(entry, label, `good rows not imported: ${missing.join(', ')}`);
  };

  beforeAll(async () => {
    b = await HostileBackend.start();
    const csv = [HEADER, ...BASELINE.map(goodRow)].map((r) => r.join(',')).join('\n');
    const seeded = await b.client().post<AssetImportResult>(IMPORT, `${csv}\n`, 'text/csv');
    expect(seeded.body).toEqual({ imported: 3, rejected: [] });
    const now = await assets();
    baseline = BASELINE.map((id) => now.get(id));
  });

  beforeEach(() => {
    findings = new Findings();
  });

  afterAll(async () => {
    console.log(tally.report());
    await b?.stop();
  });

  it('takes every broken CSV file without a 5xx, keeps the good rows of mixed ones and gives reasons', async () => {
    const count = hostileCsvFiles(HEADER, [goodRow('X-0-1')]).length;
    for (let i = 0; i < count; i++) {
      // Each file gets good rows of its own, so that "imported" is about this file.
      const ids = [`CSV-${i}-1`, `CSV-${i}-2`];
      const file = hostileCsvFiles(HEADER, ids.map(goodRow))[i]!;
      const before = await assets();
      const answer = await send('asset import CSV', file.label, file.bytes, 'text/csv');
      if (file.goodRowCount === ids.length)
        await expectImported('asset import CSV', file.label, answer, ids, file.badRowCount);
      // A file a strict reader refuses as a whole may be read here (an extra column is ignored),
      // but nothing other than its good rows may become an asset.
      const added = [...(await assets()).keys()].filter(
        (id) => !before.has(id) && !ids.includes(id),
      );
      if (added.length)
        findings.fail('asset import CSV', file.label, `imported hostile rows: ${added.join(', ')}`);
    }
    expect(await b.ready()).toBe(200);
    expect(findings.list()).toEqual([]);
  });

  it('rejects wrong coordinates line by line, (0,0) and outside China included, and keeps the good row', async () => {
    const cases = [
      ...hostileCoordinates(),
      ...coordinatesOutsideChina.map(([lng, lat]) => ({
        label: `outside China ${lng},${lat}`,
        value: { lng, lat },
      })),
      { label: 'swapped Tianjin', value: { lng: '39.13', lat: '117.205' } },
      { label: 'NaN text', value: { lng: 'NaN', lat: 'NaN' } },
      { label: 'zero zero text', value: { lng: '0', lat: '0.0' } },
      { label: 'Beijing (China, not Tianjin)', value: { lng: '116.4', lat: '39.9' } },
    ];
    const text = (v: unknown) =>
      v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    for (const [i, c] of cases.entries()) {
      const { lng, lat } = c.value as { lng: unknown; lat: unknown };
      const good = `COORD-${i}-OK`;
      // The hostile row takes a baseline id: a refused row must not move an existing asset.
      const bad = [
        BASELINE[i % BASELINE.length]!,
        ...goodRow('x').slice(1, 5),
        text(lng),
        text(lat),
        '',
      ];
      const csv = [HEADER, goodRow(good), bad].map((r) => r.map(csvCell).join(',')).join('\r\n');
      const answer = await send('asset import coordinates', c.label, csv, 'text/csv');
      await expectImported('asset import coordinates', c.label, answer, [good], 1);
      const rejected = (answer?.json as AssetImportResult | undefined)?.rejected ?? [];
      if (answer?.status === 200 && !rejected.some((r) => r.line === 3))
        findings.fail('asset import coordinates', c.label, `line 3 not rejected: ${answer.text}`);

      const geo = {
        type: 'FeatureCollection',
        features: [feature(`GEO-COORD-${i}-OK`, 117.205, 39.13), feature(BASELINE[0]!, lng, lat)],
      };
      const geoAnswer = await send(
        'asset import coordinates',
        `GeoJSON ${c.label}`,
        jsonText(geo),
        'application/geo+json',
      );
      await expectImported(
        'asset import coordinates',
        `GeoJSON ${c.label}`,
        geoAnswer,
        [`GEO-COORD-${i}-OK`],
        1,
      );
    }
    expect(findings.list()).toEqual([]);
  });

  it('rejects hostile GeoJSON: wrong geometry, missing or hostile properties, deep nesting, wrong shapes', async () => {
    const good = feature('GEO-GOOD-1', 117.205, 39.13);
    const geometries: [string, unknown][] = [
      [
        'LineString',
        {
          type: 'LineString',
          coordinates: [
            [117.2, 39.1],
            [117.3, 39.2],
          ],
        },
      ],
      [
        'Polygon',
        {
          type: 'Polygon',
          coordinates: [
            [
              [117.2, 39.1],
              [117.3, 39.2],
              [117.2, 39.1],
            ],
          ],
        },
      ],
      ['MultiPoint', { type: 'MultiPoint', coordinates: [[117.2, 39.1]] }],
      ['GeometryCollection', { type: 'GeometryCollection', geometries: [] }],
      ['Point without coordinates', { type: 'Point' }],
      ['Point with one number', { type: 'Point', coordinates: [117.2] }],
      ['Point with three numbers', { type: 'Point', coordinates: [117.2, 39.1, 5, 6] }],
      ['Point of strings', { type: 'Point', coordinates: ['117.2', '39.1'] }],
      ['Point nested', { type: 'Point', coordinates: [[117.2, 39.1]] }],
      ['null geometry', null],
      ['geometry string', 'POINT(117.2 39.1)'],
      ['deep geometry', deepObject(3000)],
    ];
    const bad: [string, unknown][] = [
      ...geometries.map(([label, geometry]): [string, unknown] => [
        `geometry ${label}`,
        { ...feature('GEO-BAD', 117.2, 39.1), geometry },
      ]),
      ['no properties', { type: 'Feature', geometry: good.geometry }],
      ['properties null', { ...good, properties: null }],
      ['not a Feature', { ...good, type: 'Point' }],
      ['feature is a string', 'Feature'],
      ['feature is null', null],
      ['deep properties', { ...good, properties: deepObject(3000) }],
      ...mutateRecord(good.properties, { count: 20 }).map((m): [string, unknown] => [
        `properties ${m.label}`,
        { ...good, properties: m.value },
      ]),
    ];
    for (const [label, f] of bad) {
      const body = jsonText({ type: 'FeatureCollection', features: [good, f] });
      const answer = await send('asset import GeoJSON', label, body, 'application/geo+json');
      await expectImported('asset import GeoJSON', label, answer, ['GEO-GOOD-1'], 0);
    }
    const wholes: [string, string][] = [
      ...hostileJsonValues().map((v): [string, string] => [
        `whole body ${v.label}`,
        jsonText(v.value),
      ]),
      ['FeatureCollection without features', '{"type":"FeatureCollection"}'],
      ['features an object', '{"type":"FeatureCollection","features":{}}'],
      ['Feature instead of collection', jsonText(good)],
      ['invalid JSON', '{"type":"FeatureCollection","features":[{'],
      ['deep nesting text', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`],
      ['JSON with BOM', `\ufeff${jsonText({ type: 'FeatureCollection', features: [good] })}`],
    ];
    for (const [label, body] of wholes)
      await send('asset import GeoJSON', label, body, 'application/geo+json');
    expect(await b.ready()).toBe(200);
    expect(findings.list()).toEqual([]);
  });

  it('refuses a file over 50 MiB with 413 naming the limit, and reads one just under it', async () => {
    const row = goodRow('HUGE-OK').join(',');
    const filler = (bytes: number) =>
      `FILL-1,waterlogging,underpass,${'名'.repeat(Math.floor(bytes / 3))},,117.2,39.13,`;
    const over = `${HEADER.join(',')}\n${row}\n${filler(51 * MiB)}\n`;
    const overAnswer = await send('asset import huge', 'CSV over 50 MiB', over, 'text/csv');
    if (overAnswer && (overAnswer.status !== 413 || !/50 MiB/.test(overAnswer.text)))
      findings.fail(
        'asset import huge',
        'CSV over 50 MiB',
        `${overAnswer.status} ${overAnswer.text.slice(0, 200)}`,
      );
    const geoOver = jsonText({
      type: 'FeatureCollection',
      features: [feature('X', 117.2, 39.1, { name: 'n'.repeat(51 * MiB) })],
    });
    const geoAnswer = await send(
      'asset import huge',
      'GeoJSON over 50 MiB',
      geoOver,
      'application/geo+json',
    );
    if (geoAnswer?.status !== 413)
      findings.fail('asset import huge', 'GeoJSON over 50 MiB', String(geoAnswer?.status));
    // Just under the limit: one 49 MiB row (refused with a reason) and the good row (kept).
    const under = `${HEADER.join(',')}\n${row}\n${filler(49 * MiB)}\n`;
    const underAnswer = await send('asset import huge', 'CSV just under 50 MiB', under, 'text/csv');
    await expectImported('asset import huge', 'CSV just under 50 MiB', underAnswer, ['HUGE-OK'], 1);
    // 100 000 short rows, the most one import takes, and one more.
    const many = (n: number) =>
      `${HEADER.join(',')}\n${Array.from({ length: n }, (_, i) => `MANY-${i},waterlogging,nonsense-kind,x,,117.2,39.13,`).join('\n')}\n`;
    await send('asset import huge', '100 001 rows', many(100_001), 'text/csv');
    expect(await b.ready()).toBe(200);
    expect(findings.list()).toEqual([]);
  });

  it('sends the import in every wrong content type and charset with a reason', async () => {
    const csv = `${HEADER.join(',')}\n${goodRow('CT-1').join(',')}\n`;
    const types = [
      'application/json',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'text/csv; charset=gbk',
      'text/csv; charset=utf-16le',
      'text/csv; charset=klingon',
      'text/html',
      'image/png',
    ];
    for (const type of types) await send('asset import CSV', `content type ${type}`, csv, type);
    expect(findings.list()).toEqual([]);
  });

  it('leaves the assets it had before exactly as they were', async () => {
    const now = await assets();
    expect(BASELINE.map((id) => now.get(id))).toEqual(baseline);
  });

  it('prints how many inputs it tried per entry point', () => {
    expect(tally.count('asset import CSV')).toBeGreaterThanOrEqual(45);
    expect(tally.count('asset import coordinates')).toBeGreaterThanOrEqual(60);
    expect(tally.count('asset import GeoJSON')).toBeGreaterThanOrEqual(100);
    expect(tally.total()).toBeGreaterThanOrEqual(250);
  });
});

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
