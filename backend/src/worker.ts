import 'reflect-metadata';
import { inspect } from 'node:util';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { createLogger } from './bootstrap.js';
import { redactSecrets, secretValuesOf } from './config/secret-values.js';
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
  // Before the logger exists: whatever failed may quote a configured value, so mask the secrets.
  const text = error instanceof ConfigError ? error.message : inspect(error);
  console.error(redactSecrets(text, secretValuesOf(process.env)));
  process.exit(1);
});
