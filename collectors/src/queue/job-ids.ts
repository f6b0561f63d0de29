import { createHash } from 'node:crypto';
import type { JobName, Reading, Rejection } from '@cityops/contracts';

/**
 * A job id that is the same whenever the same batch is enqueued again (a page read twice because the
 * collector died before its checkpoint), so BullMQ keeps the first job and ignores the repeat.
 * It covers the source, the cursor the page was asked with, and the batch's content: a short page
 * that has grown by the time it is read again yields a new job for the new readings. BullMQ refuses
 * ":" in custom ids, hence the hex digest.
 */
export function batchJobId(
  jobName: JobName,
  source: string,
  pageCursor: string | null,
  content: string,
): string {
  const digest = createHash('sha256')
    .update(`${source}\n${pageCursor ?? ''}\n`)
    .update(content)
    .digest('hex')
    .slice(0, 40);
  return `${jobName}.${digest}`;
}

/** Content key of readings: sensor, event time and values, in order. */
export function readingsContentKey(readings: readonly Reading[]): string {
  return JSON.stringify(readings.map((r) => [r.sensorId, r.ts, r.metrics]));
}

/** Content key of rejections, leaving out the receipt time, which differs on every delivery. */
export function rejectionsContentKey(rejections: readonly Rejection[]): string {
  return JSON.stringify(rejections.map((r) => [r.reason, r.sensorId, r.metric, r.payload]));
}

/**
 * Content key of a batch as the line protocol written for it (sensor, time and every value of each
 * reading, plus the asset's tags), as a digest: the collectors' hot path has those lines at hand,
 * so the batch is not serialised a second time just to name its job.
 */
export function linesContentKey(lines: readonly string[]): string {
  return bodyContentKey(lines.join('\n'));
}

/** linesContentKey of lines already joined with "\n". */
export function bodyContentKey(body: string): string {
  return `lp:${createHash('sha256').update(body).digest('hex')}`;
}
