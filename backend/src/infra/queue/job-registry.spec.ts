import { JobName } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import type { JobHandler } from './job-handler.js';
import { buildJobRegistry } from './job-registry.js';

const handler = (jobName: JobName): JobHandler => ({ jobName, handle: async () => undefined });

describe('buildJobRegistry', () => {
  it('maps every job name to its handler', () => {
    const registry = buildJobRegistry(Object.values(JobName).map(handler));
    expect([...registry.keys()].sort()).toEqual(Object.values(JobName).sort());
  });

  it('refuses a job with no handler', () => {
    expect(() => buildJobRegistry([handler(JobName.EvaluateReadings)])).toThrow(/has no handler/);
  });

  it('refuses a job with two handlers', () => {
    const handlers = [...Object.values(JobName).map(handler), handler(JobName.RecordRejections)];
    expect(() => buildJobRegistry(handlers)).toThrow(/"record-rejections" has two handlers/);
  });
});
