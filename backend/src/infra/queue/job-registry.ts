import { JobName, type JobName as JobNameType } from '@cityops/contracts';
import type { JobHandler } from './job-handler.js';

/**
 * Maps each job name to its one handler. Refuses at start-up a job name with no handler or two,
 * so a job can never sit in a queue that nobody consumes.
 */
export function buildJobRegistry(handlers: readonly JobHandler[]): Map<JobNameType, JobHandler> {
  const registry = new Map<JobNameType, JobHandler>();
  const problems: string[] = [];
  for (const handler of handlers) {
    if (registry.has(handler.jobName)) problems.push(`job "${handler.jobName}" has two handlers`);
    registry.set(handler.jobName, handler);
  }
  for (const name of Object.values(JobName)) {
    if (!registry.has(name)) problems.push(`job "${name}" has no handler`);
  }
  if (problems.length) throw new Error(`Job handlers are inconsistent: ${problems.join('; ')}`);
  return registry;
}
