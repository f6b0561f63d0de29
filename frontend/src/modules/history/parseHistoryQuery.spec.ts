import { describe, expect, it } from 'vitest';
import { defaultHistoryFilters } from './defaultHistoryFilters';
import type { HistoryFilters } from './HistoryFilters';
import { parseHistoryQuery } from './parseHistoryQuery';
import { serializeHistoryQuery } from './serializeHistoryQuery';

const parse = (query: string) => parseHistoryQuery(new URLSearchParams(query));

describe('history filters in the URL query', () => {
  it('reads every filter', () => {
    expect(
      parse(
        'from=2026-11-01&to=2026-11-26&domain=heating,waterlogging&district=120101&severity=red&status=resolved&category=garbage_pile&handledBy=zhang',
      ),
    ).toEqual({
      range: { kind: 'custom', from: '2026-11-01', to: '2026-11-26' },
      domain: ['heating', 'waterlogging'],
      district: ['120101'],
      severity: ['red'],
      status: ['resolved'],
      category: ['garbage_pile'],
      handledBy: 'zhang',
    });
  });

  it('gives the default view (last 7 days, everything) for an empty query', () => {
    expect(parse('')).toEqual(defaultHistoryFilters);
  });

  it.each([
    ['range=today', { kind: 'today' }],
    ['range=30d', { kind: '30d' }],
    ['range=7d&from=2026-11-01&to=2026-11-02', { kind: '7d' }],
    ['range=90d', { kind: '7d' }],
    ['from=2026-11-26&to=2026-11-01', { kind: '7d' }], // reversed
    ['from=2026-02-30&to=2026-03-02', { kind: '7d' }], // no such day
    ['from=2026-11-01', { kind: '7d' }], // half a range
    ['from=26-11-01&to=26-11-02', { kind: '7d' }],
    ['from=2025-01-01&to=2026-11-26', { kind: '7d' }], // longer than the statistics allow
    ['from=2025-11-27&to=2026-11-27', { kind: 'custom', from: '2025-11-27', to: '2026-11-27' }],
    ['from=2026-11-26&to=2026-11-26', { kind: 'custom', from: '2026-11-26', to: '2026-11-26' }],
  ])('reads the range of %s safely', (query, range) => {
    expect(parse(query).range).toEqual(range);
  });

  it('drops unknown values, duplicates and hostile text, and keeps the canonical order', () => {
    const filters = parse(
      'domain=parking,waterlogging,,heating,heating&district=120101,999999,<script>&severity=purple,RED,blue&status=closed&category=garbage_pile,%27%3B--',
    );
    expect(filters.domain).toEqual(['heating', 'waterlogging']);
    expect(filters.district).toEqual(['120101']);
    expect(filters.severity).toEqual(['blue']);
    expect(filters.status).toEqual([]);
    expect(filters.category).toEqual(['garbage_pile']);
  });

  it('trims the handler and ignores an empty or overlong one', () => {
    expect(parse('handledBy=%20wang%20').handledBy).toBe('wang');
    expect(parse('handledBy=%20%20').handledBy).toBeNull();
    expect(parse(`handledBy=${'x'.repeat(101)}`).handledBy).toBeNull();
  });

  it('serialises to one stable spelling that reads back to the same view', () => {
    const views: HistoryFilters[] = [
      defaultHistoryFilters,
      { ...defaultHistoryFilters, range: { kind: 'today' }, domain: ['sanitation'] },
      {
        range: { kind: 'custom', from: '2026-11-01', to: '2026-11-26' },
        domain: ['heating', 'waterlogging'],
        district: ['120101', '120102'],
        severity: ['orange', 'red'],
        status: ['open', 'acknowledged'],
        category: ['snow_ice'],
        handledBy: '张 三',
      },
    ];
    for (const view of views) expect(parseHistoryQuery(serializeHistoryQuery(view))).toEqual(view);
    expect(serializeHistoryQuery(defaultHistoryFilters).toString()).toBe('');
    expect(serializeHistoryQuery(views[2]!).toString()).toBe(
      'from=2026-11-01&to=2026-11-26&domain=heating%2Cwaterlogging&district=120101%2C120102&severity=orange%2Cred&status=open%2Cacknowledged&category=snow_ice&handledBy=%E5%BC%A0+%E4%B8%89',
    );
  });
});
