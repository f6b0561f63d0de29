/**
 * The audit action of a board API route that changes something, from the route pattern the board
 * declares: `queues.<job|queue|all>.<what>`, e.g. `PUT /api/queues/:queueName/:jobId/retry` →
 * `queues.job.retry`, `PUT /api/queues/:queueName/clean/:queueStatus` → `queues.queue.clean`,
 * `PUT /api/queues/pause` → `queues.all.pause`. New board routes get a name without a change here.
 */
export function boardActionName(route: string): string {
  const segments = route
    .replace(/^\/?api\//, '')
    .replace(/^queues(\/|$)/, '')
    .split('/')
    .filter(Boolean);
  const scope = segments.includes(':jobId')
    ? 'job'
    : segments.includes(':queueName')
      ? 'queue'
      : 'all';
  const what = segments
    .filter((s) => !s.startsWith(':'))
    .join('-')
    .replace(/[^A-Za-z0-9_-]/g, '');
  return `queues.${scope}.${what || 'change'}`;
}

/** The audit target: the queue, or the job within it; null for actions on every queue. */
export function boardActionTarget(params: Record<string, unknown>): string | null {
  const queue = typeof params.queueName === 'string' ? params.queueName : null;
  if (!queue) return null;
  const job = typeof params.jobId === 'string' ? params.jobId : null;
  return job ? `queue:${queue}/${job}` : `queue:${queue}`;
}
