import type { SanitationCase } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../observability/logger.js';
import { PageFormatError } from '../../sources/http-poll/cursor-page.js';
import { caseFromCsvRecord } from './case-csv.js';
import { CaseIngestor } from './case-ingestor.js';
import { casesContentKey, inUpdateOrder } from './case-jobs.js';
import { caseDeadline, caseLine, casePoint, caseTimestampNs } from './case-points.js';
import { checkCase, validateCases } from './case-validation.js';
import {
  parseSanitationPage,
  sanitationCasesUrl,
  sanitationSourceName,
} from './sanitation-http-source.js';

const NOW = Date.parse('2026-11-26T10:00:00+08:00');
const raw = {
  id: 'SC-20261126-0001',
  category: 'garbage_pile',
  source: 'hotline',
  status: 'open',
  reportedAt: '2026-11-26T08:00:00+08:00',
  updatedAt: '2026-11-26T08:05:00+08:00',
  dueAt: '2026-11-26T16:00:00+08:00',
  lng: 117.196,
  lat: 39.118,
  description: '路边垃圾堆放',
};
const ctx = { source: 'sanitation-http:test', now: NOW };
const parsed = (over: Partial<typeof raw> = {}): SanitationCase => {
  const result = checkCase(
    { ...raw, ...over },
    { ...ctx, now: Date.parse('2026-12-01T00:00:00Z') },
  );
  if (!result.ok) throw new Error(result.detail);
  return result.case;
};

