import { rollupContinuousQueries } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { continuousQueryNames, planSchema, retentionPolicyNames } from './influx-schema.js';

const cqs = rollupContinuousQueries('city');

describe('planSchema', () => {
  it('creates the database, both retention policies and the rollup queries when nothing exists', () => {
    const plan = planSchema(
      'city',
      { databaseExists: false, retentionPolicies: [], continuousQueries: [] },
      'raw',
    );
    expect(plan).toEqual([
      'CREATE DATABASE "city"',
      'CREATE RETENTION POLICY "raw" ON "city" DURATION 90d REPLICATION 1 DEFAULT',
      'CREATE RETENTION POLICY "rollup_5m" ON "city" DURATION 1825d REPLICATION 1',
      ...cqs.map((cq) => cq.query),
    ]);
  });

  it('adds only what is missing, and nothing when the schema is complete', () => {
    expect(
      planSchema(
        'city',
        {
          databaseExists: true,
          retentionPolicies: ['autogen', 'raw'],
          continuousQueries: [cqs[0]!.name],
        },
        'raw',
      ),
    ).toEqual([
      'CREATE RETENTION POLICY "rollup_5m" ON "city" DURATION 1825d REPLICATION 1',
      cqs[1]!.query,
    ]);
    expect(
      planSchema(
        'city',
        {
          databaseExists: true,
          retentionPolicies: ['raw', 'rollup_5m'],
          continuousQueries: cqs.map((cq) => cq.name),
        },
        'raw',
      ),
    ).toEqual([]);
  });

  it('gives a writer to another retention policy that policy too', () => {
    expect(
      planSchema(
        'city',
        {
          databaseExists: true,
          retentionPolicies: ['raw', 'rollup_5m'],
          continuousQueries: cqs.map((cq) => cq.name),
        },
        'test_rp',
      ),
    ).toEqual(['CREATE RETENTION POLICY "test_rp" ON "city" DURATION INF REPLICATION 1']);
  });
});

describe('schema answers', () => {
  it('reads policy names and the continuous queries of one database', () => {
    expect(
      retentionPolicyNames({
        results: [
          {
            series: [
              {
                columns: ['name', 'duration'],
                values: [
                  ['autogen', '0s'],
                  ['raw', '2160h0m0s'],
                ],
              },
            ],
          },
        ],
      }),
    ).toEqual(['autogen', 'raw']);
    const answer = {
      results: [
        {
          series: [
            { name: '_internal', columns: ['name', 'query'], values: [] },
            { name: 'city', columns: ['name', 'query'], values: [['cq_heating_5m', 'CREATE …']] },
            { name: 'other', columns: ['name', 'query'], values: [['cq_x', 'CREATE …']] },
          ],
        },
      ],
    };
    expect(continuousQueryNames(answer, 'city')).toEqual(['cq_heating_5m']);
    expect(continuousQueryNames(answer, 'none')).toEqual([]);
  });
});
