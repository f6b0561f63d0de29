import { findDistrict } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { mapRows } from '../replay-runner.js';
import {
  BALTIMORE_BOX,
  baltimore311Mapping,
  caseCategory,
  caseStatus,
  relocateToTianjin,
} from './baltimore311.js';
import { floodnetMapping, floodnetSensorId, parseNumberList } from './floodnet.js';
import { MappingError, resolveMapping } from './index.js';
import type { MappingOptions } from './types.js';
import { xai4heatMapping } from './xai4heat.js';

const options = (over: Partial<MappingOptions> = {}): MappingOptions => ({
  timezone: 'America/New_York',
  sensorMap: null,
  sensorPool: 30,
  relocate: false,
  ...over,
});

const FLOOD_HEADER =
  '"sensor_name","sensor_id","flood_start_time","flood_end_time","max_depth_inches","flood_profile_depth_inches","flood_profile_time_secs"';

describe('floodnet mapping', () => {
  it('reads the JSON-like profile lists', () => {
    expect(parseNumberList('[0.00, 0.87, 1.02]')).toEqual([0, 0.87, 1.02]);
    expect(parseNumberList('[]')).toEqual([]);
    expect(parseNumberList('[1, x]')).toBeNull();
    expect(parseNumberList('1, 2')).toBeNull();
  });

  it('turns each profile step into a depth reading in cm at start + seconds, New York time', () => {
    const csv = `${FLOOD_HEADER}\n"Q - Beach 84 St","Q-beach-84-st-0me680","2023-10-30T12:00:39.000","x","1","[0.00, 1.00, 2.50]","[0, 60, 130]"\n`;
    const { items, rejects } = mapRows(
      csv,
      floodnetMapping,
      options({ sensorMap: new Map([['Q-beach-84-st-0me680', 'WL-0007']]) }),
    );
    expect(rejects).toEqual([]);
    const start = Date.parse('2023-10-30T16:00:39Z');
    expect(
      items.map((i) => [
        i.kind === 'reading' && i.sensorId,
        i.ts,
        i.kind === 'reading' && i.metrics,
      ]),
    ).toEqual([
      ['WL-0007', start, { depthCm: 0 }],
      ['WL-0007', start + 60_000, { depthCm: 2.54 }],
      ['WL-0007', start + 130_000, { depthCm: 6.35 }],
    ]);
  });

  it('refuses a row whose lists differ in length, and a sensor missing from the sensor map', () => {
    const csv = `${FLOOD_HEADER}\n"a","S-1","2023-10-30T12:00:00.000","","","[1, 2]","[0]"\n"b","S-2","2023-10-30T12:00:00.000","","","[1]","[0]"\n`;
    const { items, rejects } = mapRows(
      csv,
      floodnetMapping,
      options({ sensorMap: new Map([['S-1', 'WL-0001']]) }),
    );
    expect(items).toEqual([]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'schema_invalid'],
      [3, 'unknown_sensor'],
    ]);
  });

  it('spreads unmapped sensors deterministically over WL-0001..WL-<pool>', () => {
    const id = floodnetSensorId('Q-beach-84-st-0me680', options({ sensorPool: 5 }));
    expect(id).toMatch(/^WL-000[1-5]$/);
    expect(floodnetSensorId('Q-beach-84-st-0me680', options({ sensorPool: 5 }))).toBe(id);
  });

  it('names what a file without the needed columns lacks', () => {
    expect(() => mapRows('a,b\n1,2\n', floodnetMapping, options())).toThrow(MappingError);
    expect(() => mapRows('a,b\n1,2\n', floodnetMapping, options())).toThrow(/deployment_id/);
  });
});