describe('checkCase', () => {
  it('accepts a reference case and derives its district', () => {
    expect(parsed()).toMatchObject({ id: raw.id, district: '120101', status: 'open' });
  });

  it.each([
    [{ lng: 0, lat: 0 }, 'outside_city'],
    [{ lng: -76.61, lat: 39.29 }, 'outside_city'],
    [{ reportedAt: '04/12/2018 11:11:26 AM' }, 'schema_invalid'],
    [{ updatedAt: '2026-11-26 08:05' }, 'schema_invalid'],
    [{ category: 'noise' }, 'schema_invalid'],
    [{ dueAt: '2026-11-25T00:00:00Z' }, 'schema_invalid'],
    [{ updatedAt: '2026-11-26T11:00:00+08:00' }, 'future_timestamp'],
  ] as const)('refuses %j as %s', (over, reason) => {
    const result = checkCase({ ...raw, ...over }, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it.each([
    [{ lng: [117.196], lat: [39.118] }],
    [{ lng: '0x75', lat: '0x27' }],
    [{ lng: true, lat: true }],
    [{ lng: '', lat: '' }],
    [{ lng: '117.196abc', lat: '39.118' }],
  ])('refuses coordinates Number() would coerce: %j', (over) => {
    const result = checkCase({ ...raw, ...(over as object) }, ctx);
    expect(result).toMatchObject({ ok: false, reason: 'schema_invalid' });
  });

  it('takes coordinates as decimal text (CSV cells)', () => {
    expect(
      parsed({ lng: ' 117.196 ' as unknown as number, lat: '39.118' as unknown as number }),
    ).toMatchObject({ lng: 117.196, lat: 39.118 });
  });

  it('records the case id with a rejection and keeps the good cases of a batch', () => {
    const verdicts = validateCases([{ ...raw, lng: 0, lat: 0 }, raw, 'junk'], ctx);
    expect(verdicts.map((v) => (v.case ? 'ok' : v.rejection!.reason))).toEqual([
      'outside_city',
      'ok',
      'schema_invalid',
    ]);
    expect(verdicts[0]!.rejection).toMatchObject({ sensorId: raw.id, source: ctx.source });
    expect(verdicts[2]!.rejection!.sensorId).toBeNull();
  });
});

describe('case points', () => {
  it('counts an open case down to its due time and calls it overdue after it', () => {
    const c = parsed();
    expect(caseDeadline(c, NOW)).toEqual({ overdue: false, dueInMin: 360 });
    expect(caseDeadline(c, Date.parse('2026-11-26T17:00:00+08:00'))).toEqual({
      overdue: true,
      dueInMin: -60,
    });
  });

  it('judges a closed case by the time it was closed, not by now', () => {
    const closedLate = parsed({ status: 'closed', updatedAt: '2026-11-26T17:00:00+08:00' });
    expect(caseDeadline(closedLate, Date.parse('2026-11-27T00:00:00+08:00'))).toEqual({
      overdue: true,
      dueInMin: -60,
    });
    const closedInTime = parsed({ status: 'closed', updatedAt: '2026-11-26T09:00:00+08:00' });
    expect(caseDeadline(closedInTime, NOW)).toEqual({ overdue: false, dueInMin: 420 });
  });

  it('writes tags district/category/source/status, caseId as a string field, and ns time from updatedAt', () => {
    const c = parsed();
    const line = caseLine(casePoint(c, NOW));
    expect(line).toMatch(
      /^sanitation_cases,category=garbage_pile,district=120101,source=hotline,status=open caseId="SC-20261126-0001",dueInMin=360,overdue=false \d+$/,
    );
    const ns = BigInt(line.split(' ').pop()!);
    expect(ns / 1_000_000n).toBe(BigInt(c.updatedAt));
  });

  it('gives two cases updated in the same millisecond different, repeatable timestamps', () => {
    const a = caseTimestampNs({ id: 'SC-1', updatedAt: 1000 });
    expect(caseTimestampNs({ id: 'SC-2', updatedAt: 1000 })).not.toBe(a);
    expect(caseTimestampNs({ id: 'SC-1', updatedAt: 1000 })).toBe(a);
  });
});

describe('case jobs', () => {
  it('orders cases by update and keys the content by every field', () => {
    const first = parsed();
    const second = parsed({ status: 'in_progress', updatedAt: '2026-11-26T09:00:00+08:00' });
    expect(inUpdateOrder([second, first])).toEqual([first, second]);
    expect(casesContentKey([first])).not.toBe(casesContentKey([second]));
    expect(casesContentKey([first])).toBe(casesContentKey([parsed()]));
  });
});

describe('sanitation HTTP source', () => {
  it('asks for cases updated since the cursor, leaving it out on the first request', () => {
    expect(sanitationSourceName('http://cases.example:8090/sanitation')).toBe(
      'sanitation-http:cases.example:8090',
    );
    expect(sanitationCasesUrl('http://h:8090/sanitation/', null, 100)).toBe(
      'http://h:8090/sanitation/cases?limit=100',
    );
    expect(sanitationCasesUrl('http://h:8090/sanitation', '2026-11-26T08:05:00+08:00', 5)).toBe(
      'http://h:8090/sanitation/cases?updatedSince=2026-11-26T08%3A05%3A00%2B08%3A00&limit=5',
    );
  });

  it('accepts the page envelope and refuses anything else', () => {
    expect(parseSanitationPage({ cases: [1], next: 'n' })).toEqual({ items: [1], next: 'n' });
    expect(parseSanitationPage({ cases: [] })).toEqual({ items: [], next: null });
    expect(() => parseSanitationPage({ readings: [] })).toThrow(PageFormatError);
  });
});

describe('caseFromCsvRecord', () => {
  it('treats empty cells as missing, epoch digits as ms, and keeps the description as written', () => {
    expect(
      caseFromCsvRecord({
        ...Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)])),
        reportedAt: '1764115200000',
        district: '',
        description: ' 两侧 ',
      }),
    ).toEqual({
      ...raw,
      lng: '117.196',
      lat: '39.118',
      reportedAt: 1764115200000,
      description: ' 两侧 ',
    });
  });
});

describe('CaseIngestor', () => {
  it('writes and enqueues the good cases and quarantines the bad ones, in that order', async () => {
    const calls: string[] = [];
    const ingestor = new CaseIngestor({
      source: 's',
      writer: {
        write: async (cases) => {
          calls.push(`write ${cases.length}`);
        },
      },
      jobs: {
        upsertCases: async (_s, position, cases) => {
          calls.push(`upsert ${position} ${cases.length}`);
          return ['u'];
        },
      },
      quarantine: {
        recordRejections: async (_s, _p, rejections) => {
          calls.push(`reject ${rejections.map((r) => r.reason).join(',')}`);
          return ['r'];
        },
      },
      logger: silentLogger,
      now: () => NOW,
    });
    const summary = await ingestor.ingest([raw, { ...raw, id: 'SC-2', lng: 0, lat: 0 }], 'c1');
    expect(calls).toEqual(['write 1', 'upsert c1 1', 'reject outside_city']);
    expect(summary).toEqual({
      accepted: 1,
      rejected: 1,
      upsertJobIds: ['u'],
      rejectionJobIds: ['r'],
    });
  });
});
