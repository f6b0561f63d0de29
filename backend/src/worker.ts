import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { createLogger } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/app-config.js';

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
      logger: createLogger(config),
    },
  );
  app.enableShutdownHooks();
  await app.init();
  new Logger('Worker').log('worker started');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
