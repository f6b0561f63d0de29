import { INFLUX_RETENTION, rollupContinuousQueries } from '@cityops/contracts';
import type { Logger } from '../observability/logger.js';
import { quoteIdent, type InfluxHttp, type InfluxQueryResponse } from './influx-http.js';

/** What SHOW RETENTION POLICIES and SHOW CONTINUOUS QUERIES found. */
export interface SchemaState {
  databaseExists: boolean;
  retentionPolicies: readonly string[];
  continuousQueries: readonly string[];
}

/**
 * The statements that bring a database to what the platform expects: the database, the `raw` policy
 * (default, 90 d), the `rollup_5m` policy (5 years) and the rollup continuous queries. Only what is
 * missing: CREATE CONTINUOUS QUERY fails when the query exists, and an existing policy is left as an
 * operator configured it. A writer to another policy than `raw` gets that policy (infinite) as well.
 */
export function planSchema(database: string, state: SchemaState, writePolicy: string): string[] {
  const db = quoteIdent(database);
  const statements: string[] = [];
  if (!state.databaseExists) statements.push(`CREATE DATABASE ${db}`);
  const { raw, rollup } = INFLUX_RETENTION;
  const has = (name: string) => state.databaseExists && state.retentionPolicies.includes(name);
  if (!has(raw.name))
    statements.push(
      `CREATE RETENTION POLICY ${quoteIdent(raw.name)} ON ${db} DURATION ${raw.duration} REPLICATION 1 DEFAULT`,
    );
  if (!has(rollup.name))
    statements.push(
      `CREATE RETENTION POLICY ${quoteIdent(rollup.name)} ON ${db} DURATION ${rollup.duration} REPLICATION 1`,
    );
  if (writePolicy !== raw.name && writePolicy !== rollup.name && !has(writePolicy))
    statements.push(
      `CREATE RETENTION POLICY ${quoteIdent(writePolicy)} ON ${db} DURATION INF REPLICATION 1`,
    );
  for (const cq of rollupContinuousQueries(database)) {
    if (!state.databaseExists || !state.continuousQueries.includes(cq.name))
      statements.push(cq.query);
  }
  return statements;
}

/** Names of the policies in a SHOW RETENTION POLICIES answer. */
export function retentionPolicyNames(body: InfluxQueryResponse): string[] {
  return (body.results?.[0]?.series?.[0]?.values ?? []).map((row) => String(row[0]));
}

/** Names of one database's queries in a SHOW CONTINUOUS QUERIES answer (one series per database). */
export function continuousQueryNames(body: InfluxQueryResponse, database: string): string[] {
  const series = body.results?.[0]?.series?.find((s) => s.name === database);
  return (series?.values ?? []).map((row) => String(row[0]));
}

export class InfluxSchemaError extends Error {
  override readonly name = 'InfluxSchemaError';
}

const NO_RIGHTS = /requires admin privilege|not authorized|authorization failed/i;

/**
 * Creates what is missing of the schema (planSchema). Without the rights to look (401/403, or a user
 * that is not admin) it logs a warning and leaves the schema to whoever owns the database. Throws
 * InfluxSchemaError when InfluxDB answers something else; network errors are thrown as they are.
 */
export async function ensureInfluxSchema(
  http: InfluxHttp,
  logger: Logger,
  signal?: AbortSignal,
): Promise<{ created: string[]; skipped: boolean }> {
  const database = http.database;
  const rps = await http.query(
    `SHOW RETENTION POLICIES ON ${quoteIdent(database)}`,
    10_000,
    signal,
  );
  const rpError = rps.body.error ?? rps.body.results?.[0]?.error;
  if (rps.status === 401 || rps.status === 403 || (rpError && NO_RIGHTS.test(rpError))) {
    logger.warn('no rights to inspect the InfluxDB schema; assuming it exists', { database });
    return { created: [], skipped: true };
  }
  const databaseExists = !(rpError && /database not found/.test(rpError));
  if (rps.status >= 300 || (rpError && databaseExists))
    throw new InfluxSchemaError(
      `SHOW RETENTION POLICIES failed: HTTP ${rps.status} ${rpError ?? ''}`.trim(),
    );

  let continuousQueries: string[] = [];
  let canManageQueries = true;
  if (databaseExists) {
    const cqs = await http.query('SHOW CONTINUOUS QUERIES', 10_000, signal);
    const cqError = cqs.body.error ?? cqs.body.results?.[0]?.error;
    if (cqs.status === 401 || cqs.status === 403 || (cqError && NO_RIGHTS.test(cqError))) {
      canManageQueries = false;
      logger.warn(
        'no rights to manage continuous queries; rollups are left to the database owner',
        {
          database,
        },
      );
    } else if (cqs.status >= 300 || cqError) {
      throw new InfluxSchemaError(
        `SHOW CONTINUOUS QUERIES failed: HTTP ${cqs.status} ${cqError ?? ''}`.trim(),
      );
    } else continuousQueries = continuousQueryNames(cqs.body, database);
  }

  const plan = planSchema(
    database,
    {
      databaseExists,
      retentionPolicies: databaseExists ? retentionPolicyNames(rps.body) : [],
      continuousQueries,
    },
    http.retentionPolicy,
  ).filter((q) => canManageQueries || !q.startsWith('CREATE CONTINUOUS QUERY'));
  for (const statement of plan) {
    const { status, body } = await http.query(statement, 10_000, signal);
    const error = body.error ?? body.results?.[0]?.error;
    // Another collector may have created the same query a moment ago.
    if (error && /already exists/.test(error)) continue;
    if (status >= 300 || error)
      throw new InfluxSchemaError(
        `${statement.split(' ').slice(0, 3).join(' ')} failed: HTTP ${status} ${error ?? ''}`.trim(),
      );
  }
  if (plan.length > 0)
    logger.info('created InfluxDB schema', {
      database,
      statements: plan.map((q) => q.split(' BEGIN ')[0]),
    });
  return { created: plan, skipped: false };
}
