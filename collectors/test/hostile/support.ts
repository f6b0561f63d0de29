import { REJECTION_REASONS, type Rejection } from '@cityops/contracts';
import { expect } from 'vitest';
import { startCollectors, type RunningCollectors } from '../../src/app.js';
import type { CollectorConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import type { CollectorHarness, HarnessOverrides } from '../integration/support/harness.js';

/** Observability settings with the /health endpoint on a port of the test's own. */
export function observabilityOn(port: number, tag: string) {
  return { metricsPort: port, instanceId: `hostile-${tag.toLowerCase()}` };
}

/** GET /health of a running collector: 200 and every check ok. */
export async function expectHealthy(collector: RunningCollectors): Promise<void> {
  const server = await collector.observability.server;
  expect(server, 'the metrics/health endpoint is listening').not.toBeNull();
  const res = await fetch(`http://127.0.0.1:${server!.port}/health`);
  const body = await res.text();
  expect(res.status, body).toBe(200);
}

/** Every rejection names a known reason and says why. */
export function expectReasoned(rejections: readonly Rejection[]): void {
  for (const r of rejections) {
    expect(REJECTION_REASONS).toContain(r.reason);
    expect(r.detail.length, JSON.stringify(r).slice(0, 300)).toBeGreaterThan(0);
  }
}

/** Collects unhandled errors while a suite runs: a hostile input must never reach them. */
export function watchProcessErrors(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onError = (err: unknown) => errors.push(err);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    errors,
    stop: () => {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    },
  };
}

/**
 * CollectorHarness.startCollector with a logger that keeps the warnings and errors (the harness's is
 * silent), so a test can print why a source stalled.
 */
export function startLogged(
  h: CollectorHarness,
  overrides: HarnessOverrides,
  adjust: (config: CollectorConfig) => CollectorConfig = (c) => c,
): { collector: RunningCollectors; log: string[] } {
  const log: string[] = [];
  const logger = createLogger('warn', (line) => log.push(line.slice(0, 2000)));
  const collector = startCollectors(adjust(h.config(overrides)), logger, {
    pollBackoff: { initialMs: 20, maxMs: 100 },
    writerRetry: { initialMs: 20, maxMs: 100 },
    writerMaxAttempts: 2,
    registryRefresh: { maxAgeMs: 1000 },
    shutdownGraceMs: 10_000,
  });
  // The harness stops what it started: hand it this collector.
  (h as unknown as { running: RunningCollectors }).running = collector;
  return { collector, log };
}
