import { INFLUX_RETENTION, rollupContinuousQueries } from '@cityops/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/logger.js';
import { InfluxHttp } from '../../src/sink/influx-http.js';
import { ensureInfluxSchema } from '../../src/sink/influx-schema.js';
import { InfluxWriter } from '../../src/sink/influx-writer.js';
import { INFLUX_HTTP, InfluxTestDb, influxQuery } from './support/influx-test-db.js';

const writer = (database: string) =>
  new InfluxWriter({ url: INFLUX_HTTP, database }, { logger: silentLogger });

/** The SELECT … INTO inside a CREATE CONTINUOUS QUERY, limited to one time window. */
function selectIntoFor(cq: string, from: Date, to: Date): string {
  const select = /BEGIN (.*) END$/.exec(cq)![1]!;
  return select.replace(
    ' GROUP BY ',
    ` WHERE time >= '${from.toISOString()}' AND time < '${to.toISOString()}' GROUP BY `,
  );
}

describe('InfluxDB schema at start', () => {
  // A database the collector has to create itself (InfluxTestDb.create is not called).
  let db: InfluxTestDb;
  beforeEach(() => {
    db = new InfluxTestDb();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('creates the database, raw (default) and rollup_5m policies and the rollup queries, and again changes nothing', async () => {
    const first = writer(db.name);
    await first.ensureSchema();
    await first.close();
    // A second collector (or a restart) finds everything in place and creates nothing.
    const http = new InfluxHttp({ url: INFLUX_HTTP, database: db.name }, 'raw');
    expect(await ensureInfluxSchema(http, silentLogger)).toEqual({ created: [], skipped: false });
    http.close();

    const rps = await influxQuery(`SHOW RETENTION POLICIES ON "${db.name}"`);
    const policies = Object.fromEntries(
      rps.series![0]!.values.map((row) => [row[0], { duration: row[1], default: row[4] }]),
    );
    expect(policies[INFLUX_RETENTION.raw.name]).toEqual({ duration: '2160h0m0s', default: true });
    expect(policies[INFLUX_RETENTION.rollup.name]).toEqual({
      duration: '43800h0m0s',
      default: false,
    });

    const cqs = await influxQuery('SHOW CONTINUOUS QUERIES');
    const ours = cqs.series!.find((s) => (s as { name?: string }).name === db.name)!;
    expect(ours.values.map((row) => row[0]).sort()).toEqual(
      rollupContinuousQueries(db.name)
        .map((cq) => cq.name)
        .sort(),
    );
  });

  it('rolls raw heating points up into 5-minute means per series with the query it created', async () => {
    const w = writer(db.name);
    const window = Date.UTC(2026, 10, 26, 8, 0, 0);
    const now = Date.now();
    // Recent enough for the raw policy: the same 5-minute window, shifted to within the last day.
    const start = window + Math.floor((now - 3_600_000 - window) / 300_000) * 300_000;
    await w.write([
      ...[50, 52, 54].map((v, i) => ({
        measurement: 'heating',
        tags: { assetId: 'ST-0001', district: '120101', kind: 'heat_station' },
        fields: { supplyTempC: v, returnTempC: v - 10 },
        timestampMs: start + i * 60_000,
      })),
      {
        measurement: 'heating',
        tags: { assetId: 'ST-0002', district: '120104', kind: 'heat_station' },
        fields: { supplyTempC: 70 },
        timestampMs: start + 30_000,
      },
      {
        // The next window: not in this run of the query.
        measurement: 'heating',
        tags: { assetId: 'ST-0001', district: '120101', kind: 'heat_station' },
        fields: { supplyTempC: 99 },
        timestampMs: start + 300_000,
      },
    ]);
    await w.close();

    const cq = rollupContinuousQueries(db.name).find((q) => q.name === 'cq_heating_5m')!;
    await influxQuery(selectIntoFor(cq.query, new Date(start), new Date(start + 300_000)), db.name);

    const rolled = await influxQuery(
      `SELECT * FROM "${INFLUX_RETENTION.rollup.name}"."heating" GROUP BY "assetId"`,
      db.name,
    );
    const byAsset = Object.fromEntries(
      (
        rolled.series as { tags: { assetId: string }; columns: string[]; values: unknown[][] }[]
      ).map((s) => [
        s.tags.assetId,
        s.values.map((row) => Object.fromEntries(s.columns.map((c, i) => [c, row[i]]))),
      ]),
    );
    expect(byAsset['ST-0001']).toEqual([
      expect.objectContaining({
        time: new Date(start).toISOString().replace('.000', ''),
        mean_supplyTempC: 52,
        mean_returnTempC: 42,
        district: '120101',
        kind: 'heat_station',
      }),
    ]);
    expect(byAsset['ST-0002']).toEqual([
      expect.objectContaining({ mean_supplyTempC: 70, district: '120104' }),
    ]);
  });
});