describe('xai4heat mapping', () => {
  const scada = [
    'datetime,t_amb,t_ref,t_sup_prim,t_ret_prim,t_sup_sec,t_ret_sec,e,pe',
    '2024-04-04 11:52:00,16.8,44.0,60.9,32.3,32.2,29.5,18159.535,1.0',
    '2024-04-04 11:49:00,16.7,44.0,61.0,,-39.9,29.6,18159.535,1.1',
    '2024-04-04 11:46:00,16.7,44.0,0.0,0.0,,,18159.535,0.6',
    '2024-04-04 11:43:00,16.5,44.0,,,,,18159.535,0.6',
  ].join('\n');

  it('sorts newest-first rows, maps secondary to the station and primary to the heat source, leaves blanks out', () => {
    const { items, rowsSkipped } = mapRows(
      scada,
      xai4heatMapping,
      options({ timezone: 'Europe/Belgrade' }),
    );
    expect(rowsSkipped).toBe(1);
    const t = (hhmm: string) => Date.parse(`2024-04-04T${hhmm}:00+02:00`);
    expect(
      items.map((i) => [
        i.ts,
        i.kind === 'reading' && i.sensorId,
        i.kind === 'reading' && i.metrics,
      ]),
    ).toEqual([
      [t('11:46'), 'HS-0001', { supplyTempC: 0, returnTempC: 0 }],
      [t('11:49'), 'ST-0001', { supplyTempC: -39.9, returnTempC: 29.6 }],
      [t('11:49'), 'HS-0001', { supplyTempC: 61 }],
      [t('11:52'), 'ST-0001', { supplyTempC: 32.2, returnTempC: 29.5 }],
      [t('11:52'), 'HS-0001', { supplyTempC: 60.9, returnTempC: 32.3 }],
    ]);
  });

  it('maps the room sensors to indoor sensors in their numeric order, or through the sensor map', () => {
    const csv =
      'datetime,temperature_37_12,relative_humidity_37_12,temperature_37_2\n2024-11-17 06:00:00,21.6,42.05,21.1\n';
    const { items } = mapRows(csv, xai4heatMapping, options({ timezone: 'Europe/Belgrade' }));
    expect(items.map((i) => i.kind === 'reading' && [i.sensorId, i.metrics])).toEqual([
      ['IS-0001', { indoorTempC: 21.1 }],
      ['IS-0002', { indoorTempC: 21.6 }],
    ]);
    const mapped = mapRows(
      csv,
      xai4heatMapping,
      options({
        timezone: 'Europe/Belgrade',
        sensorMap: new Map([['temperature_37_12', 'IS-0042']]),
      }),
    );
    expect(mapped.items.map((i) => i.kind === 'reading' && i.sensorId)).toEqual([
      'IS-0001',
      'IS-0042',
    ]);
  });
});

