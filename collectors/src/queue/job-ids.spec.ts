import { JobName } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { batchJobId, readingsContentKey, rejectionsContentKey } from './job-ids.js';
import { inTimeOrder } from './telemetry-jobs.js';

const readings = [{ sensorId: 'IS-0001', ts: 2, metrics: { indoorTempC: 20 } }];

describe('batch job ids', () => {
  it('is the same for the same source, cursor and content, and has no ":" (BullMQ refuses it)', () => {
    const a = batchJobId(
      JobName.EvaluateReadings,
      'heating-http:h:8090',
      'c1',
      readingsContentKey(readings),
    );
    expect(
      batchJobId(
        JobName.EvaluateReadings,
        'heating-http:h:8090',
        'c1',
        readingsContentKey(readings),
      ),
    ).toBe(a);
    expect(a).toMatch(/^evaluate-readings\.[0-9a-f]{40}$/);
  });

  it('differs when the cursor, the source or the content differs', () => {
    const key = readingsContentKey(readings);
    const base = batchJobId(JobName.EvaluateReadings, 's', 'c1', key);
    expect(batchJobId(JobName.EvaluateReadings, 's', 'c2', key)).not.toBe(base);
    expect(batchJobId(JobName.EvaluateReadings, 's2', 'c1', key)).not.toBe(base);
    expect(
      batchJobId(
        JobName.EvaluateReadings,
        's',
        'c1',
        readingsContentKey([...readings, { ...readings[0]!, ts: 3 }]),
      ),
    ).not.toBe(base);
    expect(batchJobId(JobName.EvaluateReadings, 's', null, key)).not.toBe(base);
  });

  it('ignores the receipt time of rejections, which changes on every delivery', () => {
    const rejection = {
      source: 's',
      reason: 'unknown_sensor' as const,
      detail: 'd',
      sensorId: 'X',
      metric: null,
      payload: '{}',
      receivedAt: 1,
    };
    expect(rejectionsContentKey([rejection])).toBe(
      rejectionsContentKey([{ ...rejection, receivedAt: 2 }]),
    );
  });
});

describe('inTimeOrder', () => {
  it('orders readings by event time, then sensor', () => {
    const r = (sensorId: string, ts: number) => ({ sensorId, ts, metrics: {} });
    expect(inTimeOrder([r('B', 2), r('A', 2), r('A', 1)])).toEqual([
      r('A', 1),
      r('A', 2),
      r('B', 2),
    ]);
  });
});
