import type { JobName, JobOf } from '@cityops/contracts';

export interface JobContext {
  id: string;
  attemptsMade: number;
}

/** One class per job name; the worker dispatches each job to the handler that names it. */
export interface JobHandler<N extends JobName = JobName> {
  readonly jobName: N;
  handle(payload: JobOf<N>, context: JobContext): Promise<void>;
}

/** Injection token: every JobHandler, provided by the feature modules through QueueModule. */
export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
