import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { MetricsRegistry } from '../metrics/metrics-registry.js';

/** A request slower than this is logged as a warning (with its route, never its raw path). */
export const SLOW_REQUEST_MS = 3_000;

/**
 * Records HTTP latency per route pattern (never the raw path, to keep label cardinality low), and
 * warns about requests that took longer than SLOW_REQUEST_MS or that the client gave up on.
 */
export function requestMetrics(metrics: MetricsRegistry) {
  const logger = new Logger('Http');
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    const stop = metrics.httpRequests.startTimer({ method: req.method });
    const routeOf = () =>
      (req.route as { path?: string } | undefined)?.path ??
      (req.path.startsWith('/api') ? 'unmatched' : 'static');
    res.on('finish', () => {
      const route = routeOf();
      stop({ route, status: String(res.statusCode) });
      const ms = Math.round(performance.now() - started);
      if (ms > SLOW_REQUEST_MS)
        logger.warn(`slow request: ${req.method} ${route} ${res.statusCode} in ${ms} ms`);
    });
    res.on('close', () => {
      if (res.writableFinished) return;
      const ms = Math.round(performance.now() - started);
      logger.warn(`${req.method} ${routeOf()}: the client left after ${ms} ms, before the answer`);
    });
    next();
  };
}
