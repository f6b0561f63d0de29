import type { JobName, JobOf } from '@cityops/contracts';

export interface JobContext {
  id: string;
  attemptsMade: number;
  /** How many attempts the job has in all (its `attempts` option; 1 when it has none). */
  attempts?: number;
}

/**
 * Thrown by a handler to run the job again later without counting an attempt (not a failure: a
 * rate limit says "not now"). The worker moves the job to the delayed set until `until` (epoch ms).
 */
export class DeferJob extends Error {
  constructor(
    readonly until: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'DeferJob';
  }
}

/** One class per job name; the worker dispatches each job to the handler that names it. */
export interface JobHandler<N extends JobName = JobName> {
  readonly jobName: N;
  handle(payload: JobOf<N>, context: JobContext): Promise<void>;
}

/** Injection token: every JobHandler, provided by the feature modules through QueueModule. */
export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
