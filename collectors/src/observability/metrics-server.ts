import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthCheck } from '@cityops/contracts';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';

export interface MetricsServerDeps {
  registry: Registry;
  health(): Promise<HealthCheck>;
  logger: Logger;
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * GET /metrics (Prometheus text format) and GET /health (200 when InfluxDB, Redis and the spool are
 * fine, 503 otherwise, with the contracts' HealthCheck body) on node:http. Resolves null when the port
 * cannot be bound: observability must never stop ingestion.
 */
export async function startMetricsServer(
  port: number,
  deps: MetricsServerDeps,
  host?: string,
): Promise<MetricsServer | null> {
  const { registry, health, logger } = deps;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://collector').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const answer = async () => {
      if (path === '/metrics') {
        const text = await registry.metrics();
        res.writeHead(200, { 'content-type': registry.contentType }).end(text);
      } else if (path === '/health') {
        const body = await health();
        res
          .writeHead(body.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify(body));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'not found', paths: ['/metrics', '/health'] }));
      }
    };
    answer().catch((err: unknown) => {
      logger.error('metrics endpoint failed', { path, err });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 5000;
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', (err) => {
      logger.error('cannot serve metrics; ingestion goes on without them', { port, err });
      resolve(false);
    });
    server.listen(port, host, () => resolve(true));
  });
  if (!listening) return null;
  const bound = (server.address() as AddressInfo).port;
  logger.info('metrics and health endpoint listening', {
    port: bound,
    paths: ['/metrics', '/health'],
  });
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
