import { describe, expect, it } from 'vitest';
import type { SinkState } from '../sink/influx-writer.js';
import { CollectorStats } from './stats.js';

const sink = (spool: Partial<NonNullable<SinkState['spool']>> | null): SinkState => ({
  inFlight: 1,
  maxInFlight: 4,
  waiting: 0,
  accepting: true,
  spool: spool && {
    bytes: 0,
    maxBytes: 1000,
    segments: 0,
    records: 0,
    points: 0,
    oldestSpooledAt: null,
    full: false,
    alarm: false,
    problem: null,
    ...spool,
  },
});

const sample = (text: string, name: string) =>
  text
    .split('\n')
    .find((line) => line.startsWith(name))
    ?.split(' ')
    .pop();

describe('CollectorStats', () => {
  it('keeps each source’s lag behind its newest reading and its last error until it recovers', () => {
    let now = 100_000;
    const stats = new CollectorStats(() => now);
    stats.registerSource('heating-http:a');
    stats.registerSource('mqtt:b');
    stats.recordAccepted('heating-http:a', 3, 90_000);
    stats.recordAccepted('heating-http:a', 1, 80_000);
    stats.recordSourceError('mqtt:b', new Error('connection refused'));
    now = 101_000;
    expect(stats.sourceStatuses()).toEqual([
      { name: 'heating-http:a', lagMs: 11_000, lastError: null },
      { name: 'mqtt:b', lagMs: null, lastError: 'Error: connection refused' },
    ]);
    stats.recordSourceOk('mqtt:b');
    expect(stats.sourceStatuses()[1]!.lastError).toBeNull();
    expect(stats.acceptedReadings).toBe(4);
    expect(stats.pollErrors).toBe(1);
  });

  it('serves per-source and per-reason counters, write latency and the spool as Prometheus metrics', async () => {
    const stats = new CollectorStats(() => 50_000);
    stats.attachSink(() =>
      sink({ bytes: 850, records: 2, points: 7, oldestSpooledAt: 20_000, alarm: true }),
    );
    stats.recordPage('heating-http:a');
    stats.recordMessages('mqtt:b', 5);
    stats.recordAccepted('heating-http:a', 4, 45_000);
    stats.recordRejections(['out_of_range', 'out_of_range', 'unknown_sensor'], 'heating-http:a');
    stats.recordWrite(4, 12, 'direct');
    stats.recordSpooled(7);
    const text = await stats.registry.metrics();

    expect(sample(text, 'cityops_collector_readings_accepted_total{source="heating-http:a"}')).toBe(
      '4',
    );
    expect(
      sample(
        text,
        'cityops_collector_readings_rejected_total{source="heating-http:a",reason="out_of_range"}',
      ),
    ).toBe('2');
    expect(sample(text, 'cityops_collector_pages_total{source="heating-http:a"}')).toBe('1');
    expect(sample(text, 'cityops_collector_messages_total{source="mqtt:b"}')).toBe('5');
    expect(sample(text, 'cityops_collector_points_written_total{path="direct"}')).toBe('4');
    expect(sample(text, 'cityops_collector_points_spooled_total')).toBe('7');
    expect(sample(text, 'cityops_collector_write_duration_seconds_count{path="direct"}')).toBe('1');
    expect(sample(text, 'cityops_collector_source_lag_seconds{source="heating-http:a"}')).toBe('5');
    expect(sample(text, 'cityops_collector_spool_bytes')).toBe('850');
    expect(sample(text, 'cityops_collector_spool_usage_ratio')).toBe('0.85');
    expect(sample(text, 'cityops_collector_spool_oldest_record_age_seconds')).toBe('30');
    expect(sample(text, 'cityops_collector_spool_alarm')).toBe('1');
    expect(sample(text, 'cityops_collector_spool_full')).toBe('0');
  });

  it('keeps the totals of sources that only bump the plain counters', async () => {
    const stats = new CollectorStats();
    stats.writeErrors += 2;
    stats.evaluateJobs += 3;
    stats.recordRejections(['too_old']);
    const text = await stats.registry.metrics();
    expect(sample(text, 'cityops_collector_write_errors_total')).toBe('2');
    expect(sample(text, 'cityops_collector_evaluate_jobs_total')).toBe('3');
    expect(
      sample(text, 'cityops_collector_readings_rejected_total{source="unknown",reason="too_old"}'),
    ).toBe('1');
    expect(stats.snapshot()).toMatchObject({ rejected: 1, writeErrors: 2, evaluateJobs: 3 });
  });
});
