import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { inspect } from 'node:util';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { createLogger } from './bootstrap.js';
import { redactSecrets, secretValuesOf } from './config/secret-values.js';
import { type AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { MetricsRegistry } from './infra/metrics/metrics-registry.js';

/** The worker process: consumes the queues, serves no HTTP. Needs PostgreSQL (PGlite is single-process). */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    throw new ConfigError(
      'The worker process needs DATABASE_URL (PostgreSQL). With PGlite the workers run inside the API process: start only main.js.',
    );
  }
  const app = await NestFactory.createApplicationContext(
    AppModule.register({ config, api: false, workers: true }),
    {
      logger: createLogger(config, 'worker'),
    },
  );
  app.enableShutdownHooks();
  await app.init();
  const logger = new Logger('Worker');
  logger.log(`worker started, consuming ${config.WORKER_QUEUES.join(', ')}`);
  if (config.WORKER_METRICS_PORT > 0) {
    const server = serveMetrics(config, app.get(MetricsRegistry), logger);
    process.once('SIGTERM', () => server.close());
    process.once('SIGINT', () => server.close());
  }
}

/**
 * WORKER_METRICS_PORT: GET /metrics (job durations, queue depths) for Prometheus, and GET /health
 * for liveness probes (answers while the event loop runs). A port that cannot be bound is logged:
 * observability never stops the queues.
 */
function serveMetrics(config: AppConfig, metrics: MetricsRegistry, logger: Logger): Server {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://worker').pathname;
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', queues: config.WORKER_QUEUES }));
    } else if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    }
  });
  server.on('error', (error) =>
    logger.error(`cannot serve metrics on port ${config.WORKER_METRICS_PORT}: ${error.message}`),
  );
  server.listen(config.WORKER_METRICS_PORT, config.HOST, () =>
    logger.log(`metrics and health on port ${config.WORKER_METRICS_PORT}`),
  );
  server.unref();
  return server;
}

main().catch((error: unknown) => {
  // Before the logger exists: whatever failed may quote a configured value, so mask the secrets.
  const text = error instanceof ConfigError ? error.message : inspect(error);
  console.error(redactSecrets(text, secretValuesOf(process.env)));
  process.exit(1);
});