describe('baltimore311 mapping', () => {
  const header =
    'ServiceRequestNum,SRType,MethodReceived,CreatedDate,SRStatus,StatusDate,DueDate,CloseDate,Address,Latitude,Longitude';
  const row = (over: Record<string, string> = {}) => {
    const base: Record<string, string> = {
      ServiceRequestNum: '18-00275429',
      SRType: 'SW-Dirty Alley',
      MethodReceived: 'Phone',
      CreatedDate: '04/16/2018 05:30:13 AM',
      SRStatus: 'Closed',
      StatusDate: '04/20/2018 06:25:34 AM',
      DueDate: '04/23/2018 05:30:13 AM',
      CloseDate: '04/20/2018 06:25:33 AM',
      Address: '12 S STOCKTON ST',
      Latitude: '39.2904',
      Longitude: '-76.6122',
      ...over,
    };
    return header
      .split(',')
      .map((k) => `"${base[k]}"`)
      .join(',');
  };
  const file = (...rows: string[]) => `${header}\n${rows.join('\n')}\n`;

  it('makes a case of a sanitation request with New York times and skips other requests', () => {
    const { items, rowsSkipped } = mapRows(
      file(row(), row({ SRType: 'TRT-Traffic Signal Repairs' })),
      baltimore311Mapping,
      options(),
    );
    expect(rowsSkipped).toBe(1);
    expect(items).toEqual([
      {
        kind: 'case',
        line: 2,
        ts: Date.parse('2018-04-20T10:25:33Z'),
        times: {
          reportedAt: Date.parse('2018-04-16T09:30:13Z'),
          dueAt: Date.parse('2018-04-23T09:30:13Z'),
        },
        fields: {
          id: 'BAL-18-00275429',
          category: 'dirty_street',
          source: 'hotline',
          status: 'closed',
          lng: -76.6122,
          lat: 39.2904,
          description: 'SW-Dirty Alley — 12 S STOCKTON ST',
        },
      },
    ]);
  });

  it('refuses the (39, -77) placeholder and a missing location before anything is placed', () => {
    const { items, rejects } = mapRows(
      file(row({ Latitude: '39', Longitude: '-77' }), row({ Latitude: '', Longitude: '' })),
      baltimore311Mapping,
      options({ relocate: true }),
    );
    expect(items).toEqual([]);
    expect(rejects.map((r) => [r.line, r.reason, r.sensorId])).toEqual([
      [2, 'outside_city', 'BAL-18-00275429'],
      [3, 'schema_invalid', 'BAL-18-00275429'],
    ]);
  });

  it('moves the Baltimore box onto central Tianjin with --relocate, and refuses points outside it', () => {
    const centre = relocateToTianjin(-76.6204, 39.2847)!;
    expect(findDistrict(...centre)).not.toBeNull();
    for (const [lng, lat] of [
      [BALTIMORE_BOX.west, BALTIMORE_BOX.south],
      [BALTIMORE_BOX.east, BALTIMORE_BOX.north],
    ])
      expect(findDistrict(...relocateToTianjin(lng!, lat!)!)).not.toBeNull();
    expect(relocateToTianjin(-76.78, 39.3)).toBeNull();
    const { items } = mapRows(file(row()), baltimore311Mapping, options({ relocate: true }));
    const fields = items[0]!.kind === 'case' ? items[0]!.fields : {};
    expect(findDistrict(fields.lng as number, fields.lat as number)).not.toBeNull();
  });

  it('maps request types, statuses and channels onto ours', () => {
    expect(caseCategory('SW-Bulk Scheduled')).toBe('garbage_pile');
    expect(caseCategory('SW-Dirty Street Proactive')).toBe('dirty_street');
    expect(caseCategory('SW-Rat Rubout')).toBe('other');
    expect(caseStatus('Closed (Duplicate)')).toBe('closed');
    expect(caseStatus('New')).toBe('open');
    expect(caseStatus('In Progress')).toBe('in_progress');
    const { items } = mapRows(
      file(row({ MethodReceived: 'Internal', SRStatus: 'Open' })),
      baltimore311Mapping,
      options(),
    );
    expect(items[0]!.kind === 'case' && items[0]!.fields).toMatchObject({
      source: 'inspector',
      status: 'open',
    });
    // Not closed: updatedAt is the StatusDate.
    expect(items[0]!.ts).toBe(Date.parse('2018-04-20T10:25:34Z'));
  });
});

describe('generic mapping', () => {
  it('reads a JSON mapping with a pattern time, a sensor column, scale and offset', () => {
    const mapping = resolveMapping(
      JSON.stringify({
        domain: 'waterlogging',
        sensorIdColumn: 'station',
        timeColumn: 'when',
        timeFormat: 'dd.MM.yyyy HH:mm',
        timezone: 'Asia/Shanghai',
        metrics: { depthCm: { column: 'level_mm', scale: 0.1 }, batteryPct: { column: 'bat' } },
      }),
    );
    const { items } = mapRows(
      'station,when,level_mm,bat\nWL-0001,26.11.2026 08:00,125,\n',
      mapping,
      options({ timezone: 'Asia/Shanghai' }),
    );
    expect(items).toEqual([
      {
        kind: 'reading',
        line: 2,
        domain: 'waterlogging',
        sensorId: 'WL-0001',
        ts: Date.parse('2026-11-26T00:00:00Z'),
        metrics: { depthCm: 12.5 },
      },
    ]);
  });

  it('refuses an unknown name, bad JSON mappings and a sanitation domain', () => {
    expect(() => resolveMapping('nope')).toThrow(/unknown mapping "nope"/);
    expect(() => resolveMapping('{"domain":"heating"}')).toThrow(/invalid JSON mapping/);
    expect(() =>
      resolveMapping(
        JSON.stringify({
          domain: 'sanitation',
          sensorId: 'X',
          timeColumn: 't',
          metrics: { a: { column: 'a' } },
        }),
      ),
    ).toThrow(/sanitation/);
    expect(() =>
      resolveMapping(
        JSON.stringify({
          domain: 'heating',
          sensorId: 'X',
          sensorIdColumn: 'id',
          timeColumn: 't',
          metrics: { a: { column: 'a' } },
        }),
      ),
    ).toThrow(/exactly one of sensorIdColumn and sensorId/);
  });
});
