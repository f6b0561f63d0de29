import { randomBytes } from 'node:crypto';

export const INFLUX_HTTP = process.env.INFLUX_TEST_URL ?? 'http://127.0.0.1:8086';

export async function influxQuery(q: string, db?: string): Promise<InfluxResult> {
  const params = new URLSearchParams({ q, ...(db ? { db } : {}) });
  const res = await fetch(`${INFLUX_HTTP}/query`, { method: 'POST', body: params });
  const body = (await res.json()) as { results?: InfluxResult[]; error?: string };
  if (!res.ok || body.error || body.results?.[0]?.error)
    throw new Error(`InfluxDB query failed: ${q}: ${JSON.stringify(body)}`);
  return body.results?.[0] ?? {};
}

export interface InfluxResult {
  error?: string;
  series?: { columns: string[]; values: unknown[][] }[];
}

/** A database of its own for one test, dropped afterwards. */
export class InfluxTestDb {
  readonly name = `cityops_test_${randomBytes(6).toString('hex')}`;

  async create(): Promise<this> {
    await influxQuery(`CREATE DATABASE "${this.name}"`);
    return this;
  }

  async drop(): Promise<void> {
    await influxQuery(`DROP DATABASE "${this.name}"`);
  }

  /** Every point of a measurement in the raw retention policy, as objects keyed by column. */
  async points(measurement: string): Promise<Record<string, unknown>[]> {
    const result = await influxQuery(`SELECT * FROM "raw"."${measurement}"`, this.name).catch(
      (err: unknown) => {
        if (String(err).includes('retention policy not found')) return {} as InfluxResult;
        throw err;
      },
    );
    const series = result.series?.[0];
    if (!series) return [];
    return series.values.map((row) =>
      Object.fromEntries(series.columns.map((c, i) => [c, row[i]])),
    );
  }
}
