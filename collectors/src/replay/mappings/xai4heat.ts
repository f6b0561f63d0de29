import { parseIsoInZone } from '../../lib/zoned-time.js';
import { cellValue, missingColumns, pad4, type ReplayMapping, type ReplayRecord } from './types.js';

const ROOM_COLUMN = /^temperature_(\d+)_(\d+)$/;

/**
 * Which of our metrics each XAI4HEAT column feeds. The substation's secondary loop (the building
 * side, 45-60 °C) is what our heat_station's supplyTempC/returnTempC mean in this project (the
 * simulator and the design temperatures of GB 50736); its primary loop (the network side, 60-110 °C)
 * is the heat source's supply and return. t_amb, t_ref, e, pe and the weather columns have no metric
 * and are left out.
 */
export const XAI4HEAT_COLUMNS = {
  station: { t_sup_sec: 'supplyTempC', t_ret_sec: 'returnTempC' },
  source: { t_sup_prim: 'supplyTempC', t_ret_prim: 'returnTempC' },
} as const;

/**
 * XAI4HEAT substation L4 (xai4heat_scada_L4.csv, rows newest first, and xai4heat_2024-25_L4.csv with
 * five room sensors temperature_37_N). Times are local (default Europe/Belgrade, the project's
 * Serbian district heating system). Per row: one reading for the station (--sensor-map key
 * "station", default ST-0001), one for the heat source ("source", default HS-0001), and one
 * indoorTempC per room column (key = the column name, default IS-0001.. in the rooms' numeric
 * order). Blank cells are left out; -39.9 sentinels and 0.0 are passed on as they are, so the
 * validation quarantines the sentinels (sentinel_value) and the rules see the zeros.
 */
export const xai4heatMapping: ReplayMapping = {
  name: 'xai4heat',
  domain: 'heating',
  defaultTimezone: 'Europe/Belgrade',
  checkHeader(header) {
    const problem = missingColumns(header, ['datetime']);
    if (problem) return problem;
    const known = [
      ...Object.keys(XAI4HEAT_COLUMNS.station),
      ...Object.keys(XAI4HEAT_COLUMNS.source),
    ];
    return header.some((h) => known.includes(h) || ROOM_COLUMN.test(h))
      ? null
      : 'the file has none of t_sup_sec, t_ret_sec, t_sup_prim, t_ret_prim, temperature_<a>_<b>';
  },
  rows(header, options) {
    const rooms = header
      .filter((h) => ROOM_COLUMN.test(h))
      .sort((a, b) => Number(ROOM_COLUMN.exec(a)![2]) - Number(ROOM_COLUMN.exec(b)![2]));
    const id = (key: string, fallback: string) => options.sensorMap?.get(key) ?? fallback;
    const stationId = id('station', 'ST-0001');
    const sourceId = id('source', 'HS-0001');
    const roomIds = rooms.map((column, i) => id(column, `IS-${pad4(i + 1)}`));
    return (row, line): ReplayRecord[] => {
      const ts = parseIsoInZone(row.datetime ?? '', options.timezone);
      if (ts === null) {
        return [
          {
            kind: 'reject',
            line,
            reason: 'schema_invalid',
            detail: `datetime "${row.datetime}" is not a date-time`,
            sensorId: null,
            payload: row,
          },
        ];
      }
      const records: ReplayRecord[] = [];
      const reading = (sensorId: string, metrics: Record<string, unknown>) => {
        if (Object.keys(metrics).length)
          records.push({ kind: 'reading', line, domain: 'heating', sensorId, ts, metrics });
      };
      const metricsOf = (columns: Record<string, string>) => {
        const metrics: Record<string, unknown> = {};
        for (const [column, metric] of Object.entries(columns)) {
          const value = cellValue(row[column]);
          if (value !== null) metrics[metric] = value;
        }
        return metrics;
      };
      reading(stationId, metricsOf(XAI4HEAT_COLUMNS.station));
      reading(sourceId, metricsOf(XAI4HEAT_COLUMNS.source));
      rooms.forEach((column, i) => {
        const value = cellValue(row[column]);
        if (value !== null) reading(roomIds[i]!, { indoorTempC: value });
      });
      return records;
    };
  },
};
