import { describe, expect, it } from 'vitest';
import { EMPTY_QUARANTINE_FILTERS } from './QuarantineFilters';
import {
  parseQuarantineQuery,
  quarantineApiQuery,
  serializeQuarantineQuery,
} from './quarantineQuery';

describe('quarantine filters ⇄ URL query', () => {
  it('reads every filter from the address', () => {
    expect(
      parseQuarantineQuery(
        new URLSearchParams(
          'source=mqtt&reason=out_of_range&sensorId=hs-001&from=2026-11-26T08:00&to=2026-11-26T20:00',
        ),
      ),
    ).toEqual({
      source: 'mqtt',
      reason: 'out_of_range',
      sensorId: 'hs-001',
      from: '2026-11-26T08:00',
      to: '2026-11-26T20:00',
    });
  });

  it('drops an unknown reason, a malformed time and an over-long text', () => {
    expect(
      parseQuarantineQuery(
        new URLSearchParams(
          `reason=bogus&from=yesterday&to=2026-13-01T00:00&source=${'x'.repeat(101)}`,
        ),
      ),
    ).toEqual(EMPTY_QUARANTINE_FILTERS);
  });

  it('writes only the filters given, and reads them back the same', () => {
    const filters = {
      ...EMPTY_QUARANTINE_FILTERS,
      reason: 'too_old' as const,
      from: '2026-11-26T08:00',
    };
    expect(serializeQuarantineQuery(filters).toString()).toBe(
      'reason=too_old&from=2026-11-26T08%3A00',
    );
    expect(parseQuarantineQuery(serializeQuarantineQuery(filters))).toEqual(filters);
    expect(serializeQuarantineQuery(EMPTY_QUARANTINE_FILTERS).toString()).toBe('');
  });

  it('asks the API with ISO instants read in Asia/Shanghai', () => {
    const query = quarantineApiQuery(
      {
        ...EMPTY_QUARANTINE_FILTERS,
        sensorId: 'hs-001',
        from: '2026-11-26T08:00',
        to: '2026-11-27T08:00',
      },
      'Asia/Shanghai',
    );
    expect(Object.fromEntries(query)).toEqual({
      sensorId: 'hs-001',
      from: '2026-11-26T00:00:00.000Z',
      to: '2026-11-27T00:00:00.000Z',
    });
  });
});
