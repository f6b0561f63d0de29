import type { NextFunction, Request, Response } from 'express';
import type { MetricsRegistry } from '../metrics/metrics-registry.js';

/** Records HTTP latency per route pattern (never the raw path, to keep label cardinality low). */
export function requestMetrics(metrics: MetricsRegistry) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const stop = metrics.httpRequests.startTimer({ method: req.method });
    res.on('finish', () => {
      const route =
        (req.route as { path?: string } | undefined)?.path ??
        (req.path.startsWith('/api') ? 'unmatched' : 'static');
      stop({ route, status: String(res.statusCode) });
    });
    next();
  };
}
