import { describe, expect, it } from 'vitest';
import { boardActionName, boardActionTarget } from './board-actions.js';

describe('boardActionName', () => {
  it.each([
    ['/api/queues/:queueName/:jobId/retry', 'queues.job.retry'],
    ['/api/queues/:queueName/:jobId/clean', 'queues.job.clean'],
    ['/api/queues/:queueName/:jobId/promote', 'queues.job.promote'],
    ['/api/queues/:queueName/:jobId/update-data', 'queues.job.update-data'],
    ['/api/queues/:queueName/retry/:queueStatus', 'queues.queue.retry'],
    ['/api/queues/:queueName/clean/:queueStatus', 'queues.queue.clean'],
    ['/api/queues/:queueName/add', 'queues.queue.add'],
    [
      '/api/queues/:queueName/job-schedulers/:schedulerId/remove',
      'queues.queue.job-schedulers-remove',
    ],
    ['/api/queues/pause', 'queues.all.pause'],
    ['/api/metrics/history/purge', 'queues.all.metrics-history-purge'],
    ['/api/queues', 'queues.all.change'],
  ])('names %s %s', (route, action) => {
    expect(boardActionName(route)).toBe(action);
    // A name the audit filter accepts (contracts/audit.ts).
    expect(action).toMatch(/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/);
  });
});

describe('boardActionTarget', () => {
  it('names the queue, or the job within it', () => {
    expect(boardActionTarget({ queueName: 'notifications', jobId: '42' })).toBe(
      'queue:notifications/42',
    );
    expect(boardActionTarget({ queueName: 'ticks', queueStatus: 'failed' })).toBe('queue:ticks');
    expect(boardActionTarget({})).toBeNull();
    expect(boardActionTarget({ queueName: ['a'] })).toBeNull();
  });
});
