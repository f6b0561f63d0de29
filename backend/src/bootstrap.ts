import 'reflect-metadata';
import { ConsoleLogger, Logger, type LogLevel, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { redisKeys } from '@cityops/contracts';
import express from 'express';
import { type AppConfig, loadConfig, workersRunInApi } from './config/app-config.js';
import { AppModule } from './app.module.js';
import { ApiExceptionFilter } from './infra/http/api-exception.filter.js';
import { requestMetrics } from './infra/http/request-metrics.middleware.js';
import { MetricsRegistry } from './infra/metrics/metrics-registry.js';
import { createRedis } from './infra/redis/redis.js';
import { RedisIoAdapter } from './modules/live/redis-io.adapter.js';
import { serveConsole } from './modules/console/serve-console.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function createLogger(config: AppConfig): ConsoleLogger {
  return new ConsoleLogger({
    json: true,
    logLevels: LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1),
  });
}

/** Builds the API application (not yet listening). Used by main.ts and by the integration tests. */
export async function createApiApp(
  config: AppConfig = loadConfig(),
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({ config, api: true, workers: workersRunInApi(config) }),
    { bodyParser: false, logger: createLogger(config) },
  );
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(requestMetrics(app.get(MetricsRegistry)));
  app.use(express.json({ limit: '1mb', type: 'application/json' }));
  app.use('/ack', express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 5 }));
  app.use('/api/assets/import', express.json({ limit: '50mb', type: 'application/geo+json' }));
  app.use('/api/assets/import', express.text({ limit: '50mb', type: ['text/csv', 'text/plain'] }));
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'metrics', method: RequestMethod.GET },
      // The acknowledge page (docs/escalation.md): the link in a message, outside /api.
      { path: 'ack/:token', method: RequestMethod.ALL },
    ],
  });
  app.useGlobalFilters(new ApiExceptionFilter());
  const key = redisKeys(config.REDIS_PREFIX).socketIo;
  app.useWebSocketAdapter(
    new RedisIoAdapter(
      app,
      createRedis(config.REDIS_URL, 'cityops-io-pub'),
      createRedis(config.REDIS_URL, 'cityops-io-sub'),
      key,
    ),
  );
  app.enableShutdownHooks();
  const consoleDir = serveConsole(app, config.CONSOLE_DIR);
  if (!consoleDir) {
    new Logger('Console').warn('No built console found (run npm run build); serving the API only');
  }
  return app;
}
