import { HeatingReadingsPageSchema, formatIssues } from '@cityops/contracts';
import type { CheckpointStore } from '../../checkpoints/file-checkpoint-store.js';
import type { BackoffOptions } from '../../lib/backoff.js';
import type { Logger } from '../../observability/logger.js';
import type { CollectorStats } from '../../observability/stats.js';
import { ReadingIngestor } from '../../pipeline/reading-ingestor.js';
import type { TelemetryJobs } from '../../queue/telemetry-jobs.js';
import type { AssetRegistry } from '../../registry/asset-registry.js';
import type { PointWriter } from '../../sink/influx-writer.js';
import {
  type CursorPage,
  type HttpSourceSettings,
  PageFormatError,
  pageUrl,
} from '../../sources/http-poll/cursor-page.js';
import { HttpPoller } from '../../sources/http-poll/http-poller.js';
import { HEATING, validateHeatingReadings } from './heating-readings.js';

/** The `source` recorded with readings and rejections: "heating-http:<host[:port]>". */
export function heatingSourceName(baseUrl: string): string {
  return `heating-http:${new URL(baseUrl).host}`;
}

/** GET {base}/readings?after={cursor}&limit={n}; the first request of a fresh collector has no `after`. */
export function heatingReadingsUrl(baseUrl: string, cursor: string | null, limit: number): string {
  return pageUrl(baseUrl, 'readings', 'after', cursor, limit);
}

/** Checks the page's envelope; the readings inside are checked one by one later, so one bad reading spoils nothing. */
export function parseHeatingPage(body: unknown): CursorPage<unknown> {
  const parsed = HeatingReadingsPageSchema.safeParse(body);
  if (!parsed.success)
    throw new PageFormatError(`not a heating readings page: ${formatIssues(parsed.error)}`);
  return { items: parsed.data.readings, next: parsed.data.next ?? null };
}

export type HeatingSourceSettings = HttpSourceSettings;

export interface HeatingSourceDeps {
  checkpoints: CheckpointStore;
  registry: AssetRegistry;
  writer: PointWriter;
  jobs: TelemetryJobs;
  backoff: BackoffOptions;
  logger: Logger;
  stats?: CollectorStats;
}

/** The heating SCADA gateway as a cursor-paged HTTP source feeding the reading pipeline. */
export function createHeatingHttpSource(
  settings: HeatingSourceSettings,
  deps: HeatingSourceDeps,
): HttpPoller<unknown> {
  const source = heatingSourceName(settings.sourceUrl);
  const logger = deps.logger.child({ source });
  const ingestor = new ReadingIngestor({
    domain: HEATING,
    source,
    validate: validateHeatingReadings,
    registry: deps.registry,
    writer: deps.writer,
    jobs: deps.jobs,
    logger,
    ...(deps.stats ? { stats: deps.stats } : {}),
  });
  return new HttpPoller<unknown>({
    source,
    buildUrl: (cursor, limit) => heatingReadingsUrl(settings.sourceUrl, cursor, limit),
    parsePage: parseHeatingPage,
    handlePage: async (batch, signal) => {
      await ingestor.ingest(batch.items, batch.cursor, signal);
    },
    ready: (signal) => ingestor.ready(signal),
    checkpoints: deps.checkpoints,
    pageLimit: settings.pageLimit,
    pollIntervalMs: settings.pollIntervalMs,
    fetchTimeoutMs: settings.fetchTimeoutMs,
    backoff: deps.backoff,
    logger,
    ...(deps.stats ? { stats: deps.stats } : {}),
  });
}
