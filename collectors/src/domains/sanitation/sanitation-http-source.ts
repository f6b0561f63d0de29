import { SanitationCasesPageSchema, formatIssues } from '@cityops/contracts';
import type { CheckpointStore } from '../../checkpoints/file-checkpoint-store.js';
import type { BackoffOptions } from '../../lib/backoff.js';
import type { Logger } from '../../observability/logger.js';
import {
  type CursorPage,
  type HttpSourceSettings,
  PageFormatError,
  pageUrl,
} from '../../sources/http-poll/cursor-page.js';
import { HttpPoller } from '../../sources/http-poll/http-poller.js';
import type { CollectorStats } from '../../observability/stats.js';
import type { CaseIngestor } from './case-ingestor.js';

/** The `source` recorded with cases and rejections: "sanitation-http:<host[:port]>". */
export function sanitationSourceName(baseUrl: string): string {
  return `sanitation-http:${new URL(baseUrl).host}`;
}

/**
 * GET {base}/cases?updatedSince={iso}&limit={n}. The cursor is the updatedAt of the last case seen (the
 * page's `next`); the first request of a fresh collector has no updatedSince and reads from the start.
 */
export function sanitationCasesUrl(
  baseUrl: string,
  updatedSince: string | null,
  limit: number,
): string {
  return pageUrl(baseUrl, 'cases', 'updatedSince', updatedSince, limit);
}

/** Checks the page's envelope; the cases inside are checked one by one later. */
export function parseSanitationPage(body: unknown): CursorPage<unknown> {
  const parsed = SanitationCasesPageSchema.safeParse(body);
  if (!parsed.success)
    throw new PageFormatError(`not a sanitation cases page: ${formatIssues(parsed.error)}`);
  return { items: parsed.data.cases, next: parsed.data.next ?? null };
}

export type SanitationHttpSettings = HttpSourceSettings;

export interface SanitationHttpDeps {
  checkpoints: CheckpointStore;
  /** Builds the ingestor for the source name (the name depends on the URL). */
  ingestor(source: string): CaseIngestor;
  backoff: BackoffOptions;
  logger: Logger;
  stats?: CollectorStats;
}

/** The case system as an updatedSince-paged HTTP source feeding the case pipeline. */
export function createSanitationHttpSource(
  settings: SanitationHttpSettings,
  deps: SanitationHttpDeps,
): HttpPoller<unknown> {
  const source = sanitationSourceName(settings.sourceUrl);
  const logger = deps.logger.child({ source });
  const ingestor = deps.ingestor(source);
  return new HttpPoller<unknown>({
    source,
    buildUrl: (cursor, limit) => sanitationCasesUrl(settings.sourceUrl, cursor, limit),
    parsePage: parseSanitationPage,
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
