import 'reflect-metadata';
import { Logger, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { redisKeys } from '@cityops/contracts';
import express from 'express';
import { type AppConfig, loadConfig, workersRunInApi } from './config/app-config.js';
import { secretValuesOf } from './config/secret-values.js';
import { AppModule } from './app.module.js';
import { ApiExceptionFilter } from './infra/http/api-exception.filter.js';
import { API_PREFIX, API_PREFIX_EXCLUDE } from './infra/http/api-prefix.js';
import { NoNulParamPipe } from './infra/http/no-nul-param.pipe.js';
import { cors, socketIoOriginOptions } from './infra/http/cors.middleware.js';
import { requestContext } from './infra/http/request-context.js';
import { requestMetrics } from './infra/http/request-metrics.middleware.js';
import { securityHeaders } from './infra/http/security-headers.middleware.js';
import { type LogService, PinoLogger } from './infra/logging/pino-logger.js';
import { MetricsRegistry } from './infra/metrics/metrics-registry.js';
import { createRedis } from './infra/redis/redis.js';
import { RedisIoAdapter } from './modules/live/redis-io.adapter.js';
import { serveConsole } from './modules/console/serve-console.js';
import { mountQueuesBoard } from './modules/queues-board/queues-board.module.js';
import { serveApiDocs } from './modules/api-docs/serve-api-docs.js';

/** Request body limits (docs/security.md): JSON everywhere, larger only for the asset import. */
export const BODY_LIMITS = { json: '1mb', assetImport: '50mb', ackForm: '8kb' } as const;

/** JSON lines (pino) at LOG_LEVEL, with the configured secrets masked should any reach a line. */
export function createLogger(config: AppConfig, service: LogService = 'api'): LoggerService {
  return new PinoLogger({ level: config.LOG_LEVEL, service, secrets: secretValuesOf(config) });
}

/** Builds the API application (not yet listening). Used by main.ts and by the integration tests. */
export async function createApiApp(
  config: AppConfig = loadConfig(),
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({ config, api: true, workers: workersRunInApi(config) }),
    { bodyParser: false, logger: createLogger(config) },
  );
  // Which proxies' X-Forwarded-For/-Proto count: the client address of sign-in throttling, HTTPS.
  app.set('trust proxy', config.TRUST_PROXY);
  app.disable('x-powered-by');
  app.use(requestContext());
  app.use(requestMetrics(app.get(MetricsRegistry)));
  app.use(
    securityHeaders({
      mapbox: config.MAPBOX_TOKEN !== undefined,
      hstsMaxAgeSeconds: config.HSTS_MAX_AGE_SECONDS,
    }),
  );
  app.use(cors(config.CORS_ORIGINS));
  app.use(express.json({ limit: BODY_LIMITS.json, type: 'application/json' }));
  app.use(
    '/ack',
    express.urlencoded({ extended: false, limit: BODY_LIMITS.ackForm, parameterLimit: 5 }),
  );
  app.use(
    '/api/assets/import',
    express.json({ limit: BODY_LIMITS.assetImport, type: 'application/geo+json' }),
  );
  app.use(
    '/api/assets/import',
    express.text({ limit: BODY_LIMITS.assetImport, type: ['text/csv', 'text/plain'] }),
  );
  app.setGlobalPrefix(API_PREFIX, { exclude: API_PREFIX_EXCLUDE });
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(new NoNulParamPipe());
  const key = redisKeys(config.REDIS_PREFIX).socketIo;
  app.useWebSocketAdapter(
    new RedisIoAdapter(
      app,
      createRedis(config.REDIS_URL, 'cityops-io-pub'),
      createRedis(config.REDIS_URL, 'cityops-io-sub'),
      key,
      socketIoOriginOptions(config.CORS_ORIGINS),
    ),
  );
  if (config.API_DOCS_ENABLED) serveApiDocs(app);
  app.enableShutdownHooks();
  mountQueuesBoard(app);
  const consoleDir = serveConsole(app, config.CONSOLE_DIR);
  if (!consoleDir) {
    new Logger('Console').warn('No built console found (run npm run build); serving the API only');
  }
  return app;
}
